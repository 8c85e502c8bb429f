"""The session cookie: the same cookie as Flask's, read and written with less work."""

import json
from datetime import UTC, datetime
from uuid import UUID

import pytest
from flask import Flask, request, session
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from markupsafe import Markup

from webapp.sessions import SignedCookieSessions

KEY = "a session key of more than thirty-two characters"
DRAFT = {
    "round": 7,
    "menu": [3, "9f86d081884c7d659a2feaa0c55ad015"],
    "code": 41,
    "choices": {"grass-cutting": "consult", "community-hall": "none"},
    "again": False,
    "turnout": 0.5,
    "note": None,
}
TAGGED = {
    "flashes": [("message", "Saved.")],
    "when": datetime(2026, 11, 29, 14, 5, tzinfo=UTC),
    "html": Markup("<b>bold</b>"),
    "raw": b"\x00\xff",
    "id": UUID("12345678-1234-5678-1234-567812345678"),
    "looks_tagged": {" t": ["not", "a", "tuple"]},
}


def _app(interface, key: str = KEY, fallbacks: list[str] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=key, SECRET_KEY_FALLBACKS=fallbacks or [])
    app.session_interface = interface

    @app.post("/put")
    def put():
        session.update(app.config["TO_STORE"])
        return ""

    @app.get("/get")
    def get():
        app.config["READ"] = dict(session)
        return ""

    return app


def _cookie(app: Flask, values: dict) -> str:
    app.config["TO_STORE"] = values
    client = app.test_client()
    client.post("/put")
    return client.get_cookie("session").value


def _read(app: Flask, cookie: str | None) -> dict:
    client = app.test_client()
    if cookie is not None:
        client.set_cookie("session", cookie)
    client.get("/get")
    return app.config["READ"]


LOOKS_TAGGED = {**DRAFT, "looks_tagged": {" t": ["not", "a", "tuple"]}}


@pytest.mark.parametrize(
    "values",
    [DRAFT, TAGGED, {**DRAFT, **TAGGED}, LOOKS_TAGGED],
    ids=["plain", "tagged", "both", "looks-tagged"],
)
def test_flask_reads_our_cookies_and_we_read_flasks(values):
    ours, flasks = _app(SignedCookieSessions()), _app(SecureCookieSessionInterface())

    assert _read(flasks, _cookie(ours, values)) == values
    assert _read(ours, _cookie(flasks, values)) == values
    assert _read(ours, _cookie(ours, values)) == values


def test_a_plain_session_is_written_and_read_without_the_tag_walk(monkeypatch):
    app = _app(SignedCookieSessions())
    json_format = app.session_interface.get_signing_serializer(app).serializer
    tagged = json_format.dumps({"pair": ("a", "b")})

    def no_walk(*_args):
        raise AssertionError("the tagged-JSON walk ran for a plain session")

    monkeypatch.setattr(TaggedJSONSerializer, "tag", no_walk)
    monkeypatch.setattr(TaggedJSONSerializer, "_untag_scan", no_walk)
    written = json_format.dumps(DRAFT)
    assert json.loads(written) == DRAFT and json_format.loads(written) == DRAFT
    with pytest.raises(AssertionError, match="tagged-JSON walk"):
        json_format.loads(tagged)  # a tagged value still goes through it


def test_a_tampered_or_foreign_cookie_opens_an_empty_session():
    ours = _app(SignedCookieSessions())
    cookie = _cookie(ours, DRAFT)
    payload, _, signature = cookie.rpartition(".")
    forged = payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:]

    assert _read(ours, forged) == {}
    assert _read(ours, _cookie(_app(SignedCookieSessions(), key="x" * 40), DRAFT)) == {}


def test_a_rotated_key_still_reads_cookies_signed_with_a_fallback():
    old = _cookie(_app(SignedCookieSessions(), key="old " + KEY), DRAFT)
    rotated = _app(SignedCookieSessions(), fallbacks=["old " + KEY])

    assert _read(rotated, old) == DRAFT
    assert _read(_app(SignedCookieSessions()), old) == {}


def test_a_new_secret_key_takes_effect_on_the_same_interface():
    interface = SignedCookieSessions()
    app = _app(interface)
    cookie = _cookie(app, DRAFT)
    app.secret_key = "y" * 40

    assert _read(app, cookie) == {}
    assert _read(app, _cookie(app, DRAFT)) == DRAFT


def test_a_cookie_older_than_the_session_lifetime_is_refused(monkeypatch):
    app = _app(SignedCookieSessions())
    cookie = _cookie(app, DRAFT)
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = datetime.now(UTC).timestamp() + lifetime + 5
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)

    assert _read(app, cookie) == {}


def test_without_a_secret_key_there_is_no_session():
    app = _app(SignedCookieSessions(), key="")

    with app.test_request_context():
        assert app.session_interface.open_session(app, request) is None


def test_the_app_uses_it(app):
    assert isinstance(app.session_interface, SignedCookieSessions)
