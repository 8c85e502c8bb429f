"""Resetting a forgotten password through a link sent to the account's email address.

The link works once, within an hour, and only a hash of its token is stored. Asking
again replaces an unused link. A new staff account's first link (webapp/staff) is made
the same way, live for longer. Whether an address has an account is never shown:
the page says the same either way, and only the address's owner gets the email.
"""

from datetime import timedelta

from flask import url_for
from sqlalchemy import delete, update
from sqlmodel import Session, select
from werkzeug.security import generate_password_hash

from webapp.audit.models import AuditEvent
from webapp.auth.models import PasswordReset, User
from webapp.auth.services import (
    PASSWORD_METHOD,
    audit_account,
    check_new_password,
    user_by_email,
)
from webapp.auth.sign_ins import end_sign_ins
from webapp.db import utcnow
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l
from webapp.notifications.services import send_email
from webapp.tokens import new_token, token_hash

LINK_LIFETIME = timedelta(hours=1)
# Audit actions after which an account's password is one its owner chose.
PASSWORD_CHOSEN = ("password_reset", "password_changed")


class ResetLinkInvalid(DomainError):
    message = _l(
        "This link to reset a password has expired or has been used. Ask for a new one below."
    )


def request_reset(*, session: Session, email: str) -> bool:
    """Email a reset link if an active account has this address; True if one was sent."""
    user = user_by_email(session=session, email=email)
    if user is None or not user.active:
        return False
    send_password_link(session=session, user=user, kind="password_reset", params={})
    return True


def send_password_link(
    *,
    session: Session,
    user: User,
    kind: str,
    params: dict,
    lifetime: timedelta = LINK_LIFETIME,
) -> None:
    """Email the account a link to choose its password (a notification `kind`), live for
    `lifetime`; it replaces any link the account had."""
    now = utcnow()
    session.execute(  # one live link per account, and no used or expired ones kept
        delete(PasswordReset).where(PasswordReset.user_id == user.id)
    )
    token, hashed = new_token()
    session.add(
        PasswordReset(user_id=user.id, token_hash=hashed, created_at=now, expires_at=now + lifetime)
    )
    session.flush()
    send_email(
        session=session,
        user=user,
        kind=kind,
        params=params,
        url=url_for("auth.choose_new_password", token=token),
    )


def awaiting_first_password(*, session: Session, user: User) -> bool:
    """Whether the account was added by someone else (a council admin, webapp/staff),
    with a password nobody knows, and no password has been chosen for it since: its
    emailed link is its only way in. Read from its audit trail: an account made by
    its owner or on the server is created with no actor, and choosing a password
    through a link, or changing it, is audited."""
    actions = select(AuditEvent.id).where(
        AuditEvent.object_type == "user", AuditEvent.object_id == user.id
    )
    added = actions.where(AuditEvent.action == "created", AuditEvent.actor_id.is_not(None))
    chosen = actions.where(AuditEvent.action.in_(PASSWORD_CHOSEN))
    return (
        session.exec(added.limit(1)).first() is not None
        and session.exec(chosen.limit(1)).first() is None
    )


def _live_link(session: Session, token: str) -> tuple[PasswordReset, User]:
    """The unused, unexpired link and the active account it resets; else ResetLinkInvalid."""
    found = session.exec(
        select(PasswordReset, User)
        .join(User, User.id == PasswordReset.user_id)
        .where(PasswordReset.token_hash == token_hash(token))
    ).first()
    if found is None:
        raise ResetLinkInvalid()
    reset, user = found
    if reset.used_at is not None or utcnow() >= reset.expires_at or not user.active:
        raise ResetLinkInvalid()
    return reset, user


def account_for_link(*, session: Session, token: str) -> User:
    """The account a live link resets, or ResetLinkInvalid."""
    return _live_link(session, token)[1]


def reset_password(*, session: Session, token: str, new: str) -> User:
    """Set the new password through a live link, which is then used up; every
    session of the account ends."""
    reset, user = _live_link(session, token)
    check_new_password(new, session=session, email=user.email, name=user.name)
    now = utcnow()
    used = session.execute(  # two requests racing with one link: only one gets here
        update(PasswordReset)
        .where(
            PasswordReset.id == reset.id,
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(used_at=now)
    )
    if used.rowcount != 1:
        raise ResetLinkInvalid()
    user.password_hash = generate_password_hash(new, method=PASSWORD_METHOD)
    session.add(user)
    end_sign_ins(session=session, user=user)
    audit_account(session, user, "password_reset", actor=None)
    session.flush()
    return user
