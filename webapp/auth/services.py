"""Creating accounts and checking passwords."""

import os
import re

from sqlalchemy import update
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from webapp.audit.services import record_event
from webapp.audit.wording import worded
from webapp.auth.models import COUNCIL_ROLES, Role, User
from webapp.auth.sign_ins import end_sign_in_by_id, end_sign_ins
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l

MIN_PASSWORD_LENGTH = 12
# zxcvbn's 0..4 estimate: below 3, a password is common or close to one (its 30,000-word list).
MIN_PASSWORD_SCORE = 3
# Words a password must not be built on (ASVS V6.1.2), given to zxcvbn with the
# person's own name and email and the names of the councils and areas on the site
# (context_words): the product's and the service's words that a resident sees on
# every page and an attacker would try first.
CONTEXT_WORDS = (
    "neighbourhood",
    "neighborhood",
    "menu",
    "council",
    "community",
    "ballot",
    "vote",
    "voting",
    "kiosk",
    "delegation",
    "rebate",
    "estate",
    "village",
)
# scrypt with N = 2^15, r = 8, p = 3: one of OWASP's equal-strength settings to its
# N = 2^17, p = 1 minimum, in 32 MiB a hash instead of 128 (about 0.25 s here).
# Hashes made with weaker settings still verify, and are redone at the next sign-in.
DEFAULT_PASSWORD_METHOD = "scrypt:32768:8:3"  # noqa: S105 - a hash method, not a password
# The test suites set a cheap method so that hundreds of accounts take seconds, not minutes.
PASSWORD_METHOD = os.environ.get("PASSWORD_HASH_METHOD") or DEFAULT_PASSWORD_METHOD
# Checked against when the email is unknown, so both paths cost the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_METHOD)
# The method as Werkzeug writes it in a hash ("scrypt" alone becomes scrypt:32768:8:1).
CURRENT_METHOD = _DUMMY_HASH.split("$", 1)[0]


def weaker_than_current(method: str) -> bool:
    """Whether a stored hash's method should give way to the current one: the same
    function with no setting above the current ones, or PBKDF2 where the current one
    is scrypt. Never a stronger or a sideways one, so that a cheaper method set by
    mistake weakens nothing. (Setting by setting, so scrypt N = 2^16, p = 1, cheaper
    than 2^15 with p = 3 in N x r x p, is left as it is: sideways.)"""
    if method == CURRENT_METHOD:
        return False
    name, *settings = method.split(":")
    current_name, *current = CURRENT_METHOD.split(":")
    if name != current_name:
        return name == "pbkdf2" and current_name == "scrypt"
    if name == "pbkdf2":  # pbkdf2:DIGEST:ITERATIONS
        if settings[:1] != current[:1]:
            return False
        settings, current = settings[1:], current[1:]
    if len(settings) != len(current) or not all(x.isdigit() for x in settings + current):
        return False
    return all(int(mine) <= int(theirs) for mine, theirs in zip(settings, current, strict=True))


class InvalidPassword(DomainError):
    message = _l("Passwords must be at least 12 characters long.")


class EmailTaken(DomainError):
    message = _l("An account with that email address already exists. Sign in instead.")


class GuessablePassword(DomainError):
    message = _l(
        "That password is too easy to guess: it is common, or built on a common word, a "
        "name or a word this site uses. A few unrelated words make a good one."
    )


class WrongPassword(DomainError):
    message = _l("That password is not right.")


class SamePassword(DomainError):
    message = _l("Choose a new password, not the one you have now.")


class CouncilRequired(DomainError):
    message = _l("Council officers must belong to a council.")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    *,
    session: Session,
    email: str,
    name: str,
    password: str,
    role: Role = Role.RESIDENT,
    council_id: int | None = None,
    on_server: bool = False,
) -> User:
    """Create an account with a hashed password; the audit trail says whether it was
    made on the site or on the server's command line (`on_server`)."""
    check_new_password(password, session=session, email=email, name=name)
    if role in COUNCIL_ROLES and council_id is None:
        raise CouncilRequired()
    if user_by_email(session=session, email=email) is not None:
        raise EmailTaken()
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=generate_password_hash(password, method=PASSWORD_METHOD),
        role=role,
        council_id=council_id,
    )
    session.add(user)
    session.flush()
    audit_account(
        session,
        user,
        "created",
        actor=None,
        to_state=str(role),
        reason=worded("account_created_on_server") if on_server else worded("account_registered"),
    )
    return user


