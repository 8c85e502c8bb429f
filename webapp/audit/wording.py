"""The audit trail's reasons that the app itself writes, worded when they are read.

A reason the app writes ("09:00 1 Jul 2027 to ..., quorum 20%") is stored as a key of
WORDINGS and its parameters, never as English: each officer reads it in their own
language, with times in UK time their way, numbers their way, and menu text (a
condition's name) in their language where the menu has it. A reason a person typed is
stored and shown exactly as typed; rows from before keep the English they were written
with. A key, once used, stays here: rows that hold it are never rewritten.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_percent
from flask_babel import format_number, get_locale

from webapp.i18n import (
    current_language,
    format_date_short,
    format_pence,
    format_when,
    ngettext,
    translated,
)
from webapp.i18n import gettext as _

PERIOD = re.compile(r"(\d{4})(?:-Q([1-4])|-(\d{2}))?")


@dataclass(frozen=True)
class Worded:
    """A reason for the audit trail in no language yet: a wording's key and its values."""

    key: str
    params: dict = field(default_factory=dict)


def worded(key: str, **params) -> Worded:
    """A reason the app writes; its key must have a wording (a typo fails at once)."""
    if key not in WORDINGS:
        raise KeyError(f"no wording for audit reason {key!r}")
    return Worded(key, params)


# Values with a kind, stored as one-key dicts (JSON has no dates) and shown the reader's way.
def uk_time(value: datetime) -> dict:
    """A moment, shown in UK time the reader's way."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given; use an aware UTC datetime")
    return {"at": value.astimezone(UTC).isoformat(timespec="minutes")}


def day(value: date) -> dict:
    return {"date": value.isoformat()}


def percent(whole: int) -> dict:
    return {"percent": whole}


def pence(amount: int) -> dict:
    return {"pence": amount}


def person(user_id: int) -> dict:
    """An account, named when read (its current name; nothing personal is kept here)."""
    return {"user": user_id}


def member_role(role: str) -> dict:
    return {"role": str(role)}


def claim_fields(names: list[str]) -> dict:
    return {"claim_fields": list(names)}


def period(text: str) -> dict:
    return {"period": text}


def _period_words(text: str) -> str:
    """2027, 2027-Q1 or 2027-03 as a year, a quarter or a month in the reader's locale."""
    match = PERIOD.fullmatch(text)
    if not match:
        return text
    year, quarter, month = match.groups()
    if quarter:
        when, skeleton = date(int(year), 3 * int(quarter), 1), "yQQQ"
    elif month:
        when, skeleton = date(int(year), int(month), 1), "yMMMM"
    else:
        when, skeleton = date(int(year), 1, 1), "y"
    return format_skeleton(skeleton, when, locale=get_locale(), fuzzy=True)


def _labels(names: list[str]) -> str:
    from webapp.claims.forms import TEXT_LABELS  # claims records events: imported when read

    words = [str(TEXT_LABELS.get(name, name)) for name in names]
    return format_list(words, locale=current_language()) if words else ""


def _role(role: str) -> str:
    from webapp.groups.forms import ROLE_LABELS  # groups record events: imported when read

    return str(ROLE_LABELS.get(role, role))


KINDS: dict[str, Callable] = {
    "at": lambda value, _people: format_when(datetime.fromisoformat(value)),
    "date": lambda value, _people: format_date_short(date.fromisoformat(value)),
    "percent": lambda value, _people: format_percent(
        Decimal(value) / 100, locale=current_language()
    ),
    "pence": lambda value, _people: format_pence(value),
    "user": lambda value, people: people.get(value) or f"#{value}",
    "role": lambda value, _people: _role(value),
    "claim_fields": lambda value, _people: _labels(value),
    "period": lambda value, _people: _period_words(value),
}


UNFILLED = re.compile(r"%\([a-z_]+\)[sd]")


def shown(value, people: dict[int, str]) -> str:
    """One stored value as the reader sees it; menu text ({"en": ...}) in their language."""
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in KINDS:
            kind, inner = next(iter(value.items()))
            return KINDS[kind](inner, people)
        return translated(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value)
    return str(value)


def people_in(params: dict | None) -> set[int]:
    """The accounts a reason names, to look their names up at once."""
    return {v["user"] for v in (params or {}).values() if isinstance(v, dict) and "user" in v}


def reason_text(key: str | None, params: dict | None, stored: str | None, people=None) -> str:
    """An audit event's reason in the reader's language: the app's own worded now, a
    person's (or an older row's) as stored."""
    if key is None:
        return stored or ""
    wording = WORDINGS.get(key)
    if wording is None:
        return key
    params = params or {}
    try:
        text = {name: shown(value, people or {}) for name, value in params.items()}
        worded = wording(text, params)
        if UNFILLED.search(worded):  # gettext leaves "%(name)s" as is when given no values
            raise KeyError(UNFILLED.search(worded).group())
        return worded
    except Exception:  # a row this version cannot read must not take the page down
        logging.getLogger(__name__).exception("audit reason %s unreadable: %r", key, params)
        return key


