"""A kiosk session: session cookie only, reset after idling, kept away from staff pages."""

import time

from flask import Flask, abort, redirect, request, session, url_for

from webapp.i18n import choose_session_language, forget_language, keep_language_in_session
from webapp.voting.views import DRAFT, KIOSK

SEEN = "kiosk_seen"
DROPPED_BALLOT = "kiosk_dropped_ballot"
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


def end_kiosk(slug: str, *, idle: bool = False) -> None:
    """Forget everything the last person did here, their language too. After an idle
    reset that dropped a ballot not yet sent, the language screen says so once."""
    unsent = DRAFT in session
    forget_language()
    session.clear()
    session.permanent = False
    session[KIOSK] = slug
    session[SEEN] = int(time.time())
    if idle and unsent:
        session[DROPPED_BALLOT] = True


def dropped_a_ballot() -> bool:
    """Whether the last idle reset dropped a ballot not yet sent (told once)."""
    return bool(session.pop(DROPPED_BALLOT, False))


def _without_language_in_the_address():
    """Keep a language chosen with ?lang= in the session and show the page at its
    address without it: the kiosk's history then holds no address that would bring
    the language back for the next person (Back, or a reload, after Finish)."""
    args = request.args.to_dict(flat=False)
    choose_session_language(args.pop("lang")[0])
    return redirect(url_for(request.endpoint, **request.view_args, **args))


def init_app(app: Flask) -> None:
    @app.before_request
    def guard_kiosk_sessions():
        slug = session.get(KIOSK)
        if slug:
            keep_language_in_session()
        if not slug or request.endpoint in (None, "static", "health.healthz"):
            return None
        if request.path.startswith(REFUSED_PREFIXES):
            abort(403)
        now = int(time.time())
        if now - int(session.get(SEEN, now)) > app.config["KIOSK_IDLE_SECONDS"] + 30:
            end_kiosk(slug, idle=True)  # the browser missed its own idle reset
            if request.endpoint != "kiosk.start":
                return redirect(url_for("kiosk.start", slug=slug))
        session[SEEN] = now
        if request.method == "GET" and "lang" in request.args:
            return _without_language_in_the_address()
        return None

    @app.after_request
    def never_cache_kiosk_pages(response):
        if session.get(KIOSK) and response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response


__all__ = [
    "DRAFT",
    "PREFERENCES",
    "dropped_a_ballot",
    "end_kiosk",
    "in_kiosk",
    "init_app",
    "start_kiosk",
]
