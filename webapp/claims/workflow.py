"""The claim state machine of DESIGN.md, in one place: every change goes through transition()."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from webapp.areas.menus import latest_version
from webapp.areas.models import Area
from webapp.auth.models import User
from webapp.auth.permissions import is_staff_of_user
from webapp.claims.audit import record_claim_event
from webapp.claims.mandate import mandate_for
from webapp.claims.models import HOLDING_STATES, Claim, ClaimState, ConditionCheck
from webapp.claims.monitoring import schedule_first_report
from webapp.claims.people import claim_audience
from webapp.claims.queries import claim_option, describe, locked_claim
from webapp.db import utcnow
from webapp.errors import DomainError
from webapp.groups.models import MemberRole
from webapp.groups.services import membership
from webapp.i18n import lazy_gettext as _l
from webapp.notifications.services import notify

S = ClaimState
GROUP, OFFICER = "group", "officer"
# Until it is active, a claim's mandate is checked at every step, so an override may be needed.
OVERRIDABLE_STATES = (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED)


@dataclass(frozen=True)
class Step:
    sources: tuple[ClaimState, ...]
    target: ClaimState
    by: str
    needs_reason: bool = False


STEPS = {
    "submit": Step((S.DRAFT,), S.SUBMITTED, GROUP),
    "start_review": Step((S.SUBMITTED,), S.UNDER_REVIEW, OFFICER),
    "approve": Step((S.UNDER_REVIEW,), S.APPROVED, OFFICER),
    "reject": Step((S.SUBMITTED, S.UNDER_REVIEW), S.REJECTED, OFFICER, needs_reason=True),
    "activate": Step((S.APPROVED,), S.ACTIVE, OFFICER),
    "suspend": Step((S.ACTIVE,), S.SUSPENDED, OFFICER, needs_reason=True),
    "reinstate": Step((S.SUSPENDED,), S.ACTIVE, OFFICER),
    "end": Step((S.ACTIVE,), S.ENDED, OFFICER),
    "revoke": Step((S.ACTIVE, S.SUSPENDED), S.REVOKED, OFFICER, needs_reason=True),
}
NOTICE = {
    S.SUBMITTED: "claim_submitted",
    S.UNDER_REVIEW: "claim_under_review",
    S.APPROVED: "claim_approved",
    S.REJECTED: "claim_rejected",
    S.ACTIVE: "claim_active",
    S.SUSPENDED: "claim_suspended",
    S.ENDED: "claim_ended",
    S.REVOKED: "claim_revoked",
}


class IllegalTransition(DomainError):
    message = _l("That cannot be done to a claim in its current state.")


class NotAllowed(DomainError):
    message = _l("You are not allowed to do that to this claim.")


class ReasonRequired(DomainError):
    message = _l("Give a reason: it is recorded and shown to the group.")


class NoMandate(DomainError):
    message = _l(
        "The residents' latest vote does not support this level for this service, so the claim cannot be submitted. Claim a lower level, or ask the council about a discretionary override."
    )


class MandateLapsed(DomainError):
    message = _l(
        "The residents' latest vote no longer supports this level for this service, so the claim cannot go ahead. Reject it, or record a discretionary override with a reason."
    )


class MenuSuperseded(DomainError):
    message = _l(
        "The council has published a new menu for this area since this claim was drafted, so it cannot go ahead on the old menu's terms. Start a new claim on the current menu."
    )


class ConditionsOutstanding(DomainError):
    message = _l(
        "Every condition must be checked against evidence before the claim can be approved."
    )


class FunctionTaken(DomainError):
    message = _l("Another group already holds this service in this area.")


class ClaimIncomplete(DomainError):
    message = _l("Fill in every part of the claim before submitting it.")


class OwnGroup(NotAllowed):
    message = _l(
        "You belong to the group that made this claim, so a colleague at the council must decide it."
    )


def may_act(session: Session, claim: Claim, user: User, by: str) -> bool:
    """Group steps are for the group's lead or treasurer; officer steps for the council's
    staff who are not in the group."""
    member = membership(session, claim.group_id, user.id)
    if by == GROUP:
        return member is not None and member.role in (MemberRole.LEAD, MemberRole.TREASURER)
    area = session.get(Area, claim.area_id)
    return member is None and is_staff_of_user(user, area.council_id)


def ensure_may_act(session: Session, claim: Claim, user: User, by: str) -> None:
    """Raise saying why, when the user may not take a step of this kind."""
    if may_act(session, claim, user, by):
        return
    area = session.get(Area, claim.area_id)
    if by == OFFICER and is_staff_of_user(user, area.council_id):
        raise OwnGroup()  # staff of the council, refused only for being in the group
    raise NotAllowed()


def holder_exists(session: Session, claim: Claim) -> bool:
    return (
        session.exec(
            select(func.count())
            .select_from(Claim)
            .where(
                Claim.area_id == claim.area_id,
                Claim.function_key == claim.function_key,
                Claim.state.in_(HOLDING_STATES),
                Claim.id != claim.id,
            )
        ).one()
        > 0
    )


def _check_submit(session: Session, claim: Claim) -> None:
    texts = (claim.delivery, claim.capability, claim.finances, claim.involvement, claim.outcomes)
    if not all(t.strip() for t in texts) or claim.start_date is None:
        raise ClaimIncomplete()
    if holder_exists(session, claim):
        raise FunctionTaken()
    if not has_mandate(session, claim):
        raise NoMandate()


def has_mandate(session: Session, claim: Claim) -> bool:
    """The latest closed vote supports the claim's level, or an officer overrode it with a reason."""
    if claim.mandate_override_reason:
        return True
    mandate = mandate_for(session=session, area_id=claim.area_id, function_key=claim.function_key)
    return mandate.supports(claim.level_key)


