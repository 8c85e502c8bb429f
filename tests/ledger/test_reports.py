"""Rebates, statements and the 360Giving export, each checked against the ledger."""

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.factories import create_household
from tests.ledger.conftest import REGISTERED, instalments
from webapp.claims.workflow import transition
from webapp.ledger.delegations import group_account, rebate_account
from webapp.ledger.giving import giving_csv, giving_package
from webapp.ledger.instalments import (
    DelegationNotActive,
    approve_instalment,
    pay_instalment,
    request_instalment,
)
from webapp.ledger.posting import (
    AlreadyPosted,
    balance,
)
from webapp.ledger.rebates import (
    NoHouseholds,
    NothingDue,
    PeriodInvalid,
    PeriodOutsideDelegation,
    PeriodOverlaps,
    post_rebate,
    rebate_export_csv,
)
from webapp.ledger.statements import accounts_for, build_statement

SCHEMAS = Path(__file__).resolve().parents[2] / "webapp/ledger/schemas"


# Rebates, statements, 360Giving ---------------------------------------------------------------


def test_rebates_post_per_period_and_export_per_household(db_session, world):
    for n in range(3):
        create_household(db_session, area=world.area, uprn=f"77{n}")
    post_rebate(session=db_session, delegation=world.delegation, period="2027", actor=None)
    with pytest.raises(AlreadyPosted):
        post_rebate(session=db_session, delegation=world.delegation, period="2027", actor=None)
    with pytest.raises(PeriodInvalid):
        post_rebate(session=db_session, delegation=world.delegation, period="next year", actor=None)
    text = rebate_export_csv(session=db_session, delegation=world.delegation)
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["uprn", "charge", "period", "amount_pence"]
    # £1.50 a year, for 2027's nine months within the delegation (from April): 150 - 37.
    assert ["770", "Service charge", "2027", "113"] in lines
    assert '"770","Service charge","2027",113' in text  # text quoted, pence a number


def test_a_delegation_year_across_two_calendar_years_is_paid_once(db_session, world, register):
    """1 April 2027 to 31 March 2028: "2027" pays April to December, "2028" January to
    March, and together they make one year's rebate, not two."""
    d = world.delegation
    post_rebate(session=db_session, delegation=d, period="2027", actor=None)
    post_rebate(session=db_session, delegation=d, period="2028", actor=None)
    assert rebates_granted(db_session, world) == d.rebate_per_household_pence * len(register)


def test_a_delegation_starting_mid_month_is_paid_for_the_days_it_covers(
    db_session, world, register
):
    """15 April 2027 to 14 April 2028, £12 a year: April 2027 pays 16 of its 30 days
    (53p of April's £1) and April 2028 14 (47p), so the two years add up to one
    year's rebate, not thirteen months'."""
    d = world.delegation
    d.start_date, d.end_date = date(2027, 4, 15), date(2028, 4, 14)
    d.rebate_per_household_pence = 1200
    post_rebate(session=db_session, delegation=d, period="2027", actor=None)
    assert rebates_granted(db_session, world) == (8 * 100 + 53) * len(register)
    post_rebate(session=db_session, delegation=d, period="2028-Q2", actor=None)
    assert rebates_granted(db_session, world) == (8 * 100 + 53 + 47) * len(register)
    post_rebate(session=db_session, delegation=d, period="2028-Q1", actor=None)
    assert rebates_granted(db_session, world) == 1200 * len(register)


def test_the_billing_export_adds_up_to_what_the_ledger_posted(db_session, world, register):
    d = world.delegation
    post_rebate(session=db_session, delegation=d, period="2027-Q2", actor=None)
    newcomer = create_household(db_session, area=world.area).uprn  # the register grows
    post_rebate(session=db_session, delegation=d, period="2027-Q3", actor=None)
    rows = list(csv.DictReader(io.StringIO(rebate_export_csv(session=db_session, delegation=d))))
    assert sum(int(row["amount_pence"]) for row in rows) == rebates_granted(db_session, world)
    by_period = {p: {r["uprn"] for r in rows if r["period"] == p} for p in ("2027-Q2", "2027-Q3")}
    # Each period lists the households on the register when it was posted, and no others.
    assert by_period == {"2027-Q2": set(register), "2027-Q3": {*register, newcomer}}


