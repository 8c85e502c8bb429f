"""Ballot codes: 60 random bits in Crockford's base 32, typed in groups of four."""

import hashlib
import hmac
import re
import secrets
import unicodedata

from flask import current_app

# Crockford's base 32: no I, L, O or U, so no two characters look alike.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 12 characters x 5 bits = 60 bits
GROUP = 4
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\W_]+")  # spaces, any dash or slash, dots ...
_LINK_CODE = re.compile(r"[?&]code=([^&#\s]*)")


def new_code() -> str:
    """A fresh random code, unformatted."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """ABCD-EFGH-JKMN: how a code is printed and typed."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def _ascii_digits(text: str) -> str:
    """Any script's digits as ASCII ones: a phone keyboard may type ٣ for 3."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def normalise_code(raw: str) -> str | None:
    """The code as stored, from what a person typed or pasted (any case, any dash or
    space, full-width letters, O for 0, or the letter's whole link), or None."""
    text = unicodedata.normalize("NFKC", raw or "")
    in_link = _LINK_CODE.search(text)
    if in_link:
        text = in_link.group(1)
    compact = _SEPARATORS.sub("", _ascii_digits(text)).upper().translate(_LOOK_ALIKES)
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
