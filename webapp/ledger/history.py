"""The audit trail of a delegation's instalments."""

from sqlmodel import Session, select

from webapp.audit.models import AuditEvent
from webapp.auth.models import User


def instalment_history(
    session: Session, instalment_ids: list[int]
) -> list[tuple[AuditEvent, User | None]]:
    if not instalment_ids:
        return []
    return list(
        session.exec(
            select(AuditEvent, User)
            .outerjoin(User, User.id == AuditEvent.actor_id)
            .where(AuditEvent.object_type == "instalment", AuditEvent.object_id.in_(instalment_ids))
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
