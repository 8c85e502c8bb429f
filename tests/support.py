"""Set-up shared by the unit tests (tests/) and the browser tests (e2e/)."""

import os

from webapp.dbtools import empty_database, fresh_database, scratch_database

__all__ = [
    "AuthActions",
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
