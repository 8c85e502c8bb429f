"""Device cookies: the sign-in limit per account cannot lock its owner out.

Failed sign-ins are limited per email address, so that guessing from many
addresses is slow; but then anyone who knows an address could use up its limit
and keep its owner out. After a successful sign-in the browser gets a signed
device cookie naming the account (by a hash of its email) and a random nonce. A
sign-in from a browser holding a valid one for the email typed is counted
against that device alone, so the owner's own browser still gets in while the
shared limit for unknown devices is used up (OWASP's "device cookies"). A
browser remembers the last account signed in from it; a device cookie cannot
be revoked, but it only ever buys its holder 20 more guesses an hour.

In production the cookie is `__Host-device`, which browsers keep only for this
host, sent over HTTPS, on Path=/ (so it travels with every request, as the session
cookie does, not only to /login).
"""

import hashlib
import hmac
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from webapp.auth.services import normalise_email

LIFETIME_DAYS = 180
_SALT = "device-cookie"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def _account(email: str) -> str:
    """The account, named by a keyed hash: the cookie is signed, not encrypted, so
    a plain hash would let whoever sees it confirm a guessed address."""
    key = hashlib.sha256(b"device-account:" + current_app.secret_key.encode()).digest()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()[:32]


def device_cookie(email: str) -> str:
    """A new device cookie's value for the account with this email."""
    return _serializer().dumps([_account(email), secrets.token_urlsafe(16)])


def device_nonce(email: str, cookie: str | None) -> str | None:
    """The device's nonce if the cookie is valid and names this email; else None."""
    if not cookie or not email:
        return None
    try:
        account, nonce = _serializer().loads(cookie, max_age=LIFETIME_DAYS * 86400)
    except (BadSignature, TypeError, ValueError):
        return None
    return nonce if secrets.compare_digest(str(account), _account(email)) else None


def presented_nonce(email: str) -> str | None:
    """The nonce of the device cookie this request carries, if it is valid for `email`."""
    return device_nonce(email, request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"]))


def typed_email() -> str:
    """The email address the request's form names, as accounts store it ("" if none)."""
    return normalise_email(request.form.get("email") or "")[:254]


def no_email_typed() -> bool:
    """A request naming no address checks no password and sends no email: its client
    address's limit is enough, and a per-address key would be one shared by all."""
    return not typed_email()


def remember_device(response, email: str) -> None:
    """Give the browser a device cookie for this account."""
    config = current_app.config
    response.set_cookie(
        config["DEVICE_COOKIE_NAME"],
        device_cookie(email),
        max_age=LIFETIME_DAYS * 86400,
        path="/",
        secure=config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
