import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import func, select

from tests.factories import create_council
from tests.ledger.conftest import make_world
from webapp.claims.workflow import transition
from webapp.ledger.delegations import (
    budget_account,
    group_account,
    instalment_plan,
    split,
    uplift_account,
)
from webapp.ledger.giving import giving_csv, giving_package
from webapp.ledger.instalments import (
    AlreadyApproved,
    DelegationNotActive,
    InstalmentStateError,
    NotApprover,
    NotTreasurer,
    OwnRequest,
    approve_instalment,
    pay_instalment,
    reject_instalment,
    request_due_instalments,
    request_instalment,
)
from webapp.ledger.models import Instalment, LedgerEntry, LedgerTransaction, Schedule
from webapp.ledger.posting import (
    AlreadyPosted,
    AmountInvalid,
    Leg,
    Unbalanced,
    balance,
    post,
    reverse,
    verify_chain,
)
from webapp.ledger.rebates import PeriodInvalid, post_rebate, rebate_export_csv
from webapp.ledger.statements import accounts_for, build_statement

SCHEMAS = Path(__file__).resolve().parents[2] / "webapp/ledger/schemas"


def instalments(session, world):
    return session.exec(
        select(Instalment)
        .where(Instalment.delegation_id == world.delegation.id)
        .order_by(Instalment.number)
    ).all()


def ledger_rows(session) -> tuple[int, int]:
    return (
        session.exec(select(func.count()).select_from(LedgerTransaction)).one(),
        session.exec(select(func.count()).select_from(LedgerEntry)).one(),
    )


def two_accounts(session):
    council = create_council(session)
    a = budget_account(session, council.id, "a")
    b = budget_account(session, council.id, "b")
    return council, a, b


# Posting ---------------------------------------------------------------------------------------


def test_a_balanced_transaction_posts_once(db_session):
    council, a, b = two_accounts(db_session)
    post(
        session=db_session,
        council_id=council.id,
        idempotency_key="k1",
        kind="test",
        description="x",
        legs=[Leg(a.id, -500), Leg(b.id, 500)],
    )
    assert (balance(db_session, a.id), balance(db_session, b.id)) == (-500, 500)
    before = ledger_rows(db_session)
    with pytest.raises(AlreadyPosted):
        post(
            session=db_session,
            council_id=council.id,
            idempotency_key="k1",
            kind="test",
            description="x",
            legs=[Leg(a.id, -500), Leg(b.id, 500)],
        )
    assert ledger_rows(db_session) == before


@pytest.mark.parametrize(
    ("amounts", "error"),
    [
        ([-500, 400], Unbalanced),
        ([500], Unbalanced),
        ([0, 0], AmountInvalid),
        ([-1.5, 1.5], AmountInvalid),
        ([True, -1], AmountInvalid),
        ([-(10**13), 10**13], AmountInvalid),
        (["-5", "5"], AmountInvalid),
    ],
)
def test_bad_amounts_change_nothing(db_session, amounts, error):
    council, a, b = two_accounts(db_session)
    before = ledger_rows(db_session)
    legs = [Leg(account.id, amount) for account, amount in zip([a, b], amounts, strict=False)]
    with pytest.raises(error):
        post(
            session=db_session,
            council_id=council.id,
            idempotency_key="bad",
            kind="test",
            description="x",
            legs=legs,
        )
    assert ledger_rows(db_session) == before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entry SET amount_pence = amount_pence + 1",
        "DELETE FROM ledger_entry",
        "UPDATE ledger_transaction SET description = 'edited'",
        "DELETE FROM ledger_transaction",
    ],
)
def test_the_database_refuses_edits_and_deletions(db_session, statement):
    council, a, b = two_accounts(db_session)
    post(
        session=db_session,
        council_id=council.id,
        idempotency_key="t",
        kind="test",
        description="x",
        legs=[Leg(a.id, -5), Leg(b.id, 5)],
    )
    with pytest.raises(DBAPIError, match="append-only"), db_session.begin_nested():
        db_session.execute(text(statement))