def test_rebates_need_households_on_the_register(db_session, world):
    with pytest.raises(NoHouseholds):
        post_rebate(session=db_session, delegation=world.delegation, period="2027", actor=None)
    assert rebates_granted(db_session, world) == 0
    assert rebate_export_csv(session=db_session, delegation=world.delegation).count("\n") == 1


def rebates_granted(session, world) -> int:
    """The balance of the rebate account the world's delegation posts into."""
    d = world.delegation
    return balance(session, rebate_account(session, d.council_id, d.area_id, d.function_key).id)


@pytest.mark.parametrize(
    ("first", "overlapping"),
    [("2027", "2027-Q2"), ("2027", "2027-05"), ("2027-Q2", "2027"), ("2027-05", "2027-Q2")],
)
def test_a_period_overlapping_one_already_posted_is_refused(
    db_session, world, register, first, overlapping
):
    post_rebate(session=db_session, delegation=world.delegation, period=first, actor=None)
    granted = rebates_granted(db_session, world)
    with pytest.raises(PeriodOverlaps):
        post_rebate(session=db_session, delegation=world.delegation, period=overlapping, actor=None)
    assert rebates_granted(db_session, world) == granted
    post_rebate(session=db_session, delegation=world.delegation, period="2028-Q1", actor=None)
    assert rebates_granted(db_session, world) > granted  # periods side by side still post


@pytest.mark.parametrize(
    ("action", "reason"), [("suspend", "Audit"), ("end", None), ("revoke", "Stop")]
)
def test_rebates_are_posted_only_while_the_delegation_is_active(
    db_session, world, action, reason, register
):
    transition(
        session=db_session, claim=world.claim, action=action, actor=world.officer, reason=reason
    )
    with pytest.raises(DelegationNotActive):
        post_rebate(session=db_session, delegation=world.delegation, period="2027", actor=None)
    assert rebates_granted(db_session, world) == 0


@pytest.mark.parametrize(
    ("period", "posts"),
    [
        ("2026", False),
        ("2027-03", False),
        ("2027-04", True),  # the delegation runs from 1 April 2027 to 31 March 2028
        ("2028-Q1", True),
        ("2028-04", False),
        ("2031", False),
    ],
)
def test_rebates_are_posted_only_for_a_period_within_the_delegations_dates(
    db_session, world, register, period, posts
):
    if posts:
        post_rebate(session=db_session, delegation=world.delegation, period=period, actor=None)
        assert rebates_granted(db_session, world) > 0
    else:
        with pytest.raises(PeriodOutsideDelegation):
            post_rebate(session=db_session, delegation=world.delegation, period=period, actor=None)
        assert rebates_granted(db_session, world) == 0


def test_flask_ledger_rebates_skips_a_revoked_delegation_and_says_why(
    runner, db_session, world, register
):
    transition(
        session=db_session, claim=world.claim, action="revoke", actor=world.officer, reason="Stop"
    )
    db_session.commit()
    result = runner.invoke(args=["ledger", "rebates", "2027"])
    assert result.exit_code == 0
    assert rebates_granted(db_session, world) == 0
    assert f"delegation {world.delegation.id} (grass-cutting, area {world.area.id}) skipped" in (
        result.output
    )
    assert "The delegation is not active" in result.output
    assert "0 delegations' rebates posted for 2027, 1 skipped." in result.output


DELEGATION_YEAR = {  # the delegation runs from 1 April 2027 to 31 March 2028
    "months": [f"2027-{m:02d}" for m in range(4, 13)] + ["2028-01", "2028-02", "2028-03"],
    "quarters": ["2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1"],
}


