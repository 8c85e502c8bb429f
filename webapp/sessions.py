"""The session cookie: Flask's signed cookie, with less work per request.

Flask builds a new itsdangerous serializer on every request that reads or writes
the session (and that serializer new signers, each deriving its key again), and it
walks every value through its tagged-JSON encoder. A resident's ballot draft (a
dozen choices) goes through all of that at every step of a vote.

Here the serializer and its signers are built once per set of secret keys, and a
session holding only plain JSON values skips the tag walk both ways. The cookie is
the same format, signed the same way: cookies written before this change are read,
and Flask's own decoder reads the ones written now.
"""

import json

from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

# Every tag Flask's tagged JSON writes is a one-key object whose key begins with a
# space, written compactly: `{" t":[...]}`.
_TAG_OPENING = '{" '
_SCALARS = frozenset({str, int, bool, float, type(None)})


def _plain(value) -> bool:
    """True when json.dumps writes `value` as it is, with nothing to tag."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is dict:
        return all(
            type(key) is str and not key.startswith(" ") and _plain(item)
            for key, item in value.items()
        )
    if kind is list:
        return all(_plain(item) for item in value)
    return False


class _SessionJSON(TaggedJSONSerializer):
    """Flask's tagged JSON, with a quick path for values that need no tags."""

    def dumps(self, value) -> str:
        if _plain(value):
            return json.dumps(value, separators=(",", ":"))
        return super().dumps(value)

    def loads(self, value: str):
        data = json.loads(value)
        return self._untag_scan(data) if _TAG_OPENING in value else data


class _KeyedOnceSigner(TimestampSigner):
    """A signer that derives each signing key once, not at every signature."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._derived: dict = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        derived = self._derived.get(secret_key)
        if derived is None:
            derived = self._derived[secret_key] = super().derive_key(secret_key)
        return derived


class _Serializer(URLSafeTimedSerializer):
    """Makes its signer once per salt rather than once per call."""

    default_signer = _KeyedOnceSigner

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._signers: dict = {}

    def make_signer(self, salt: str | bytes | None = None) -> TimestampSigner:
        signer = self._signers.get(salt)
        if signer is None:
            signer = self._signers[salt] = super().make_signer(salt)
        return signer


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie session, its serializer built once per secret key."""

    serializer = _SessionJSON()

    def __init__(self) -> None:
        self._serializers: dict[tuple, _Serializer] = {}

    def get_signing_serializer(self, app) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = _Serializer(
                list(keys),
                salt=self.salt,
                serializer=self.serializer,
                signer_kwargs={
                    "key_derivation": self.key_derivation,
                    "digest_method": self.digest_method,
                },
            )
            self._serializers = {keys: serializer}  # a new key replaces the old one
        return serializer
