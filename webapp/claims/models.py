"""Claims: a group's bid to run one function at one level in one area."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Date, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from webapp.db import UTCDateTime, foreign_key, utcnow


class ClaimState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"
    REVOKED = "revoked"
    REJECTED = "rejected"


# States in which a claim holds its function: at most one such claim per area and function.
HOLDING_STATES = (ClaimState.APPROVED, ClaimState.ACTIVE, ClaimState.SUSPENDED)
_HOLDING_SQL = "state IN ('approved', 'active', 'suspended')"


def _text() -> Column:
    return Column(Text, nullable=False, default="")


class Claim(SQLModel, table=True):
    __tablename__ = "claim"
    __table_args__ = (
        Index(
            "ix_claim_one_holder_per_function",
            "area_id",
            "function_key",
            unique=True,
            sqlite_where=text(_HOLDING_SQL),
            postgresql_where=text(_HOLDING_SQL),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=foreign_key("community_group.id"))
    area_id: int = Field(sa_column=foreign_key("area.id", ondelete="RESTRICT"))
    menu_version_id: int = Field(sa_column=foreign_key("menu_version.id", ondelete="RESTRICT"))
    function_key: str = Field(max_length=60)
    level_key: str = Field(max_length=20)
    state: str = Field(max_length=20, default=ClaimState.DRAFT, index=True)
    delivery: str = Field(default="", sa_column=_text())
    capability: str = Field(default="", sa_column=_text())
    finances: str = Field(default="", sa_column=_text())
    involvement: str = Field(default="", sa_column=_text())
    outcomes: str = Field(default="", sa_column=_text())
    start_date: date | None = Field(default=None, sa_column=Column(Date))
    rejection_reason: str | None = Field(default=None, sa_column=Column(Text))
    mandate_override_reason: str | None = Field(default=None, sa_column=Column(Text))
    mandate_override_by_id: int | None = Field(
        default=None, sa_column=foreign_key("user_account.id", nullable=True, ondelete="SET NULL")
    )
    created_by_id: int | None = Field(
        default=None, sa_column=foreign_key("user_account.id", nullable=True, ondelete="SET NULL")
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    activated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Evidence(SQLModel, table=True):
    """A document a group uploaded for a claim, stored outside static/ under a random name."""

    __tablename__ = "claim_evidence"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=foreign_key("claim.id"))
    condition_key: str | None = Field(default=None, max_length=60)
    original_name: str = Field(max_length=200)
    stored_name: str = Field(max_length=64, unique=True)
    content_type: str = Field(max_length=40)
    size_bytes: int
    sha256: str = Field(max_length=64)
    uploaded_by_id: int | None = Field(
        default=None, sa_column=foreign_key("user_account.id", nullable=True, ondelete="SET NULL")
    )
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConditionCheck(SQLModel, table=True):
    """An officer's tick against one condition of the claimed option, with its evidence."""

    __tablename__ = "claim_condition_check"
    __table_args__ = (UniqueConstraint("claim_id", "condition_key"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=foreign_key("claim.id"))
    condition_key: str = Field(max_length=60)
    evidence_id: int = Field(sa_column=foreign_key("claim_evidence.id", ondelete="RESTRICT"))
    checked_by_id: int | None = Field(
        default=None, sa_column=foreign_key("user_account.id", nullable=True, ondelete="SET NULL")
    )
    checked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MonitoringReport(SQLModel, table=True):
    """A delivery report an active delegation owes the council by a due date."""

    __tablename__ = "monitoring_report"
    __table_args__ = (UniqueConstraint("claim_id", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=foreign_key("claim.id"))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    summary: str | None = Field(default=None, sa_column=Column(Text))
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    submitted_by_id: int | None = Field(
        default=None, sa_column=foreign_key("user_account.id", nullable=True, ondelete="SET NULL")
    )
    overdue_notified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
