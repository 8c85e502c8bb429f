"""Instalments: requested, approved (four eyes; two officers for large sums), paid once."""

from datetime import date, datetime

from sqlmodel import Session, func, select

from webapp.areas.models import Council
from webapp.audit.services import record_event
from webapp.auth.models import Role, User
from webapp.claims.models import Claim, ClaimState
from webapp.claims.queries import locked_claim
from webapp.db import utcnow
from webapp.errors import DomainError
from webapp.groups.models import MemberRole
from webapp.groups.services import membership
from webapp.i18n import lazy_gettext as _l
from webapp.ledger.delegations import budget_account, group_account, uplift_account
from webapp.ledger.models import Delegation, Instalment, InstalmentApproval, InstalmentState
from webapp.ledger.posting import LedgerTransaction, Leg, post

I = InstalmentState  # noqa: E741 - the states read better short
APPROVER_ROLES = (Role.FINANCE_APPROVER, Role.ADMIN)


class InstalmentStateError(DomainError):
    message = _l("That cannot be done to an instalment in its current state.")


class DelegationNotActive(DomainError):
    message = _l("The delegation is not active (it may be suspended), so no money can move.")


class OwnRequest(DomainError):
    message = _l("You requested this instalment, so someone else must approve it.")


class AlreadyApproved(DomainError):
    message = _l(
        "You have already approved this instalment; a second officer must give the other approval."
    )


class NotApprover(DomainError):
    message = _l("Only the council's finance approvers can approve or pay instalments.")


class OwnGroupMoney(DomainError):
    message = _l(
        "You belong to the group this money is for, so a colleague at the council must decide it."
    )


class NotTreasurer(DomainError):
    message = _l("Only the group's treasurer or lead can request an instalment.")


class ReasonNeeded(DomainError):
    message = _l("Give a reason for rejecting the instalment.")


