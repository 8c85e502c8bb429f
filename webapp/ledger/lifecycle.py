"""What a claim's state changes mean for its money."""

from sqlmodel import Session, func, select

from webapp.auth.models import User
from webapp.claims.models import Claim
from webapp.ledger.delegations import (
    budget_account,
    create_delegation,
    group_account,
    uplift_account,
)
from webapp.ledger.instalments import cancel_open_instalments
from webapp.ledger.models import Delegation, Instalment, Schedule
from webapp.ledger.posting import LedgerTransaction, Leg, balance, post


def on_claim_changed(
    *, session: Session, claim: Claim, action: str, actor: User | None, schedule: str | None = None
) -> None:
    """Approval creates the delegation; ending or revoking stops its payments."""
    if action == "approve":
        chosen = (
            Schedule(schedule) if schedule in {s.value for s in Schedule} else Schedule.QUARTERLY
        )
        create_delegation(session=session, claim=claim, actor=actor, schedule=chosen)
        return
    delegation = session.exec(select(Delegation).where(Delegation.claim_id == claim.id)).first()
    if delegation is None:
        return
    if action in ("end", "revoke"):
        cancel_open_instalments(session=session, delegation=delegation, actor=actor)
    if action == "revoke":
        recover_unspent(session=session, delegation=delegation, actor=actor)


def recover_unspent(
    *, session: Session, delegation: Delegation, actor: User | None
) -> LedgerTransaction | None:
    """Take back what the group holds; the uplift part returns to the area's uplift account."""
    group = group_account(session, delegation)
    held = balance(session, group.id)
    if held <= 0:
        return None
    # Paid is what the ledger moved, whatever state the instalment's row says.
    uplift_paid = session.exec(
        select(func.coalesce(func.sum(Instalment.uplift_pence), 0)).where(
            Instalment.delegation_id == delegation.id, Instalment.transaction_id.is_not(None)
        )
    ).one()
    to_uplift = min(held, uplift_paid)
    legs = [Leg(group.id, -held)]
    if held - to_uplift:
        legs.append(
            Leg(
                budget_account(session, delegation.council_id, delegation.function_key).id,
                held - to_uplift,
            )
        )
    if to_uplift:
        legs.append(Leg(uplift_account(session, delegation).id, to_uplift))
    return post(
        session=session,
        council_id=delegation.council_id,
        idempotency_key=f"delegation:{delegation.id}:recovery",
        kind="recovery",
        description=f"Recovery of the unspent balance of delegation {delegation.id}",
        legs=legs,
        delegation_id=delegation.id,
        actor=actor,
    )
