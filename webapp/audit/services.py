"""Recording and reading audit events."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from webapp.audit.models import AuditEvent

if TYPE_CHECKING:  # auth's services record audit events: importing auth here is a cycle
    from webapp.auth.models import User


def record_event(
    *,
    session: Session,
    object_type: str,
    object_id: int,
    action: str,
    actor: "User | None",
    council_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Append one event to the audit trail."""
    event = AuditEvent(
        council_id=council_id,
        object_type=object_type,
        object_id=object_id,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor_id=actor.id if actor else None,
        reason=reason,
    )
    session.add(event)
    session.flush()
    return event


def events_for(
    *,
    session: Session,
    object_type: str,
    object_id: int,
    council_id: int | None = None,
    since: datetime | None = None,
) -> list[tuple[AuditEvent, "User | None"]]:
    """An object's audit trail, oldest first, with who did each thing.

    `council_id` keeps it to one council's records; `since` (the object's creation) to
    this object's: an id can be used again after a deletion (a cancelled round's, on
    SQLite), and the trail of the object that had it first is not this one's.
    """
    from webapp.auth.models import User  # at call time, when auth is fully imported

    query = (
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
    )
    if council_id is not None:
        query = query.where(AuditEvent.council_id == council_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return list(session.exec(query.order_by(AuditEvent.at, AuditEvent.id)).all())
