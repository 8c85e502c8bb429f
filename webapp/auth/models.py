"""User accounts and their roles."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from webapp.db import UTCDateTime, foreign_key, utcnow


class Role(StrEnum):
    RESIDENT = "resident"
    GROUP_MEMBER = "group_member"
    OFFICER = "officer"
    FINANCE_APPROVER = "finance_approver"
    ADMIN = "admin"


# Roles that work for a council and so must belong to one.
COUNCIL_ROLES = (Role.OFFICER, Role.FINANCE_APPROVER, Role.ADMIN)


class User(UserMixin, SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20, default=Role.RESIDENT)
    council_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("council.id", ondelete="RESTRICT"), index=True),
    )
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The language emails to the account are written in (one of webapp.i18n.LANGUAGES);
    # None for an account that has not used the site since accounts kept one.
    language: str | None = Field(default=None, max_length=5)

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_council_staff(self) -> bool:
        return self.role in COUNCIL_ROLES

    @property
    def is_council_admin(self) -> bool:
        """An admin of a council: manages its staff accounts (webapp/staff)."""
        return self.role == Role.ADMIN and self.council_id is not None


class SignIn(SQLModel, table=True):
    """One signed-in session of an account; it ends at sign-out, and a cookie that
    names an ended one (a copy kept somewhere, say) signs nobody in."""

    __tablename__ = "sign_in"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=foreign_key("user_account.id"))
    token_hash: str = Field(max_length=64, unique=True)  # SHA-256 of the cookie's token
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # From the User-Agent header at sign-in, for the list of one's sessions.
    browser: str | None = Field(default=None, max_length=40)
    system: str | None = Field(default=None, max_length=40)
    # Kept to within a few minutes (SEEN_EVERY in webapp/auth/sign_ins.py).
    last_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PasswordReset(SQLModel, table=True):
    """A link to choose a new password, emailed to the account's address: it works
    once, within an hour (a new staff account's first one, within three days); only a
    hash of its token is stored."""

    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=foreign_key("user_account.id"))
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