def on_current_menu(session: Session, claim: Claim) -> bool:
    """The claim was drafted on the menu version the area offers now."""
    area = session.get(Area, claim.area_id)
    current = latest_version(session, area.menu_id) if area.menu_id else None
    return current is not None and current.id == claim.menu_version_id


def outstanding_conditions(session: Session, claim: Claim) -> list[str]:
    option = claim_option(session, claim)
    checked = set(
        session.exec(
            select(ConditionCheck.condition_key).where(ConditionCheck.claim_id == claim.id)
        )
    )
    return [key for key in (option.conditions if option else ()) if key not in checked]


def transition(
    *,
    session: Session,
    claim: Claim,
    action: str,
    actor: User,
    reason: str | None = None,
    now: datetime | None = None,
    schedule: str | None = None,
) -> Claim:
    """Move a claim by one step of the state machine, or raise saying why not.

    `schedule` (monthly, quarterly, annual) sets the instalments when a claim is approved.
    """
    now = now or utcnow()
    step = STEPS.get(action)
    claim = locked_claim(session, claim.id)  # a colleague may have decided since it was read
    if step is None or claim.state not in step.sources:
        raise IllegalTransition()
    ensure_may_act(session, claim, actor, step.by)
    reason = (reason or "").strip() or None
    if step.needs_reason and not reason:
        raise ReasonRequired()
    if action in ("submit", "approve") and not on_current_menu(session, claim):
        raise MenuSuperseded()  # its budget and conditions would be the old menu's
    if action == "submit":
        _check_submit(session, claim)
        claim.submitted_at = now
    if action in ("approve", "activate") and not has_mandate(session, claim):
        raise MandateLapsed()  # a vote closed since the claim was submitted
    if action == "approve":
        if outstanding_conditions(session, claim):
            raise ConditionsOutstanding()
        if holder_exists(session, claim):
            raise FunctionTaken()
        from webapp.ledger.delegations import claim_budget  # the ledger builds on claims

        claim_budget(session, claim)  # a budget too large to hold is refused before any change
    if action in ("approve", "reject"):
        claim.decided_at = now
    if action == "reject":
        claim.rejection_reason = reason
    previous = claim.state
    claim.state = step.target
    if action == "activate":
        claim.activated_at = now
        schedule_first_report(session=session, claim=claim, today=now.date())
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise FunctionTaken() from None
    record_claim_event(
        session=session,
        claim=claim,
        action=action,
        by=actor,
        from_state=previous,
        to_state=claim.state,
        reason=reason,
    )
    from webapp.ledger.lifecycle import on_claim_changed  # the ledger builds on claims

    on_claim_changed(session=session, claim=claim, action=action, actor=actor, schedule=schedule)
    params = {**describe(session, claim), "reason": reason or ""}
    notify(
        session=session,
        users=claim_audience(session, claim),
        kind=NOTICE[claim.state],
        params=params,
        url=f"/claims/{claim.id}",
    )
    return claim


def override_mandate(*, session: Session, claim: Claim, actor: User, reason: str) -> Claim:
    """An officer lets a claim go ahead without the vote's support, with a recorded reason."""
    claim = locked_claim(session, claim.id)
    if claim.state not in OVERRIDABLE_STATES:
        raise IllegalTransition()
    ensure_may_act(session, claim, actor, OFFICER)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    claim.mandate_override_reason = reason
    claim.mandate_override_by_id = actor.id
    record_claim_event(
        session=session, claim=claim, action="mandate_override", by=actor, reason=reason
    )
    notify(
        session=session,
        users=claim_audience(session, claim),
        kind="mandate_overridden",
        params={**describe(session, claim), "reason": reason},
        url=f"/claims/{claim.id}",
    )
    session.flush()
    return claim
