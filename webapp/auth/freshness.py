"""Council staff sessions: absolute and idle lifetimes, and re-authentication for large sums."""

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from webapp.htmx import is_htmx
from webapp.i18n import gettext as _
from webapp.security_events import security_event

LOGIN_AT, SEEN_AT, AUTH_AT = "login_at", "seen_at", "auth_at"
EPOCH = "epoch"  # the account's session epoch at sign-in; a password change raises it


def start_session(user) -> None:
    """Stamp a new sign-in (called right after login_user)."""
    now = int(time.time())
    session[LOGIN_AT] = session[SEEN_AT] = session[AUTH_AT] = now
    session[EPOCH] = user.session_epoch


def keep_this_session(user) -> None:
    """After a password change: this session carries the new epoch and counts as a
    fresh password check, but its sign-in time (the 8-hour limit) stays."""
    session[EPOCH] = user.session_epoch
    confirm_password_now()


def session_is_current(user) -> bool:
    """False once the account's password changed after this session began."""
    return session.get(EPOCH, 0) == user.session_epoch


def confirm_password_now() -> None:
    session[AUTH_AT] = int(time.time())


def recently_authenticated() -> bool:
    limit = current_app.config["STAFF_REAUTH_SECONDS"]
    return int(time.time()) - int(session.get(AUTH_AT, 0)) <= limit


def reauthenticate_first():
    """A response that sends the officer to confirm their password, then back."""
    target = url_for("auth.reauthenticate", next=request.referrer or url_for("admin.dashboard"))
    if is_htmx():
        return "", 204, {"HX-Redirect": target}
    flash(_("Please confirm your password to approve a large payment."), "error")
    return redirect(target)


def init_app(app: Flask) -> None:
    @app.before_request
    def end_stale_staff_sessions():
        if "_user_id" not in session:  # nobody signed in: leave Flask-Login's loader asleep
            return None
        if not current_user.is_authenticated or not current_user.is_council_staff:
            return None
        now = int(time.time())
        config = app.config
        too_old = now - int(session.get(LOGIN_AT, 0)) > config["STAFF_SESSION_SECONDS"]
        too_idle = now - int(session.get(SEEN_AT, 0)) > config["STAFF_IDLE_SECONDS"]
        if too_old or too_idle:
            security_event(
                "session_expired", "signed_out", reason="absolute" if too_old else "idle"
            )
            logout_user()
            session.clear()
            flash(
                _("You were signed out because the session expired. Please sign in again."), "error"
            )
            return redirect(
                url_for("auth.login", next=request.full_path if request.method == "GET" else None)
            )
        if now - int(session.get(SEEN_AT, 0)) > 30:
            session[SEEN_AT] = now
        return None