def _locked(session: Session, instalment_id: int) -> Instalment:
    """The instalment, locked until commit: decisions about it queue here."""
    return session.exec(
        select(Instalment)
        .where(Instalment.id == instalment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _context(session: Session, instalment: Instalment) -> tuple[Delegation, Claim, Council]:
    delegation = session.get(Delegation, instalment.delegation_id)
    claim = session.get(Claim, delegation.claim_id)
    return delegation, claim, session.get(Council, delegation.council_id)


def _locked_in_context(
    session: Session, instalment_id: int
) -> tuple[Instalment, Delegation, Claim, Council]:
    """The instalment and its context, its claim locked first: a revocation locks the claim,
    then the instalments it cancels, so a payment waits for it (or it for the payment)."""
    delegation = session.exec(
        select(Delegation)
        .join(Instalment, Instalment.delegation_id == Delegation.id)
        .where(Instalment.id == instalment_id)
    ).one()
    claim = locked_claim(session, delegation.claim_id)
    instalment = _locked(session, instalment_id)
    return instalment, delegation, claim, session.get(Council, delegation.council_id)


def ensure_active(claim: Claim) -> None:
    """Money moves only for an active delegation: not suspended, ended or revoked."""
    if claim.state != ClaimState.ACTIVE:
        raise DelegationNotActive()


def _ensure_approver(session: Session, user: User, council: Council, delegation: Delegation):
    """A finance approver of the council, deciding for a group they are not in."""
    if user.role not in APPROVER_ROLES or user.council_id != council.id:
        raise NotApprover()
    if membership(session, delegation.group_id, user.id) is not None:
        raise OwnGroupMoney()


def approvals_needed(instalment: Instalment, council: Council) -> int:
    return 2 if instalment.amount_pence >= council.large_transfer_threshold_pence else 1


def approvals_of(session: Session, instalment_id: int) -> list[InstalmentApproval]:
    return list(
        session.exec(
            select(InstalmentApproval)
            .where(InstalmentApproval.instalment_id == instalment_id)
            .order_by(InstalmentApproval.id)
        )
    )


def _audit(session, instalment, council, action, actor, previous, *, reason=None):
    record_event(
        session=session,
        object_type="instalment",
        object_id=instalment.id,
        action=action,
        actor=actor,
        council_id=council.id,
        from_state=previous,
        to_state=instalment.state,
        reason=reason,
    )


def request_instalment(
    *, session: Session, instalment_id: int, actor: User | None, now: datetime | None = None
) -> Instalment:
    """The treasurer (or `flask ledger due`, with no actor) asks for a scheduled instalment."""
    instalment, delegation, claim, council = _locked_in_context(session, instalment_id)
    if instalment.state != I.SCHEDULED:
        raise InstalmentStateError()
    ensure_active(claim)
    if actor is not None:
        member = membership(session, delegation.group_id, actor.id)
        if member is None or member.role not in (MemberRole.TREASURER, MemberRole.LEAD):
            raise NotTreasurer()
    instalment.state = I.REQUESTED
    instalment.requested_by_id = actor.id if actor else None
    instalment.requested_at = now or utcnow()
    _audit(session, instalment, council, "requested", actor, I.SCHEDULED)
    session.flush()
    return instalment


def approve_instalment(*, session: Session, instalment_id: int, officer: User) -> Instalment:
    """One approval; the instalment is approved once it has as many as it needs."""
    instalment, delegation, claim, council = _locked_in_context(session, instalment_id)
    _ensure_approver(session, officer, council, delegation)
    if instalment.state != I.REQUESTED:
        raise InstalmentStateError()
    ensure_active(claim)
    if instalment.requested_by_id == officer.id:
        raise OwnRequest()
    given = approvals_of(session, instalment.id)
    if any(a.officer_id == officer.id for a in given):
        raise AlreadyApproved()
    session.add(InstalmentApproval(instalment_id=instalment.id, officer_id=officer.id))
    if len(given) + 1 >= approvals_needed(instalment, council):
        instalment.state = I.APPROVED
        instalment.decided_at = utcnow()
    _audit(session, instalment, council, "approved", officer, I.REQUESTED)
    session.flush()
    return instalment


def reject_instalment(
    *, session: Session, instalment_id: int, officer: User, reason: str
) -> Instalment:
    instalment = _locked(session, instalment_id)
    delegation, _claim, council = _context(session, instalment)
    _ensure_approver(session, officer, council, delegation)
    if instalment.state not in (I.REQUESTED, I.APPROVED):
        raise InstalmentStateError()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonNeeded()
    previous = instalment.state
    instalment.state = I.REJECTED
    instalment.rejection_reason = reason
    instalment.decided_at = utcnow()
    _audit(session, instalment, council, "rejected", officer, previous, reason=reason)
    session.flush()
    return instalment


def pay_instalment(*, session: Session, instalment_id: int, officer: User) -> LedgerTransaction:
    """Pay an approved instalment: exactly one balanced posting into the group's account."""
    instalment, delegation, claim, council = _locked_in_context(session, instalment_id)
    _ensure_approver(session, officer, council, delegation)
    if instalment.state != I.APPROVED:
        raise InstalmentStateError()
    ensure_active(claim)
    base = instalment.amount_pence - instalment.uplift_pence
    legs = [Leg(group_account(session, delegation).id, instalment.amount_pence)]
    if base:
        legs.append(Leg(budget_account(session, council.id, delegation.function_key).id, -base))
    if instalment.uplift_pence:
        legs.append(Leg(uplift_account(session, delegation).id, -instalment.uplift_pence))
    transaction = post(
        session=session,
        council_id=council.id,
        idempotency_key=f"instalment:{instalment.id}:pay",
        kind="instalment",
        description=f"Instalment {instalment.number} of delegation {delegation.id}",
        legs=legs,
        delegation_id=delegation.id,
        actor=officer,
    )
    instalment.state = I.PAID
    instalment.transaction_id = transaction.id
    _audit(session, instalment, council, "paid", officer, I.APPROVED)
    session.flush()
    return transaction


def cancel_open_instalments(*, session: Session, delegation: Delegation, actor: User | None) -> int:
    """Cancel every instalment not yet paid (when a delegation is revoked or ends)."""
    council = session.get(Council, delegation.council_id)
    open_states = (I.SCHEDULED, I.REQUESTED, I.APPROVED)
    # Locked and read afresh: a payment that committed meanwhile is paid, not cancelled.
    locked = session.exec(
        select(Instalment)
        .where(Instalment.delegation_id == delegation.id, Instalment.state.in_(open_states))
        .order_by(Instalment.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    cancelled = 0
    for instalment in locked:
        if instalment.state not in open_states:
            continue
        previous = instalment.state
        instalment.state = I.CANCELLED
        _audit(session, instalment, council, "cancelled", actor, previous)
        cancelled += 1
    session.flush()
    return cancelled


def request_due_instalments(*, session: Session, today: date) -> int:
    """`flask ledger due`: request every scheduled instalment now due, of active delegations."""
    due = session.exec(
        select(Instalment.id)
        .join(Delegation, Delegation.id == Instalment.delegation_id)
        .join(Claim, Claim.id == Delegation.claim_id)
        .where(
            Instalment.state == I.SCHEDULED,
            Instalment.due_on <= today,
            Claim.state == ClaimState.ACTIVE,
        )
        .order_by(Instalment.id)
    ).all()
    requested = 0
    for instalment_id in due:
        try:
            with session.begin_nested():
                request_instalment(session=session, instalment_id=instalment_id, actor=None)
                requested += 1
        except InstalmentStateError:
            continue  # another run requested it first
    return requested


def paid_totals(session: Session, council_id: int) -> dict[int, int]:
    """Delegation id -> pence paid, for every delegation of a council with a payment."""
    rows = session.exec(
        select(Instalment.delegation_id, func.sum(Instalment.amount_pence))
        .join(Delegation, Delegation.id == Instalment.delegation_id)
        .where(Delegation.council_id == council_id, Instalment.state == I.PAID)
        .group_by(Instalment.delegation_id)
    )
    return {delegation_id: int(total) for delegation_id, total in rows}


def paid_total(session: Session, delegation_id: int) -> int:
    return session.exec(
        select(func.coalesce(func.sum(Instalment.amount_pence), 0)).where(
            Instalment.delegation_id == delegation_id, Instalment.state == I.PAID
        )
    ).one()
