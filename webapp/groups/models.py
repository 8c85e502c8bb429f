"""Community groups, their members and invitations."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from webapp.db import UTCDateTime, foreign_key, utcnow


class GroupKind(StrEnum):
    RESIDENTS_ASSOCIATION = "residents_association"
    PARISH_COUNCIL = "parish_council"
    CIC = "cic"
    CHARITY = "charity"
    TMO = "tmo"
    OTHER = "other"


class MemberRole(StrEnum):
    LEAD = "lead"
    TREASURER = "treasurer"
    MEMBER = "member"


class Group(SQLModel, table=True):
    __tablename__ = "community_group"

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(sa_column=foreign_key("council.id", ondelete="RESTRICT"))
    name: str = Field(max_length=200)
    kind: str = Field(max_length=30)
    charity_number: str | None = Field(default=None, max_length=20)
    company_number: str | None = Field(default=None, max_length=20)
    contact_email: str = Field(max_length=254)
    contact_phone: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    __tablename__ = "group_membership"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=foreign_key("community_group.id"))
    user_id: int = Field(sa_column=foreign_key("user_account.id"))
    role: str = Field(max_length=20)
    joined_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Invitation(SQLModel, table=True):
    """A link that lets one person join a group once, before it expires."""

    __tablename__ = "group_invitation"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(sa_column=foreign_key("community_group.id"))
    role: str = Field(max_length=20)
    token_hash: str = Field(max_length=64)
    created_by_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL")),
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_by_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL")),
    )
