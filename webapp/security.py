"""Security headers on every response."""

from flask import Flask, request, session

# Session keys that make a page personal: a signed-in account (Flask-Login's key, read
# without loading the user, so that this works while the database is down), a ballot
# under way, or the confirmation of one just cast.
PERSONAL_SESSION_KEYS = ("_user_id", "ballot", "voted")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    production = app.config["APP_ENV"] == "production"

    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if production:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if "Cache-Control" not in headers and _personal():
            # Kept by no cache, a shared computer's browser included: after signing out,
            # the back button cannot show the last person's pages.
            headers["Cache-Control"] = "no-store"
        return response


def _personal() -> bool:
    """A page or download made for this visitor (signed in, or voting), error pages
    included: they show the person's name too."""
    if request.endpoint == "static":
        return False
    return any(key in session for key in PERSONAL_SESSION_KEYS)
