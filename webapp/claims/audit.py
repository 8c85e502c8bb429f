"""A claim's entries in the audit trail, under its area's council."""

from sqlmodel import Session

from webapp.areas.models import Area
from webapp.audit.services import record_event
from webapp.auth.models import User
from webapp.claims.models import Claim


def record_claim_event(
    *,
    session: Session,
    claim: Claim,
    action: str,
    by: User,
    reason: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
) -> None:
    """Append what `by` did to the claim (and the state it moved between, if any)."""
    area = session.get(Area, claim.area_id)
    record_event(
        session=session,
        object_type="claim",
        object_id=claim.id,
        action=action,
        actor=by,
        council_id=area.council_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
