from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from webapp.db import UTCDateTime, utcnow


class Notification(SQLModel, table=True):
    """A message for one user; its text is written in the reader's language when shown."""

    __tablename__ = "notification"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    kind: str = Field(max_length=40)
    params: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    url: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