def _without_triggers(session, sql):
    """Simulate someone editing the ledger behind the app's back."""
    if session.connection().dialect.name == "postgresql":
        session.execute(text("SET LOCAL session_replication_role = replica"))
        session.execute(text(sql))
        session.execute(text("SET LOCAL session_replication_role = origin"))
    else:
        for table in ("ledger_entry", "ledger_transaction"):
            for action in ("update", "delete"):
                session.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{action}"))
        session.execute(text(sql))


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE ledger_entry SET amount_pence = 999 WHERE amount_pence = 5",
        "DELETE FROM ledger_entry WHERE amount_pence = -7",
        "UPDATE ledger_transaction SET description = 'edited' WHERE idempotency_key = 't1'",
        "DELETE FROM ledger_transaction WHERE idempotency_key = 't2'",
    ],
)
def test_verify_finds_any_edited_or_deleted_row(runner, db_session, tamper):
    council, a, b = two_accounts(db_session)
    for key, amount in (("t1", 5), ("t2", 7)):
        post(
            session=db_session,
            council_id=council.id,
            idempotency_key=key,
            kind="test",
            description="x",
            legs=[Leg(a.id, -amount), Leg(b.id, amount)],
        )
    assert verify_chain(db_session) == []
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0
    if "DELETE FROM ledger_transaction" in tamper:
        _without_triggers(
            db_session,
            "DELETE FROM ledger_entry WHERE transaction_id IN "
            "(SELECT id FROM ledger_transaction WHERE idempotency_key = 't2')",
        )
    _without_triggers(db_session, tamper)
    assert verify_chain(db_session)
    result = runner.invoke(args=["ledger", "verify"])
    assert result.exit_code == 1


def test_a_reversal_is_a_new_negated_transaction(db_session):
    council, a, b = two_accounts(db_session)
    original = post(
        session=db_session,
        council_id=council.id,
        idempotency_key="r",
        kind="test",
        description="x",
        legs=[Leg(a.id, -300), Leg(b.id, 300)],
    )
    correction = reverse(
        session=db_session, transaction=original, reason="Wrong account", actor=None
    )
    assert correction.reverses_id == original.id
    assert (balance(db_session, a.id), balance(db_session, b.id)) == (0, 0)
    with pytest.raises(AlreadyPosted):
        reverse(session=db_session, transaction=original, reason="again", actor=None)
    assert verify_chain(db_session) == []


# Budgets and schedules -------------------------------------------------------------------------


def test_split_puts_the_remainder_on_the_last_part():
    assert split(1000, 3) == [333, 333, 334]
    assert sum(split(1_234_567, 12)) == 1_234_567


def test_schedule_dates():
    from datetime import date

    plan = instalment_plan(1201, 101, Schedule.QUARTERLY, date(2027, 1, 31))
    assert [p[1] for p in plan] == [
        date(2027, 1, 31),
        date(2027, 4, 30),
        date(2027, 7, 31),
        date(2027, 10, 31),
    ]
    assert sum(p[2] for p in plan) == 1201 and sum(p[3] for p in plan) == 101


def test_approval_creates_the_delegation_by_the_budget_rule(db_session, world):
    d = world.delegation
    # 2400p x 1000 households x 0.5, plus 25% uplift for decile 2.
    assert (d.annual_budget_pence, d.uplift_pence) == (1_500_000, 300_000)
    plan = instalments(db_session, world)
    assert [i.amount_pence for i in plan] == [375_000] * 4
    assert sum(i.uplift_pence for i in plan) == 300_000
    assert balance(db_session, uplift_account(db_session, d).id) == 300_000  # ring-fenced


# Instalments -----------------------------------------------------------------------------------


def test_the_full_path_pays_exactly_once(db_session, world):
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    assert first.state == "approved"  # £3,750 is under the £5,000 threshold: one approval
    transaction = pay_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    assert balance(db_session, group_account(db_session, world.delegation).id) == 375_000
    assert first.transaction_id == transaction.id
    with pytest.raises(InstalmentStateError):
        pay_instalment(session=db_session, instalment_id=first.id, officer=world.second_approver)
    assert verify_chain(db_session) == []


def test_large_instalments_need_two_different_approvers(app, db_session):
    world = make_world(app, db_session, threshold=100_000)
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    assert first.state == "requested"
    with pytest.raises(AlreadyApproved):
        approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    with pytest.raises(InstalmentStateError):
        pay_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    approve_instalment(session=db_session, instalment_id=first.id, officer=world.second_approver)
    assert first.state == "approved"


def test_who_may_do_what(db_session, world):
    first = instalments(db_session, world)[0]
    with pytest.raises(NotTreasurer):
        request_instalment(session=db_session, instalment_id=first.id, actor=world.officer)
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    with pytest.raises(NotApprover):
        approve_instalment(session=db_session, instalment_id=first.id, officer=world.officer)
    with pytest.raises(NotApprover):
        approve_instalment(session=db_session, instalment_id=first.id, officer=world.treasurer)