@pytest.mark.parametrize("periods", DELEGATION_YEAR.values(), ids=DELEGATION_YEAR.keys())
def test_a_years_months_or_quarters_add_up_to_the_yearly_rebate(
    db_session, world, register, periods
):
    d = world.delegation  # £1.50 a household a year: 12 x 12p (or 4 x 37p) would lose pence
    for period in periods:
        post_rebate(session=db_session, delegation=d, period=period, actor=None)
    assert rebates_granted(db_session, world) == 150 * REGISTERED


def test_a_month_with_less_than_a_penny_due_is_refused_and_the_year_still_adds_up(
    db_session, world, register
):
    world.delegation.rebate_per_household_pence = 5  # 5p a year: most months' share is 0p
    posted = 0
    for period in DELEGATION_YEAR["months"]:
        try:
            post_rebate(session=db_session, delegation=world.delegation, period=period, actor=None)
            posted += 1
        except NothingDue:
            pass
    assert posted == 5
    assert rebates_granted(db_session, world) == 5 * REGISTERED


def test_statement_totals_match_the_ledger(db_session, world, register):
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    pay_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    post_rebate(session=db_session, delegation=world.delegation, period="2027-Q2", actor=None)
    council_id = world.council.id
    for scope, value in (
        ("group", world.group.id),
        ("area", world.area.id),
        ("function", "grass-cutting"),
        ("council", None),
    ):
        ids = accounts_for(db_session, council_id=council_id, scope=scope, value=value)
        statement = build_statement(db_session, title="t", account_ids=ids, limit=None)
        assert statement.closing_pence == sum(balance(db_session, i) for i in ids)
        assert (
            statement.opening_pence + sum(line.amount_pence for line in statement.lines)
            == statement.closing_pence
        )
    council_total = build_statement(
        db_session,
        title="c",
        account_ids=accounts_for(db_session, council_id=council_id, scope="council", value=None),
    )
    assert council_total.closing_pence == 0  # every transaction balances


def test_statement_dates_are_uk_days(db_session, world, monkeypatch):
    import webapp.ledger.posting as posting

    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    # 00:30 on 1 June 2027 in the UK (BST) is 23:30 on 31 May in UTC.
    monkeypatch.setattr(posting, "utcnow", lambda: datetime(2027, 5, 31, 23, 30, tzinfo=UTC))
    pay_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    account_ids = [group_account(db_session, world.delegation).id]

    def statement(start: date, end: date):
        return build_statement(db_session, title="t", account_ids=account_ids, start=start, end=end)

    may, june = (
        statement(date(2027, 5, 1), date(2027, 5, 31)),
        statement(date(2027, 6, 1), date(2027, 6, 30)),
    )
    assert (may.lines, may.closing_pence) == ([], 0)
    assert (june.opening_pence, june.closing_pence, len(june.lines)) == (0, 375_000, 1)


def test_360giving_export_is_valid_against_the_standard(db_session, world):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    grant_schema = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    package_schema = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    ref = package_schema["properties"]["grants"]["items"]["$ref"]
    # The schemas name their dialect with http://, which referencing does not know by that name.
    registry = Registry().with_resource(
        ref, Resource(contents=grant_schema, specification=DRAFT202012)
    )
    package = giving_package(db_session, world.council)
    validator = Draft202012Validator(
        package_schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = [error.message for error in validator.iter_errors(package)]
    assert errors == []
    [grant] = package["grants"]
    assert grant["id"] == f"360G-testshire-delegation-{world.delegation.id}"
    assert grant["amountAwarded"] == 15000.0
    assert grant["recipientOrganization"][0]["id"] == "GB-CHC-1187654"
    assert grant["fundingOrganization"][0]["id"] == "GB-LAE-TST"
    csv_lines = list(csv.reader(io.StringIO(giving_csv(package))))
    assert csv_lines[0][:5] == ["Identifier", "Title", "Description", "Currency", "Amount Awarded"]
    assert len(csv_lines) == 2