def _source(s: dict, n: dict) -> str:
    """Where a register came from: its file, perhaps through the server's command line."""
    if n.get("command_line"):
        return _("%(file)s, from the command line", file=s["file"])
    return s["file"]


def _imported(s: dict, n: dict) -> str:
    added = ngettext(
        "%(count)s household added", "%(count)s households added", n["added"], count=s["added"]
    )
    updated = ngettext(
        "%(count)s household updated",
        "%(count)s households updated",
        n["updated"],
        count=s["updated"],
    )
    return _(
        "%(source)s: %(added)s, %(updated)s", source=_source(s, n), added=added, updated=updated
    )


def _everyone_signed_out(s: dict, n: dict) -> str:
    sessions = ngettext(
        "%(count)s session ended", "%(count)s sessions ended", n["sessions"], count=s["sessions"]
    )
    links = ngettext(
        "%(count)s unused reset link voided",
        "%(count)s unused reset links voided",
        n["links"],
        count=s["links"],
    )
    return _("Every account: %(sessions)s, %(links)s", sessions=sessions, links=links)


def _document(s: dict, n: dict) -> str:
    if "condition" not in n:
        return s["document"]
    return _("%(document)s, for “%(condition)s”", **s)


# key -> f(values as shown, values as stored): the reason in the reader's language.
WORDINGS: dict[str, Callable[[dict, dict], str]] = {
    "round_scheduled": lambda s, n: _("%(opens)s to %(closes)s, quorum %(quorum)s", **s),
    "round_rescheduled": lambda s, n: _(
        "Was %(was_opens)s to %(was_closes)s; now %(opens)s to %(closes)s, quorum "
        "%(quorum)s, menu version %(version)s",
        **s,
    ),
    "round_cancelled": lambda s, n: ngettext(
        "%(opens)s to %(closes)s; %(count)s code withdrawn",
        "%(opens)s to %(closes)s; %(count)s codes withdrawn",
        n["codes"],
        count=s["codes"],
        opens=s["opens"],
        closes=s["closes"],
    ),
    "area_round_cancelled": lambda s, n: ngettext(
        "Vote %(round)s, %(opens)s to %(closes)s; %(count)s code withdrawn",
        "Vote %(round)s, %(opens)s to %(closes)s; %(count)s codes withdrawn",
        n["codes"],
        count=s["codes"],
        round=n["round"],
        opens=s["opens"],
        closes=s["closes"],
    ),
    "register_imported": _imported,
    "register_codes_withdrawn": lambda s, n: ngettext(
        "%(source)s: %(count)s unused code beyond its household's eligible voters",
        "%(source)s: %(count)s unused codes beyond their households' eligible voters",
        n["count"],
        count=s["count"],
        source=_source(s, n),
    ),
    "register_ballots_beyond_voters": lambda s, n: ngettext(
        "%(source)s: %(count)s ballot already cast beyond its household's eligible voters "
        "now; it still counts",
        "%(source)s: %(count)s ballots already cast beyond their households' eligible voters "
        "now; they still count",
        n["count"],
        count=s["count"],
        source=_source(s, n),
    ),
    "letters_batch": lambda s, n: ngettext(
        "Batch %(batch)s: %(count)s code",
        "Batch %(batch)s: %(count)s codes",
        n["count"],
        count=s["count"],
        batch=s["batch"],
    ),
    "paper_ballot": lambda s, n: _("Ballot %(ballot)s", ballot=n["ballot"]),
    "ballot_round": lambda s, n: _("Vote %(round)s", round=n["round"]),
    "account_registered": lambda s, n: _("Registered on the site"),
    "account_created_on_server": lambda s, n: _("Created on the server with flask users create"),
    "everyone_signed_out": _everyone_signed_out,
    "sign_in_ended": lambda s, n: _("Sign-in %(sign_in)s", sign_in=n["sign_in"]),
    "password_rehashed": lambda s, n: _("%(old)s replaced by %(new)s", **s),
    "draft_edited": lambda s, n: _("Changed: %(fields)s", **s),
    "condition_checked": lambda s, n: _("%(condition)s: %(document)s", **s),
    "document_added": _document,
    "report_submitted": lambda s, n: _("The report due on %(due)s", **s),
    "rebates_posted": lambda s, n: ngettext(
        "%(period)s: %(amount)s for %(count)s household",
        "%(period)s: %(amount)s for %(count)s households",
        n["households"],
        count=s["households"],
        period=s["period"],
        amount=s["amount"],
    ),
    "member_role": lambda s, n: s["role"],
    "member": lambda s, n: s["member"],
    "member_role_changed": lambda s, n: _("%(member)s, now %(role)s", **s),
    "invitations_withdrawn": lambda s, n: ngettext(
        "%(count)s invitation sent by %(member)s",
        "%(count)s invitations sent by %(member)s",
        n["count"],
        count=s["count"],
        member=s["member"],
    ),
}
