"""Signed-in sessions kept on the server, so that signing out ends them for good.

The session cookie is signed but is not the only copy of itself: a copy saved from
a shared computer, a proxy log or a backup would sign in again until it expired.
Each sign-in therefore has a row here, named in the cookie by a random token (only
its hash is stored), and a cookie whose row has ended signs nobody in.
"""

from datetime import timedelta

from sqlalchemy import delete, func, or_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from webapp.auth.models import PasswordReset, SignIn, User
from webapp.db import utcnow
from webapp.tokens import new_token, token_hash

# The longest a sign-in lasts, however active; staff sessions end sooner (config).
LONGEST_SIGN_IN = timedelta(days=30)
# How often a sign-in's last-seen time is written: a write of its own, so rarely.
SEEN_EVERY = timedelta(minutes=5)

# (marker in the User-Agent header, name shown), first match wins: Edge and Opera
# also say Chrome, Chrome also says Safari, Android also says Linux.
BROWSERS = (
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("OPT/", "Opera"),
    ("Opera", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def describe_user_agent(user_agent: str | None) -> tuple[str | None, str | None]:
    """The browser and the system a User-Agent header names, each None if unknown."""
    text = (user_agent or "")[:1000]
    browser = next((name for marker, name in BROWSERS if marker in text), None)
    system = next((name for marker, name in SYSTEMS if marker in text), None)
    return browser, system


def begin_sign_in(*, session: Session, user: User, user_agent: str | None = None) -> str:
    """A new sign-in of the account; returns the token for the session cookie.

    The account's ended and over-age sign-ins are deleted, so its rows stay few.
    """
    now = utcnow()
    session.execute(
        delete(SignIn).where(
            SignIn.user_id == user.id,
            or_(SignIn.ended_at.is_not(None), SignIn.started_at < now - LONGEST_SIGN_IN),
        )
    )
    token, hashed = new_token()
    browser, system = describe_user_agent(user_agent)
    session.add(
        SignIn(
            user_id=user.id,
            token_hash=hashed,
            started_at=now,
            last_seen_at=now,
            browser=browser,
            system=system,
        )
    )
    session.flush()
    return token


def seen_long_ago(sign_in: SignIn) -> bool:
    """Whether the sign-in's last-seen time is due to be written again."""
    return sign_in.last_seen_at is None or utcnow() - sign_in.last_seen_at >= SEEN_EVERY


def note_seen(*, session: Session, sign_in: SignIn) -> None:
    """Write the sign-in's last-seen time (in `session`, which may not be the one the
    sign-in was read in: the copy read is brought up to date too)."""
    now = utcnow()
    session.execute(
        update(SignIn)
        .where(SignIn.id == sign_in.id)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(sign_in, "last_seen_at", now)


def live_sign_ins(
    *, session: Session, user: User, seen_within: timedelta, started_within: timedelta
) -> list[SignIn]:
    """The account's sessions that may still sign in, last seen first: not ended, and
    seen (or begun) within `seen_within` (a cookie unused for longer has expired),
    begun within `started_within`."""
    now = utcnow()
    seen = func.coalesce(SignIn.last_seen_at, SignIn.started_at)
    return session.exec(
        select(SignIn)
        .where(
            SignIn.user_id == user.id,
            SignIn.ended_at.is_(None),
            SignIn.started_at >= now - min(started_within, LONGEST_SIGN_IN),
            seen >= now - seen_within - SEEN_EVERY,
        )
        .order_by(seen.desc(), SignIn.id.desc())
    ).all()


def end_sign_in_by_id(*, session: Session, user: User, sign_in_id: int) -> bool:
    """End one of the account's own sessions; False if it has none live by that id."""
    result = session.execute(
        update(SignIn)
        .where(SignIn.id == sign_in_id, SignIn.user_id == user.id, SignIn.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    return result.rowcount == 1


def live_sign_in(*, session: Session, user_id: int, token: str | None):
    """(account, sign-in) for the live sign-in this token names, or None."""
    if not token:
        return None
    return session.exec(
        select(User, SignIn)
        .join(SignIn, SignIn.user_id == User.id)
        .where(
            User.id == user_id,
            SignIn.token_hash == token_hash(token),
            SignIn.ended_at.is_(None),
            SignIn.started_at >= utcnow() - LONGEST_SIGN_IN,
        )
    ).first()


def end_sign_in(*, session: Session, token: str | None) -> None:
    """End the sign-in this token names (signing out, or a session that expired)."""
    if token:
        session.execute(
            update(SignIn)
            .where(SignIn.token_hash == token_hash(token), SignIn.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_sign_ins(*, session: Session, user: User | None) -> tuple[int, int]:
    """End every sign-in of the account (of every account, for None), and void any
    unused link to reset a password: after a break-in, the intruder's link must not
    outlive the fix. How many sign-ins ended and links were voided."""
    live = [SignIn.ended_at.is_(None)]
    unused = [PasswordReset.used_at.is_(None)]
    if user is not None:
        live.append(SignIn.user_id == user.id)
        unused.append(PasswordReset.user_id == user.id)
    ended = session.execute(update(SignIn).where(*live).values(ended_at=utcnow()))
    voided = session.execute(delete(PasswordReset).where(*unused))
    return ended.rowcount, voided.rowcount
