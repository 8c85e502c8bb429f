from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel

from webapp.db import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    """One state change, append-only."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_object", "object_type", "object_id"),)

    id: int | None = Field(default=None, primary_key=True)
    council_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("council.id"), index=True)
    )
    object_type: str = Field(max_length=30)
    object_id: int
    action: str = Field(max_length=40)
    from_state: str | None = Field(default=None, max_length=20)
    to_state: str | None = Field(default=None, max_length=20)
    actor_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL"))
    )
    # What a person typed (a rejection's reason), or the English an older version wrote.
    reason: str | None = Field(default=None, sa_column=Column(Text))
    # What the app itself says, stored without words: a key of webapp.audit.wording's
    # WORDINGS and its parameters, worded when read, in the reader's language.
    reason_key: str | None = Field(default=None, max_length=40)
    reason_params: dict | None = Field(default=None, sa_column=Column(JSON))
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
