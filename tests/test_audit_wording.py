"""Every reason the app writes in the audit trail has a wording, read in the reader's
language: an officer reads "Batch 3: 3 codes" in Polish, never "batch 3: 3" in English.
A reason is either a person's own words, passed on as typed, or `worded(key, ...)`."""

import ast
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

import webapp
from webapp.audit import wording
from webapp.audit.wording import WORDINGS, reason_text
from webapp.i18n import LANGUAGES

SOURCES = sorted(Path(webapp.__file__).parent.rglob("*.py"))


@cache
def trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text()) for path in SOURCES}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _calls(tree) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _parameters(func: ast.FunctionDef) -> list[str]:
    return [a.arg for a in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs)]


@cache
def recorders() -> frozenset[str]:
    """record_event, and every function that passes a reason on to one of them."""
    found = {"record_event"}
    while True:
        more = {
            func.name
            for tree in trees().values()
            for func in ast.walk(tree)
            if isinstance(func, ast.FunctionDef)
            and func.name not in found
            and any(_name(call) in found for call in _calls(func))
            and ("reason" in _parameters(func) or func.args.kwarg)
        }
        if not more:
            return frozenset(found)
        found |= more


def _typed_or_worded(value: ast.expr) -> bool:
    """worded(...), None, or a person's words passed on (`reason`, `form.reason.data`);
    never text the code builds (an f-string, a literal, str(x), a join, a file name)."""
    if isinstance(value, ast.Call) and _name(value) == "worded":
        return True
    if isinstance(value, ast.IfExp):
        return _typed_or_worded(value.body) and _typed_or_worded(value.orelse)
    if isinstance(value, ast.Constant):
        return value.value is None
    if isinstance(value, ast.Name | ast.Attribute):
        return "reason" in ast.unparse(value)
    if isinstance(value, ast.Call):  # request.form.get("reason")
        return _name(value) == "get" and "reason" in ast.unparse(value)
    return False


def reasons_without_wording() -> list[str]:
    wanted, bad = recorders(), []
    for path, tree in trees().items():
        if "demo" in path.parts:  # the demo's officers' reasons: what a person would type
            continue
        for call in _calls(tree):
            if _name(call) not in wanted:
                continue
            for keyword in call.keywords:
                if keyword.arg == "reason" and not _typed_or_worded(keyword.value):
                    bad.append(f"{path.name}:{call.lineno}: {ast.unparse(keyword.value)}")
    return bad


def worded_keys() -> set[str]:
    return {
        call.args[0].value
        for tree in trees().values()
        for call in _calls(tree)
        if _name(call) == "worded" and call.args and isinstance(call.args[0], ast.Constant)
    }


def test_the_scan_finds_the_recorders_and_the_worded_reasons():
    assert {"record_event", "record_claim_event", "audit_account", "audit_site"} <= recorders()
    assert {"round_scheduled", "letters_batch", "condition_checked"} <= worded_keys()


def test_the_scan_refuses_a_reason_the_code_writes_in_english():
    for source in ('reason=f"batch {batch}"', 'reason="every account"', "reason=str(role)"):
        call = ast.parse(f"record_event({source})").body[0].value
        assert not _typed_or_worded(call.keywords[0].value)
    for source in ("reason=reason", "reason=form.reason.data", 'reason=worded("member")'):
        call = ast.parse(f"record_event({source})").body[0].value
        assert _typed_or_worded(call.keywords[0].value)


def test_every_reason_the_app_records_is_worded_or_a_persons_own():
    assert reasons_without_wording() == []


def test_every_recorder_takes_its_reason_by_name():
    """A reason given by position would escape the scan above."""
    for path, tree in trees().items():
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef) and func.name in recorders():
                assert "reason" not in [a.arg for a in func.args.args], f"{path}: {func.name}"


def test_every_worded_key_has_a_wording():
    assert worded_keys() - WORDINGS.keys() == set()
    with pytest.raises(KeyError):
        wording.worded("no_such_reason")


