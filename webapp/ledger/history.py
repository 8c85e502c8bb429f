"""The audit trail of a delegation's money: its instalments and its rebate postings."""

from sqlmodel import Session, and_, or_, select

from webapp.audit.models import AuditEvent
from webapp.audit.services import HistoryEntry, history
from webapp.auth.models import User


def delegation_history(
    session: Session, delegation_id: int, instalment_ids: list[int]
) -> list[HistoryEntry]:
    """Every event of the delegation itself and of its instalments, oldest first."""
    of_delegation = and_(
        AuditEvent.object_type == "delegation", AuditEvent.object_id == delegation_id
    )
    of_instalments = and_(
        AuditEvent.object_type == "instalment", AuditEvent.object_id.in_(instalment_ids)
    )
    rows = session.exec(
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(or_(of_delegation, of_instalments))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return history(session, list(rows))
