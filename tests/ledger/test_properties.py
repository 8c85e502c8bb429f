"""Whatever officers and groups do, in any order, the ledger stays sound."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from tests.ledger.conftest import make_world
from webapp.claims.workflow import transition
from webapp.errors import DomainError
from webapp.ledger.delegations import group_account
from webapp.ledger.instalments import approve_instalment, pay_instalment, request_instalment
from webapp.ledger.models import Instalment, LedgerEntry, LedgerTransaction
from webapp.ledger.posting import balance, reverse, verify_chain

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["request", "approve", "approve2", "pay", "reverse", "suspend", "reinstate", "revoke"]
        ),
        st.integers(min_value=0, max_value=3),
    ),
    max_size=14,
)


def apply(session, world, action: str, index: int) -> None:
    plan = session.exec(
        select(Instalment)
        .where(Instalment.delegation_id == world.delegation.id)
        .order_by(Instalment.number)
    ).all()
    instalment = plan[index]
    if action == "request":
        request_instalment(session=session, instalment_id=instalment.id, actor=world.treasurer)
    elif action in ("approve", "approve2"):
        officer = world.approver if action == "approve" else world.second_approver
        approve_instalment(session=session, instalment_id=instalment.id, officer=officer)
    elif action == "pay":
        pay_instalment(session=session, instalment_id=instalment.id, officer=world.approver)
    elif action == "reverse":
        last = session.exec(select(LedgerTransaction).order_by(LedgerTransaction.id.desc())).first()
        reverse(session=session, transaction=last, reason="property test", actor=world.approver)
    else:
        reason = "property test" if action in ("suspend", "revoke") else None
        transition(
            session=session, claim=world.claim, action=action, actor=world.officer, reason=reason
        )


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS, threshold=st.sampled_from([100_000, 10_000_000]))
def test_any_sequence_keeps_the_ledger_sound(app, db_session, actions, threshold):
    savepoint = db_session.begin_nested()
    try:
        world = make_world(app, db_session, threshold=threshold)
        for action, index in actions:
            try:
                with db_session.begin_nested():
                    apply(db_session, world, action, index)
            except DomainError:
                pass  # refused: and the savepoint leaves nothing behind
        assert verify_chain(db_session) == []
        unbalanced = db_session.exec(
            select(LedgerEntry.transaction_id)
            .group_by(LedgerEntry.transaction_id)
            .having(func.sum(LedgerEntry.amount_pence) != 0)
        ).all()
        assert unbalanced == []
        paid = db_session.exec(
            select(func.coalesce(func.sum(Instalment.amount_pence), 0)).where(
                Instalment.delegation_id == world.delegation.id, Instalment.state == "paid"
            )
        ).one()
        held = balance(db_session, group_account(db_session, world.delegation).id)
        assert paid <= world.delegation.annual_budget_pence
        assert held <= world.delegation.annual_budget_pence
    finally:
        savepoint.rollback()