MOMENT = wording.uk_time(datetime(2027, 7, 1, 8, 0, tzinfo=UTC))
SOURCE = {"file": "register.csv", "command_line": False}
SAMPLES = {
    "round_scheduled": {"opens": MOMENT, "closes": MOMENT, "quorum": wording.percent(20)},
    "round_rescheduled": {
        **{key: MOMENT for key in ("was_opens", "was_closes", "opens", "closes")},
        "quorum": wording.percent(20),
        "version": 2,
    },
    "round_cancelled": {"opens": MOMENT, "closes": MOMENT, "codes": 3},
    "area_round_cancelled": {"round": 7, "opens": MOMENT, "closes": MOMENT, "codes": 1},
    "register_imported": {"added": 1200, "updated": 1, **SOURCE, "command_line": True},
    "register_codes_withdrawn": {"count": 2, **SOURCE},
    "register_ballots_beyond_voters": {"count": 1, **SOURCE},
    "letters_batch": {"batch": 3, "count": 200},
    "paper_ballot": {"ballot": 12},
    "ballot_round": {"round": 4},
    "account_registered": {},
    "account_created_on_server": {},
    "everyone_signed_out": {"sessions": 5, "links": 0},
    "sign_in_ended": {"sign_in": 9},
    "password_rehashed": {"old": "pbkdf2:sha256:600000", "new": "scrypt"},
    "draft_edited": {"fields": wording.claim_fields(["delivery", "start_date"])},
    "condition_checked": {"condition": {"en": "Insurance", "pl": "Ubezpieczenie"}, "document": "a"},
    "document_added": {"document": "policy.pdf", "condition": {"en": "Insurance"}},
    "report_submitted": {"due": wording.day(datetime(2027, 2, 28).date())},
    "rebates_posted": {
        "period": wording.period("2027-Q2"),
        "amount": wording.pence(600),
        "households": 4,
    },
    "member_role": {"role": wording.member_role("treasurer")},
    "member": {"member": wording.person(1)},
    "member_role_changed": {"member": wording.person(1), "role": wording.member_role("lead")},
    "invitations_withdrawn": {"member": wording.person(1), "count": 2},
}


def test_every_wording_has_a_sample_to_check_it_with():
    assert SAMPLES.keys() == WORDINGS.keys()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_wording_reads_in_every_language(app, language):
    """Each wording fills every %(name)s field from what the app stores, in every
    language (a catalogue's translation included)."""
    with app.test_request_context(f"/?lang={language}"):
        for key, params in SAMPLES.items():
            text = reason_text(key, params, None, {1: "Jo Bloggs"})
            assert text and text != key and "%(" not in text, key
            assert "2027-" not in text and "T08:00" not in text, key  # no ISO dates


def test_a_row_written_before_keeps_its_text_and_a_typed_reason_its_words(app):
    with app.test_request_context("/?lang=pl"):
        old = "round 3: 2027-07-01T09:00+01:00 to 2027-07-08T09:00+01:00, 2 codes withdrawn"
        assert reason_text(None, None, old) == old
        assert reason_text(None, None, "No insurance, sorry") == "No insurance, sorry"
        assert reason_text(None, None, None) == ""


@pytest.mark.parametrize(
    "params",
    [
        {"opens": {"at": 5}, "closes": MOMENT, "quorum": wording.percent(20)},  # not a time
        {"opens": MOMENT, "closes": MOMENT, "quorum": {"percent": "x"}},  # not a number
        {},  # nothing at all: gettext would leave its %(name)s fields showing
    ],
    ids=["time", "number", "empty"],
)
def test_a_reason_this_version_cannot_read_shows_its_key_not_an_error(app, params):
    """A history with one unreadable row still shows, that row by what it records."""
    with app.test_request_context("/?lang=pl"):
        assert reason_text("round_scheduled", params, None) == "round_scheduled"
