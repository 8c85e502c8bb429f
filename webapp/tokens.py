"""Secret tokens sent in links and cookies, of which only a hash is stored."""

import hashlib
import secrets


def token_hash(token: str) -> str:
    """The SHA-256 kept instead of the token: a copy of the table opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(nbytes: int = 32) -> tuple[str, str]:
    """A random URL-safe token of `nbytes` bytes and the hash to store."""
    token = secrets.token_urlsafe(nbytes)
    return token, token_hash(token)
