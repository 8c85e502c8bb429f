"""Set-up shared by the unit tests (tests/) and the browser tests (e2e/)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from webapp.dbtools import empty_database, fresh_database, scratch_database

__all__ = [
    "AuthActions",
    "app_for_database",
    "app_on_a_new_database",
    "configure_test_environment",
    "empty_database",
    "fresh_database",
    "scratch_database",
]

TEST_ENVIRONMENT = {
    "APP_ENV": "testing",
    "SECRET_KEY": "tests-" + "x" * 40,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; production uses scrypt
}


def configure_test_environment() -> None:
    for key, value in TEST_ENVIRONMENT.items():
        os.environ[key] = value


class AuthActions:
    """Signing a test client (one browser) in and out."""

    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = "correct horse battery"):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


def app_for_database(url: str, folder: Path, **config):
    """The app on a database as requests see it, each with its own connection and
    transaction (the unit tests' fixture binds every session to one connection, so it
    cannot show concurrency, faults or two connections waiting on each other)."""
    from webapp import create_app

    return create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(folder / "u"),
            "MAIL_OUTBOX": str(folder / "o"),
            **config,
        }
    )


@contextmanager
def app_on_a_new_database(database_url: str, folder: Path) -> Iterator:
    """app_for_database on a new scratch database beside the tests' own (its URL is
    the app's DATABASE_URL), dropped afterwards."""
    from webapp.db import get_db

    with scratch_database(database_url, folder) as url:
        fresh_database(url)
        app = app_for_database(url, folder)
        try:
            yield app
        finally:
            get_db(app).engine.dispose()


def reason_in(app, event, language: str = "en", people: dict | None = None) -> str:
    """An audit event's reason as a reader in `language` sees it on a history page."""
    from webapp.audit.wording import reason_text

    with app.test_request_context(f"/?lang={language}"):
        return reason_text(event.reason_key, event.reason_params, event.reason, people)
