"""The ledger's own words, read in the reader's language.

A transaction's description and an account's name are stored once, in English: the
description is part of what the hash chain covers, so it can never be rewritten. The app
makes them in a few fixed forms, matched here and worded again in the reader's language.
Anything else (text a future form makes, say) is shown as stored.
"""

import re

from webapp.i18n import lazy_gettext as _l

DESCRIPTIONS = [
    (
        re.compile(r"Instalment (?P<number>\d+) of delegation (?P<delegation>\d+)"),
        _l("Instalment %(number)s of delegation %(delegation)s"),
    ),
    (
        re.compile(r"Deprivation uplift ring-fenced to (?P<area>.+)"),
        _l("Deprivation uplift ring-fenced to %(area)s"),
    ),
    (
        re.compile(r"Recovery of the unspent balance of delegation (?P<delegation>\d+)"),
        _l("Recovery of the unspent balance of delegation %(delegation)s"),
    ),
    (
        re.compile(r"Rebates for (?P<period>\S+), delegation (?P<delegation>\d+)"),
        _l("Rebates for %(period)s, delegation %(delegation)s"),
    ),
    (
        re.compile(r"Reversal of #(?P<transaction>\d+): (?P<reason>.*)", re.DOTALL),
        _l("Reversal of #%(transaction)s: %(reason)s"),
    ),
]
ACCOUNT_NAMES = [
    (re.compile(r"Council budget: (?P<function>.+)"), _l("Council budget: %(function)s")),
    (
        re.compile(r"Group account, delegation (?P<delegation>\d+)"),
        _l("Group account, delegation %(delegation)s"),
    ),
    (
        re.compile(r"Deprivation uplift, area (?P<area>\d+), delegation (?P<delegation>\d+)"),
        _l("Deprivation uplift, area %(area)s, delegation %(delegation)s"),
    ),
    (
        re.compile(r"Rebates, area (?P<area>\d+): (?P<function>.+)"),
        _l("Rebates, area %(area)s: %(function)s"),
    ),
]


def _reworded(text: str, forms) -> str:
    for pattern, words in forms:
        match = pattern.fullmatch(text)
        if match:
            return str(words) % match.groupdict()
    return text


def ledger_description(text: str) -> str:
    """A transaction's stored description in the reader's language."""
    return _reworded(text, DESCRIPTIONS)


def account_name(text: str) -> str:
    """An account's stored name in the reader's language."""
    return _reworded(text, ACCOUNT_NAMES)