def context_words(session: Session) -> list[str]:
    """CONTEXT_WORDS and every word of four letters or more in the names of this site's
    councils and areas ("Millbrook", "Ashworth")."""
    from webapp.areas.models import Area, Council

    names = [*session.exec(select(Council.name)).all(), *session.exec(select(Area.name)).all()]
    words = {word.lower() for name in names for word in re.findall(r"[^\W\d_]{4,}", name)}
    return [*CONTEXT_WORDS, *sorted(words - set(CONTEXT_WORDS))]


def check_new_password(password: str, *, session: Session, email: str, name: str) -> None:
    """Refuse a password that is short, common, or built from the person's own name
    or the site's words."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidPassword()
    known = [email, name, *email.split("@"), *context_words(session)]
    if zxcvbn(password[:200], user_inputs=known)["score"] < MIN_PASSWORD_SCORE:
        raise GuessablePassword()


def audit_account(session: Session, user: User, action: str, actor: User | None, **details) -> None:
    record_event(
        session=session,
        object_type="user",
        object_id=user.id,
        action=action,
        actor=actor,
        council_id=user.council_id,
        **details,
    )


def change_password(*, session: Session, user: User, current: str, new: str) -> None:
    """Set a new password and end every sign-in of the account (the caller may begin
    a new one for the session that made the change)."""
    if not check_password_hash(user.password_hash, current):
        raise WrongPassword()
    if new == current:
        raise SamePassword()
    check_new_password(new, session=session, email=user.email, name=user.name)
    user.password_hash = generate_password_hash(new, method=PASSWORD_METHOD)
    session.add(user)
    end_sign_ins(session=session, user=user)
    audit_account(session, user, "password_changed", actor=user)


def end_all_sessions(*, session: Session, user: User, actor: User | None) -> None:
    """Sign the account out everywhere, on a device it no longer has too: by its
    owner, or by an administrator (`actor` None for the server's command line)."""
    end_sign_ins(session=session, user=user)
    audit_account(session, user, "sessions_ended", actor)


def end_everyones_sessions(*, session: Session) -> tuple[int, int]:
    """Sign every account out everywhere, from the server's command line (after a
    break-in, say), and void every unused reset link; audited with the counts.
    Returns (sessions ended, links voided)."""
    ended, voided = end_sign_ins(session=session, user=None)
    audit_site(
        session,
        "sessions_ended",
        reason=worded("everyone_signed_out", sessions=ended, links=voided),
    )
    return ended, voided


def audit_site(session: Session, action: str, **details) -> None:
    """An event of the whole site rather than of one account (object id 0), by the
    server's command line."""
    record_event(
        session=session, object_type="site", object_id=0, action=action, actor=None, **details
    )


def end_one_session(*, session: Session, user: User, sign_in_id: int) -> bool:
    """Sign the account out of one of its sessions (another browser, say); False if
    the account has no live session by that id."""
    if not end_sign_in_by_id(session=session, user=user, sign_in_id=sign_in_id):
        return False
    audit_account(
        session,
        user,
        "session_ended",
        actor=user,
        reason=worded("sign_in_ended", sign_in=sign_in_id),
    )
    return True


def user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def set_active(*, session: Session, user: User, active: bool, actor: User | None = None) -> bool:
    """Disable an account (it can no longer sign in, and its sessions end) or enable it;
    False if it was so already, and nothing changed."""
    if user.active == active:
        return False
    user.active = active
    session.add(user)
    if not active:
        end_sign_ins(session=session, user=user)
    audit_account(session, user, "enabled" if active else "disabled", actor)
    return True


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None.

    A password stored with older hash settings is hashed again with the current ones."""
    user = user_by_email(session=session, email=email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    checked = user.password_hash
    if not check_password_hash(checked, password) or not user.active:
        return None
    method = checked.split("$", 1)[0]
    if weaker_than_current(method) and not _rehash(session, user, password, checked, method):
        return None  # the password changed while this one was being checked
    return user


def _rehash(session: Session, user: User, password: str, checked: str, method: str) -> bool:
    """Store the password with the current settings, unless its hash changed since it
    was checked (a reset in between must win); False if it did."""
    result = session.execute(
        update(User)
        .where(User.id == user.id, User.password_hash == checked)
        .values(password_hash=generate_password_hash(password, method=PASSWORD_METHOD))
    )
    session.expire(user, ["password_hash"])
    if result.rowcount != 1:
        return False
    audit_account(
        session,
        user,
        "password_rehashed",
        actor=user,
        reason=worded("password_rehashed", old=method, new=CURRENT_METHOD),
    )
    return True
