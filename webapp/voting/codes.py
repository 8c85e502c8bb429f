"""Ballot codes: 60 random bits in Crockford's base 32, typed in groups of four."""

import hashlib
import hmac
import re
import secrets

from flask import current_app

# Crockford's base 32: no I, L, O or U, so no two characters look alike.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 12 characters x 5 bits = 60 bits
GROUP = 4
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def new_code() -> str:
    """A fresh random code, unformatted."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """ABCD-EFGH-JKMN: how a code is printed and typed."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(raw: str) -> str | None:
    """The code as stored, from what a person typed (any case, spaces, O for 0), or None."""
    compact = _SEPARATORS.sub("", raw or "").upper().translate(_LOOK_ALIKES)
    if len(compact) != CODE_LENGTH or any(c not in ALPHABET for c in compact):
        return None
    return compact


def code_key() -> bytes:
    """The key for code hashes: BALLOT_CODE_KEY, else one derived from SECRET_KEY."""
    configured = current_app.config.get("BALLOT_CODE_KEY")
    if configured:
        return configured.encode()
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"neighbourhood-menu ballot codes", hashlib.sha256).digest()


def hash_code(code: str) -> str:
    """The keyed hash a code is stored as."""
    return hmac.new(code_key(), code.encode(), hashlib.sha256).hexdigest()


def derived_code(seed: bytes, label: str) -> str:
    """A reproducible code from a seed: for demo data only, never for a real round."""
    digest = hmac.new(seed, label.encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") >> 4  # 60 bits
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH))
