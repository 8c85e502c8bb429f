"""Session lifetimes (staff: absolute and idle; everyone: a cookie renewed while in use),
and re-authentication for large sums."""

import time

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user

from webapp.auth.sign_ins import (
    begin_sign_in,
    end_sign_in,
    live_sign_in,
    note_seen,
    seen_long_ago,
)
from webapp.db import bookkeeping_write, get_session
from webapp.i18n import gettext as _
from webapp.requests import same_site_referrer, whole_number
from webapp.security_events import security_event

LOGIN_AT, SEEN_AT, AUTH_AT = "login_at", "seen_at", "auth_at"
SIGN_IN = "sign_in"  # the token naming this session's row in sign_in
# How often a session in use is stamped as seen, and so its cookie re-issued: staff
# often, for their idle limit; others every few minutes, few enough Set-Cookies.
STAFF_RENEW_SECONDS, RENEW_SECONDS = 30, 5 * 60


def start_session(user) -> None:
    """Record a new sign-in and stamp its times (called right after login_user)."""
    now = int(time.time())
    session[LOGIN_AT] = session[SEEN_AT] = session[AUTH_AT] = now
    session[SIGN_IN] = _begin(user)


def _begin(user) -> str:
    return begin_sign_in(
        session=get_session(), user=user, user_agent=request.headers.get("User-Agent")
    )


def this_sign_in() -> str | None:
    return session.get(SIGN_IN)


def this_sign_in_id() -> int | None:
    """The id of this session's sign-in row, as the user loader found it."""
    sign_in = g.get("sign_in")
    return sign_in.id if sign_in is not None else None


def renew_sign_in(user) -> None:
    """After a password check (re-authentication, a password change): this session
    goes on under a new sign-in, so copies of its old cookie sign nobody in. It counts
    as a fresh password check; its sign-in time, and so the staff 8-hour limit, stays."""
    end_sign_in(session=get_session(), token=this_sign_in())
    session[SIGN_IN] = _begin(user)
    confirm_password_now()


def cleared(response):
    """A sign-out's answer: the browser also drops its copies of this site's pages and
    htmx's stored history, so the back button shows nothing of the person's."""
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


def end_this_session() -> None:
    """Sign out: the sign-in ends on the server, so no copy of this cookie works."""
    end_sign_in(session=get_session(), token=this_sign_in())
    logout_user()
    session.clear()


def load_signed_in_user(user_id: str):
    """Flask-Login's loader: the account, if this cookie's sign-in is still live.

    It keeps the sign-in's row for the request, and every few minutes notes it as
    seen, for the list of one's sessions."""
    account_id = whole_number(user_id)
    if account_id is None:
        return None
    found = live_sign_in(session=get_session(), user_id=account_id, token=this_sign_in())
    if found is None:
        return None
    user, sign_in = found
    g.sign_in = sign_in  # for this_sign_in_id
    if seen_long_ago(sign_in):
        with bookkeeping_write() as writing:
            note_seen(session=writing, sign_in=sign_in)
    return user


def confirm_password_now() -> None:
    session[AUTH_AT] = int(time.time())


def recently_authenticated() -> bool:
    limit = current_app.config["STAFF_REAUTH_SECONDS"]
    return int(time.time()) - int(session.get(AUTH_AT, 0)) <= limit


def reauthenticate_first(why: str = "payment", back: str | None = None):
    """A response that sends the officer to confirm their password, then back to `back`
    or else the page they acted from (to htmx, an HX-Redirect: webapp/htmx.py). `why`
    is "payment" (a large one) or "staff" (a change to a staff account)."""
    if why == "staff":
        flash(_("Please confirm your password to manage staff accounts."), "error")
        return redirect(url_for("auth.reauthenticate", next=back or page_before(), why=why))
    flash(_("Please confirm your password to approve a large payment."), "error")
    return redirect(url_for("auth.reauthenticate", next=back or page_before()))


def page_before(default: str | None = None) -> str:
    """The page the officer acted from, as a path and query on this site (what the
    sign-in pages accept as next=); `default` (else the dashboard) if the Referer names
    another site or nothing."""
    return same_site_referrer() or default or url_for("admin.dashboard")


def init_app(app: Flask) -> None:
    @app.after_request
    def clear_a_browser_signed_out_elsewhere(response):
        return cleared(response) if g.pop("signed_out_by_server", False) else response

    @app.before_request
    def keep_sessions_within_their_limits():
        if "_user_id" not in session:  # nobody signed in: leave Flask-Login's loader asleep
            return None
        if not current_user.is_authenticated:
            # The server ended this sign-in (from another browser, a password change or
            # reset, a disabled account, its age): this browser forgets it as well.
            session.clear()
            g.signed_out_by_server = True
            return None
        now = int(time.time())
        staff = current_user.is_council_staff
        if staff and (reason := _staff_limit_passed(app.config, now)):
            return _end_expired_session(reason)
        # A changed session is re-issued with a fresh signature: the cookie's lifetime
        # (SESSION_LIFETIME_MINUTES) then counts from this use, not from the sign-in.
        # The absolute limits stay: staff's above, everyone's 30 days in live_sign_in.
        if now - int(session.get(SEEN_AT, 0)) > (STAFF_RENEW_SECONDS if staff else RENEW_SECONDS):
            session[SEEN_AT] = now
        return None


def _staff_limit_passed(config, now: int) -> str | None:
    """Which of the staff limits this session is past ("absolute" or "idle"), if any."""
    if now - int(session.get(LOGIN_AT, 0)) > config["STAFF_SESSION_SECONDS"]:
        return "absolute"
    if now - int(session.get(SEEN_AT, 0)) > config["STAFF_IDLE_SECONDS"]:
        return "idle"
    return None


def _end_expired_session(reason: str):
    """Sign out a staff session past a limit, on the server too, and say why."""
    security_event("session_expired", "signed_out", reason=reason)
    with bookkeeping_write() as writing:
        end_sign_in(session=writing, token=this_sign_in())
    logout_user()
    session.clear()
    flash(_("You were signed out because the session expired. Please sign in again."), "error")
    back = request.full_path if request.method == "GET" else None
    return cleared(redirect(url_for("auth.login", next=back)))
