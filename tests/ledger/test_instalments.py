"""Budgets, schedules and instalments: who may request, approve, pay and reject."""

import pytest
from sqlmodel import select

from tests.ledger.conftest import instalments, make_world, submitted_claim
from webapp.claims.workflow import transition
from webapp.ledger.delegations import (
    group_account,
    instalment_plan,
    split,
    uplift_account,
)
from webapp.ledger.instalments import (
    AlreadyApproved,
    DelegationNotActive,
    InstalmentStateError,
    NotApprover,
    NotTreasurer,
    OwnGroupMoney,
    OwnRequest,
    approve_instalment,
    pay_instalment,
    reject_instalment,
    request_due_instalments,
    request_instalment,
)
from webapp.ledger.models import Schedule
from webapp.ledger.posting import (
    balance,
    verify_chain,
)

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
    """The requester is the group's treasurer or lead: refused as in the group while
    they are, and as the one who asked once they have left it."""
    from tests.factories import add_member

    add_member(db_session, world.group, role="treasurer", user=world.approver)
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.approver)
    with pytest.raises(OwnGroupMoney):
        approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    from webapp.groups.services import membership

    db_session.delete(membership(db_session, world.group.id, world.approver.id))
    db_session.flush()
    with pytest.raises(OwnRequest):
        approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)


def test_an_approver_in_the_group_decides_none_of_its_money(app, client, auth, db_session, world):
    """A finance approver who joined the group (any member may invite, anyone may join)
    neither approves, rejects nor pays its instalments; a colleague must."""
    from tests.factories import add_member

    add_member(db_session, world.group, role="member", user=world.approver)
    first, second = instalments(db_session, world)[:2]
    for instalment in (first, second):
        request_instalment(session=db_session, instalment_id=instalment.id, actor=world.treasurer)
    for decide in (approve_instalment, lambda **kw: reject_instalment(**kw, reason="No")):
        with pytest.raises(OwnGroupMoney):
            decide(session=db_session, instalment_id=first.id, officer=world.approver)
    approve_instalment(session=db_session, instalment_id=second.id, officer=world.second_approver)
    with pytest.raises(OwnGroupMoney):
        pay_instalment(session=db_session, instalment_id=second.id, officer=world.approver)
    db_session.commit()
    auth.login(world.approver.email)
    base = f"/delegations/{world.delegation.id}/instalments/{first.id}"
    page = client.post(f"{base}/approve", follow_redirects=True).get_data(as_text=True)
    assert "a colleague at the council must decide it" in page
    db_session.expire_all()
    assert (first.state, second.state) == ("requested", "approved")


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


def test_the_officer_chooses_the_schedule_when_approving(client, auth, app, db_session):
    world = make_world(app, db_session, activate=False)
    # make_world approved with the default; a second claim shows the choice through the page.
    assert len(instalments(db_session, world)) == 4
    claim = submitted_claim(db_session, world)
    transition(session=db_session, claim=claim, action="start_review", actor=world.officer)
    auth.login(world.officer.email)
    client.post(f"/claims/{claim.id}/actions/approve", data={"schedule": "monthly"})
    from webapp.ledger.models import Delegation

    delegation = db_session.exec(select(Delegation).where(Delegation.claim_id == claim.id)).one()
    assert delegation.schedule == "monthly"
