"""Set-up shared by the unit tests (tests/) and the browser tests (e2e/)."""

import os

from webapp.dbtools import empty_database, fresh_database, scratch_database

__all__ = ["configure_test_environment", "empty_database", "fresh_database", "scratch_database"]

TEST_ENVIRONMENT = {
    "APP_ENV": "testing",
    "SECRET_KEY": "tests-" + "x" * 40,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; production uses scrypt
}


def configure_test_environment() -> None:
    for key, value in TEST_ENVIRONMENT.items():
        os.environ[key] = value
