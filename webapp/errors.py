"""Domain errors and the site's error pages."""

from flask import Flask, make_response, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError

from webapp.htmx import whole_page
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.security_events import security_event


class DomainError(Exception):
    """A rule was broken; `message` is shown to the user, translated."""

    message = _l("That cannot be done.")

    def __init__(self, message=None, *, detail: str | None = None):
        if message is not None:
            self.message = message
        self.detail = detail
        super().__init__(str(self.message) + (f" ({detail})" if detail else ""))


def _is_unreachable(exc: DBAPIError) -> bool:
    return isinstance(exc, OperationalError) or exc.connection_invalidated


def _page(template: str, status: int, **context):
    """An error page; to htmx, one that replaces the page rather than a part of it."""
    return whole_page(make_response(render_template(template, **context), status))


def init_app(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(_exc):
        return _page("errors/400.html", 400, message=None)

    @app.errorhandler(CSRFError)
    def csrf_failed(exc):
        security_event("csrf", "refused", reason=exc.description)
        message = _(
            "This form has expired or was sent from another site. Nothing was changed: please reload the page and try again."
        )
        return _page("errors/400.html", 400, message=message)

    @app.errorhandler(413)
    def too_large(_exc):
        megabytes = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        message = _(
            "That file is too large: the limit is %(megabytes)d MB. Nothing was changed. "
            "Split it into smaller files and send them one after another.",
            megabytes=megabytes,
        )
        return _page("errors/400.html", 413, message=message)

    @app.errorhandler(403)
    def forbidden(_exc):
        security_event("access", "refused")
        return _page("errors/403.html", 403)

    @app.errorhandler(404)
    def not_found(_exc):
        return _page("errors/404.html", 404)

    @app.errorhandler(500)
    def server_error(_exc):
        return _page("errors/500.html", 500)

    @app.errorhandler(429)
    def too_many_requests(exc):
        security_event("rate_limit", "refused", limit=exc.description)
        return _page("errors/429.html", 429)

    @app.errorhandler(DBAPIError)
    def database_error(exc):
        if not _is_unreachable(exc):
            raise exc
        app.logger.error("database unavailable: %s", exc.orig)
        return _page("errors/503.html", 503)
