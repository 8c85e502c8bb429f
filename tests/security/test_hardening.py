"""Fixes from the ASVS review: each tested so it stays fixed."""

from email import message_from_bytes

import pytest

from tests.factories import create_user
from webapp import create_app
from webapp.db import get_db


@pytest.mark.parametrize(
    "target", ["/\\evil.example", "//evil.example", "https://evil.example", "/\\/evil"]
)
def test_sign_in_never_redirects_off_site(client, db_session, target):
    user = create_user(db_session)
    response = client.post(
        f"/login?next={target}", data={"email": user.email, "password": "correct horse battery"}
    )
    assert response.headers["Location"] == "/"


NEXT_WITH_CONTROLS = ["/account/password\r\nX-Evil: 1", "/areas\nx", "/areas\tx", "/areas\rx"]


@pytest.mark.parametrize("target", NEXT_WITH_CONTROLS)
def test_a_next_with_a_control_character_goes_home_after_signing_in(client, db_session, target):
    user = create_user(db_session)
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": user.email, "password": "correct horse battery"},
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/")


@pytest.mark.parametrize("target", NEXT_WITH_CONTROLS)
def test_a_next_with_a_control_character_goes_home_after_registering(client, db_session, target):
    password = "violet kettle harbour lantern"
    response = client.post(
        "/register",
        query_string={"next": target},
        data={"name": "Ann", "email": "ann@example.org", "password": password, "confirm": password},
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/")


@pytest.mark.parametrize("target", NEXT_WITH_CONTROLS)
def test_a_next_with_a_control_character_goes_home_after_reauthenticating(
    client, auth, db_session, target
):
    auth.login(create_user(db_session).email)
    response = client.post(
        "/reauthenticate",
        query_string={"next": target},
        data={"password": "correct horse battery"},
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/")


def test_a_name_cannot_add_email_recipients_or_break_the_subject(app, db_session, tmp_path):
    from webapp.notifications.services import Email, _message

    user = create_user(db_session, name="x, someone@else.example")
    params = {"function": "F", "area": "A", "reason": "line one\nline two", "group": "G"}
    with app.app_context():
        message = _message(
            app.config, Email(user.email, user.name, "en", "claim_rejected", params, "/c/1")
        )
    parsed = message_from_bytes(bytes(message))
    assert parsed["To"].count("@") == 2 and parsed["To"].endswith(f"<{user.email}>")
    assert "line one line two" in " ".join(parsed["Subject"].split())
    assert b"line one\nline two" not in bytes(message).split(b"\n\n", 1)[0]  # not in the headers


def test_a_kiosk_link_does_not_sign_anyone_out(client, auth, db_session, app):
    from tests.factories import create_round

    with app.app_context():
        _, area, _ = create_round(db_session, voters=1)
    user = create_user(db_session)
    auth.login(user.email)
    response = client.get(f"/kiosk/{area.slug}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/areas/{area.slug}/vote"
    )
    assert user.name in client.get("/").get_data(as_text=True)


def test_the_demo_is_never_loaded_in_production(database_url, monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 40)
    monkeypatch.setenv("BASE_URL", "https://menu.example.gov.uk")
    app = create_app(
        {"DATABASE_URL": database_url, "UPLOAD_FOLDER": str(tmp_path), "MAIL_OUTBOX": str(tmp_path)}
    )
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "never loaded in production" in result.output
    get_db(app).engine.dispose()


def test_behind_a_proxy_each_client_is_limited_on_its_own(database_url, tmp_path, db_session):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "PROXY_HOPS": 1,
            "UPLOAD_FOLDER": str(tmp_path),
            "MAIL_OUTBOX": str(tmp_path),
        }
    )
    from webapp.extensions import limiter

    limiter.reset()
    client = app.test_client()
    for _ in range(10):
        client.post(
            "/login",
            data={"email": "a@example.org", "password": "wrong password x"},
            headers={"X-Forwarded-For": "203.0.113.1"},
        )
    assert (
        client.post(
            "/login",
            data={"email": "b@example.org", "password": "wrong password y"},
            headers={"X-Forwarded-For": "203.0.113.1"},
        ).status_code
        == 429
    )
    other = client.post(
        "/login",
        data={"email": "c@example.org", "password": "wrong password z"},
        headers={"X-Forwarded-For": "198.51.100.7"},
    )
    assert other.status_code == 422
    get_db(app).engine.dispose()
    limiter.reset()


def test_the_session_is_replaced_at_sign_in(client, db_session):
    user = create_user(db_session)
    client.get("/login")
    with client.session_transaction() as cookie:
        cookie["planted"] = "by an attacker"
    client.post("/login", data={"email": user.email, "password": "correct horse battery"})
    with client.session_transaction() as cookie:
        assert "planted" not in cookie and cookie.get("_user_id") == str(user.id)


def test_production_cookies_are_secure_and_hsts_is_sent(database_url, monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 40)
    monkeypatch.setenv("BASE_URL", "https://menu.example.gov.uk")
    app = create_app(
        {"DATABASE_URL": database_url, "UPLOAD_FOLDER": str(tmp_path), "MAIL_OUTBOX": str(tmp_path)}
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    get_db(app).engine.dispose()


def test_production_cookies_are_host_only(database_url, monkeypatch, tmp_path):
    """`__Host-` names (ASVS V3.3.3): a browser keeps such a cookie only when it is
    Secure, has Path=/ and no Domain, so no sibling host and no plain-HTTP answer
    can set or replace it."""
    from flask import Response

    from webapp.auth.devices import remember_device

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 40)
    monkeypatch.setenv("BASE_URL", "https://menu.example.gov.uk")
    app = create_app(
        {"DATABASE_URL": database_url, "UPLOAD_FOLDER": str(tmp_path), "MAIL_OUTBOX": str(tmp_path)}
    )
    site = "https://menu.example.gov.uk"
    set_cookies = [
        *app.test_client().get("/login?lang=cy", base_url=site).headers.getlist("Set-Cookie")
    ]
    with app.test_request_context(base_url=site):
        device = Response()
        remember_device(device, "someone@example.org")
        set_cookies += device.headers.getlist("Set-Cookie")
    by_name = {header.split("=", 1)[0]: header for header in set_cookies}
    assert {"__Host-session", "__Host-lang", "__Host-device"} <= set(by_name)
    for header in by_name.values():
        attributes = {part.strip().split("=")[0] for part in header.split(";")[1:]}
        assert {"Secure", "HttpOnly", "Path"} <= attributes and "Domain" not in attributes
        assert "Path=/;" in header or header.endswith("Path=/")
    assert app.config["REMEMBER_COOKIE_NAME"] == "__Host-remember_token"
    get_db(app).engine.dispose()


def test_mail_over_starttls_checks_the_servers_certificate(app, monkeypatch):
    import ssl
    from email.message import EmailMessage

    from webapp.notifications import services

    seen = {}

    class RecordingSMTP:
        def __init__(self, host, port, timeout):
            seen["server"] = (host, port)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self, context=None):
            seen["context"] = context

        def login(self, user, password):
            seen["login"] = user

        def send_message(self, message):
            seen.setdefault("sent", []).append(message["To"])

    monkeypatch.setattr(services.smtplib, "SMTP", RecordingSMTP)
    message = EmailMessage()
    message["To"] = "a@example.org"
    for name, value in (("MAIL_SERVER", "mail.example.org"), ("MAIL_USE_TLS", True)):
        monkeypatch.setitem(app.config, name, value)
    with app.app_context():
        services.deliver([message])
    context = seen["context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert seen["sent"] == ["a@example.org"]
