"""Telling a council's other admins of each change to its staff accounts.

One admin can add a finance approver or an admin, or demote or disable the others:
alone, enough to approve large payments without a second person, or to take the
council's staff pages over. Admins are trusted, so nothing stops them; but each
change is told, in the app and by email, to every other admin active when it was
made (the admin it demotes or disables among them), so that none goes unnoticed.
"""

from sqlmodel import Session, select

from webapp.auth.models import Role, User
from webapp.notifications.services import notify


def other_admins(session: Session, *, council_id: int, by: User) -> list[User]:
    """The council's active admins, but for the one acting."""
    return list(
        session.exec(
            select(User).where(
                User.council_id == council_id,
                User.role == Role.ADMIN,
                User.active.is_(True),
                User.id != by.id,
            )
        )
    )


def tell_admins(
    session: Session, *, admins: list[User], kind: str, user: User, by: User, **params
) -> None:
    """Tell `admins` (read before the change) that `by` made a change (a notification
    `kind`) to the staff account `user`; each reads it in their own language."""
    notify(
        session=session,
        users=admins,
        kind=kind,
        params={"by": by.name, "name": user.name, "email": user.email, **params},
        url=f"/admin/staff/{user.id}",  # the account, with its history
    )
