"""A kiosk session: session cookie only, reset after idling, kept away from staff pages."""

import time

from flask import Flask, abort, redirect, request, session, url_for

from webapp.i18n import forget_language, remember_language_until_the_browser_closes
from webapp.voting.views import DRAFT, KIOSK

SEEN = "kiosk_seen"
PREFERENCES = ("kiosk_text", "kiosk_contrast")
# Pages that a kiosk session must never reach: staff work and accounts.
REFUSED_PREFIXES = (
    "/admin",
    "/invitations",
    "/officer",
    "/login",
    "/register",
    "/groups",
    "/claims",
    "/delegations",
    "/statements",
    "/notifications",
    "/account",
    "/reauthenticate",
    "/password",
)


def in_kiosk() -> bool:
    return bool(session.get(KIOSK))


def start_kiosk(slug: str) -> None:
    forget_language()
    session.clear()
    session.permanent = False
    session[KIOSK] = slug
    session[SEEN] = int(time.time())


def end_kiosk(slug: str) -> None:
    """Forget everything the last person did here, their language too."""
    forget_language()
    session.clear()
    session.permanent = False
    session[KIOSK] = slug
    session[SEEN] = int(time.time())


def init_app(app: Flask) -> None:
    @app.before_request
    def guard_kiosk_sessions():
        slug = session.get(KIOSK)
        if slug:
            remember_language_until_the_browser_closes()
        if not slug or request.endpoint in (None, "static", "health.healthz"):
            return None
        if request.path.startswith(REFUSED_PREFIXES):
            abort(403)
        now = int(time.time())
        if now - int(session.get(SEEN, now)) > app.config["KIOSK_IDLE_SECONDS"] + 30:
            end_kiosk(slug)  # the browser missed its own reset: the server enforces it
            if request.endpoint != "kiosk.start":
                return redirect(url_for("kiosk.start", slug=slug))
        session[SEEN] = now
        return None

    @app.after_request
    def never_cache_kiosk_pages(response):
        if session.get(KIOSK) and response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response


__all__ = ["DRAFT", "PREFERENCES", "end_kiosk", "in_kiosk", "init_app", "start_kiosk"]