def test_whoever_requested_never_approves(db_session, world):
    from tests.factories import add_member

    add_member(db_session, world.group, role="treasurer", user=world.approver)
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.approver)
    with pytest.raises(OwnRequest):
        approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)


def test_rejection_needs_a_reason(db_session, world):
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    with pytest.raises(Exception, match="reason"):
        reject_instalment(
            session=db_session, instalment_id=first.id, officer=world.approver, reason=" "
        )
    reject_instalment(
        session=db_session, instalment_id=first.id, officer=world.approver, reason="No invoice"
    )
    assert first.state == "rejected"


def test_suspension_stops_money_and_revocation_recovers_it(db_session, world):
    plan = instalments(db_session, world)
    request_instalment(session=db_session, instalment_id=plan[0].id, actor=world.treasurer)
    approve_instalment(session=db_session, instalment_id=plan[0].id, officer=world.approver)
    pay_instalment(session=db_session, instalment_id=plan[0].id, officer=world.approver)
    request_instalment(session=db_session, instalment_id=plan[1].id, actor=world.treasurer)
    transition(
        session=db_session, claim=world.claim, action="suspend", actor=world.officer, reason="Audit"
    )
    with pytest.raises(DelegationNotActive):
        approve_instalment(session=db_session, instalment_id=plan[1].id, officer=world.approver)
    with pytest.raises(DelegationNotActive):
        request_instalment(session=db_session, instalment_id=plan[2].id, actor=world.treasurer)
    transition(
        session=db_session,
        claim=world.claim,
        action="revoke",
        actor=world.officer,
        reason="Stopped",
    )
    assert {i.state for i in instalments(db_session, world)[1:]} == {"cancelled"}
    d = world.delegation
    assert balance(db_session, group_account(db_session, d).id) == 0
    # The uplift part of what was paid went back to the area's ring-fenced account.
    assert balance(db_session, uplift_account(db_session, d).id) == 300_000
    assert verify_chain(db_session) == []


def test_flask_ledger_due_is_idempotent(runner, db_session, world):
    from datetime import timedelta

    late = max(i.due_on for i in instalments(db_session, world)) + timedelta(days=1)
    assert request_due_instalments(session=db_session, today=late) == 4
    assert request_due_instalments(session=db_session, today=late) == 0
    result = runner.invoke(args=["ledger", "due"])
    assert result.exit_code == 0
    assert "0 instalments requested." in result.output  # nothing left to request


# Rebates, statements, 360Giving ---------------------------------------------------------------


def test_rebates_post_per_period_and_export_per_household(db_session, world):
    from tests.factories import create_household

    for n in range(3):
        create_household(db_session, area=world.area, uprn=f"77{n}")
    post_rebate(session=db_session, delegation=world.delegation, period="2027", actor=None)
    with pytest.raises(AlreadyPosted):
        post_rebate(session=db_session, delegation=world.delegation, period="2027", actor=None)
    with pytest.raises(PeriodInvalid):
        post_rebate(session=db_session, delegation=world.delegation, period="next year", actor=None)
    lines = rebate_export_csv(session=db_session, delegation=world.delegation).splitlines()
    assert lines[0] == "uprn,charge,period,amount_pence"
    assert "770,Service charge,2027,150" in lines


def test_statement_totals_match_the_ledger(db_session, world):
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    pay_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    post_rebate(session=db_session, delegation=world.delegation, period="2027-Q1", actor=None)
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
    csv_lines = giving_csv(package).splitlines()
    assert csv_lines[0].startswith("Identifier,Title,Description,Currency,Amount Awarded")
    assert len(csv_lines) == 2


def test_the_officer_chooses_the_schedule_when_approving(client, auth, app, db_session):
    world = make_world(app, db_session, activate=False)
    # make_world approved with the default; a second claim shows the choice through the page.
    assert len(instalments(db_session, world)) == 4
    from tests.claims.test_claims import TEXTS
    from webapp.claims.services import draft_claim

    claim = draft_claim(
        session=db_session,
        group=world.group,
        area=world.area,
        function_key="caretaking",
        level_key="consult",
        by=world.lead,
        **TEXTS,
    )
    claim.mandate_override_reason = "test"
    transition(session=db_session, claim=claim, action="submit", actor=world.lead)
    transition(session=db_session, claim=claim, action="start_review", actor=world.officer)
    auth.login(world.officer.email)
    client.post(f"/claims/{claim.id}/actions/approve", data={"schedule": "monthly"})
    from webapp.ledger.models import Delegation

    delegation = db_session.exec(select(Delegation).where(Delegation.claim_id == claim.id)).one()
    assert delegation.schedule == "monthly"
