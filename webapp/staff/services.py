"""A council admin's changes to the council's staff accounts: adding one, changing its
role, disabling and enabling it. Each is audited with the admin who made it.

A council always keeps an active admin, and an admin changes other people's accounts,
never their own. Changes to one council's staff wait for each other (a lock on the
council's row), so two admins demoting each other at once cannot leave it without one.
Each change is told to the council's other admins (webapp/staff/notices.py).
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select
from werkzeug.security import generate_password_hash

from webapp.areas.models import Council
from webapp.auth.models import COUNCIL_ROLES, Role, User
from webapp.auth.resets import awaiting_first_password, send_password_link
from webapp.auth.services import (
    PASSWORD_METHOD,
    audit_account,
    end_all_sessions,
    normalise_email,
    set_active,
    user_by_email,
)
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l
from webapp.notifications.messages import staff_role
from webapp.staff.notices import other_admins, tell_admins
from webapp.tokens import new_token

# A new account's link to choose its password: longer than a reset's hour, as the email
# may reach someone before their first day, yet short enough that an unread link in an
# inbox does not stay a way in. Once it has expired, "Forgotten your password?" sends
# the person a new (one-hour) link.
INVITATION_LIFETIME = timedelta(days=3)


@dataclass(frozen=True)
class StaffChange:
    """What a change to a staff account did: `changed` False when the account was as
    asked already (nothing done, nothing audited, no one told); `invited` when it has
    never chosen a password, so a new link to choose one was emailed, the change
    having voided the one it had."""

    changed: bool
    invited: bool = False


UNCHANGED = StaffChange(changed=False)


class NotAStaffRole(DomainError):
    message = _l("Choose one of the options offered.")


class StaffEmailTaken(DomainError):
    # Says no more than that the address is in use: not whose account, which council's,
    # or whether it is a resident's (who would otherwise be made staff unawares).
    message = _l(
        "That email address already has an account on this site, so it cannot be added. "
        "If it is one of your council's staff, find it in the list; otherwise use "
        "another address, such as the person's work email."
    )


class OwnAccount(DomainError):
    message = _l("You cannot disable your own account or change your own role: ask another admin.")


class LastAdmin(DomainError):
    message = _l("The council needs at least one active admin: make someone else an admin first.")


class NotCouncilAdmin(DomainError):
    message = _l("Only the council's admins can change its staff accounts.")


def _staff_role(role: str) -> Role:
    if role not in COUNCIL_ROLES:
        raise NotAStaffRole()
    return Role(role)


def _active_admins(session: Session, council_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(User)
        .where(User.council_id == council_id, User.role == Role.ADMIN, User.active.is_(True))
    ).one()


def _hold_council(session: Session, *, user: User, by: User) -> None:
    """Wait for any other change to this council's staff, then read both accounts
    afresh: the admin acting must still be one, of the account's council."""
    session.exec(select(Council.id).where(Council.id == user.council_id).with_for_update()).one()
    session.refresh(by)
    session.refresh(user)
    if not (by.is_council_admin and by.active and by.council_id == user.council_id):
        raise NotCouncilAdmin()


def _keep_an_admin(session: Session, *, user: User, by: User) -> None:
    """Refuse to take away this account's admin role or its access when it is the
    council's last active admin, or the acting admin's own."""
    if user.role == Role.ADMIN and user.active and _active_admins(session, user.council_id) <= 1:
        raise LastAdmin()
    if user.id == by.id:
        raise OwnAccount()


def _invite(session: Session, *, user: User, by: User) -> None:
    """Email the account a link to choose its password, live for three days."""
    council = session.get(Council, user.council_id)
    send_password_link(
        session=session,
        user=user,
        kind="staff_account",
        params={"by": by.name, "council": council.name, "role": staff_role(user.role)},
        lifetime=INVITATION_LIFETIME,
    )


def _invite_again(session: Session, *, user: User, by: User) -> bool:
    """After a change that voided its link: a new one for an active account that has
    not chosen a password yet, so that the newcomer is not locked out (a disabled one
    gets its link when enabled). Whether one went."""
    if not user.active or not awaiting_first_password(session=session, user=user):
        return False
    _invite(session, user=user, by=by)
    return True


def add_staff(*, session: Session, council_id: int, email: str, name: str, role: str, by: User):
    """A new staff account of the council, with no password anyone knows, and an email
    to its address with a link to choose one; audited as made by `by`."""
    role = _staff_role(role)
    if by.council_id != council_id or not by.is_council_admin:
        raise NotCouncilAdmin()
    if user_by_email(session=session, email=email) is not None:
        raise StaffEmailTaken()
    admins = other_admins(session, council_id=council_id, by=by)
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=generate_password_hash(new_token()[0], method=PASSWORD_METHOD),
        role=role,
        council_id=council_id,
    )
    try:
        with session.begin_nested():  # the same address added at the same moment
            session.add(user)
            session.flush()
    except IntegrityError:
        raise StaffEmailTaken() from None
    audit_account(session, user, "created", by, to_state=str(role))
    _invite(session, user=user, by=by)
    tell_admins(session, admins=admins, kind="staff_added", user=user, by=by, role=staff_role(role))
    return user


def change_staff_role(*, session: Session, user: User, role: str, by: User) -> StaffChange:
    """Give a staff account another staff role; its sessions end, so it signs in again
    to work in the new one (one whose owner has not chosen a password gets a new link)."""
    role = _staff_role(role)
    _hold_council(session, user=user, by=by)
    if user.role == role:
        return UNCHANGED
    if user.role == Role.ADMIN:  # the acting admin's own account is one
        _keep_an_admin(session, user=user, by=by)
    admins = other_admins(session, council_id=user.council_id, by=by)
    before = user.role
    user.role = role
    session.add(user)
    audit_account(session, user, "role_changed", by, from_state=str(before), to_state=str(role))
    end_all_sessions(session=session, user=user, actor=by)  # and its unused link
    invited = _invite_again(session, user=user, by=by)
    tell_admins(
        session,
        admins=admins,
        kind="staff_role_changed",
        user=user,
        by=by,
        old_role=staff_role(before),
        role=staff_role(role),
    )
    return StaffChange(changed=True, invited=invited)


def disable_staff(*, session: Session, user: User, by: User) -> StaffChange:
    """Stop a staff account signing in; its sessions and any unused password link end."""
    _hold_council(session, user=user, by=by)
    if not user.active:
        return UNCHANGED
    _keep_an_admin(session, user=user, by=by)
    admins = other_admins(session, council_id=user.council_id, by=by)
    set_active(session=session, user=user, active=False, actor=by)
    tell_admins(session, admins=admins, kind="staff_disabled", user=user, by=by)
    return StaffChange(changed=True)


def enable_staff(*, session: Session, user: User, by: User) -> StaffChange:
    """Let a disabled staff account sign in again, with the role it had (one that has
    not chosen a password yet gets a new link: disabling voided its last)."""
    _hold_council(session, user=user, by=by)
    if user.active:
        return UNCHANGED
    admins = other_admins(session, council_id=user.council_id, by=by)
    set_active(session=session, user=user, active=True, actor=by)
    invited = _invite_again(session, user=user, by=by)
    tell_admins(session, admins=admins, kind="staff_enabled", user=user, by=by)
    return StaffChange(changed=True, invited=invited)
