"""A council's staff accounts, as its admins see them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from webapp.auth.models import COUNCIL_ROLES, SignIn, User

PAGE_SIZE = 50
MAX_PAGE = 1_000


@dataclass
class StaffPage:
    rows: list[tuple[User, datetime | None]]  # each account and when it was last active
    total: int
    page: int
    pages: int


def _last_active():
    """When the account was last seen signed in: the newest of its sign-ins' last-seen
    times (kept to within a few minutes), never older than its last sign-in, or None
    for an account never signed in. Looked up account by account through the index on
    sign_in.user_id, so it costs what the council's staff have, not a pass over the
    whole table of everyone's sign-ins (residents' too) on every page."""
    seen = func.max(func.coalesce(SignIn.last_seen_at, SignIn.started_at))
    return (
        select(seen)
        .where(SignIn.user_id == User.id)
        .correlate(User)
        .scalar_subquery()
        .label("last_active")
    )


def _staff_query(council_id: int):
    """The council's staff accounts, each with when it was last active."""
    return select(User, _last_active()).where(
        User.council_id == council_id, User.role.in_(COUNCIL_ROLES)
    )


def staff_of(session: Session, *, council_id: int, page: int = 1) -> StaffPage:
    """One page of the council's staff: active accounts first, then by name."""
    total = session.exec(
        select(func.count())
        .select_from(User)
        .where(User.council_id == council_id, User.role.in_(COUNCIL_ROLES))
    ).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = session.exec(
        _staff_query(council_id)
        .order_by(User.active.desc(), func.lower(User.name), User.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return StaffPage(rows=list(rows), total=total, page=page, pages=pages)


def staff_member(
    session: Session, *, council_id: int, user_id: int
) -> tuple[User, datetime | None] | None:
    """One of the council's staff accounts and when it was last active, or None."""
    return session.exec(_staff_query(council_id).where(User.id == user_id)).first()
