import os

import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from tests.support import AuthActions, configure_test_environment, fresh_database

configure_test_environment()

from flask.testing import FlaskClient  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.db import get_db  # noqa: E402


class ClosingClient(FlaskClient):
    """Closes each response once read, as a server does once it has sent it: work
    queued for after the answer (emails) then runs before the test looks."""

    def open(self, *args, buffered=True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """The database under test: DATABASE_URL when set, else a SQLite file; migrated once."""
    url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    )
    return fresh_database(url)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "MAIL_OUTBOX": str(tmp_path_factory.mktemp("outbox")),
        }
    )
    app.test_client_class = ClosingClient
    yield app
    get_db(app).engine.dispose()


@pytest.fixture
def db_session(app):
    """A session inside a transaction that is rolled back after the test.

    The app's requests use the same connection, each in a savepoint, so their
    commits are seen by the test and undone with everything else.
    """
    database = get_db(app)
    connection = database.engine.connect()
    transaction = connection.begin()
    original_factory = database.session_factory
    database.session_factory = sessionmaker(
        bind=connection,
        class_=Session,
        expire_on_commit=False,
        join_transaction_mode="create_savepoint",
    )
    session = database.session_factory()
    try:
        yield session
    finally:
        session.close()
        database.session_factory = original_factory
        transaction.rollback()
        connection.close()


@pytest.fixture
def client(app, db_session):
    return app.test_client()


@pytest.fixture
def csrf_client(app, database_url, db_session):
    """A client of an app with CSRF protection on, sharing the test's transaction."""
    protected = create_app({"TESTING": True, "DATABASE_URL": database_url})
    get_db(protected).engine.dispose()
    get_db(protected).session_factory = get_db(app).session_factory
    return protected.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture(autouse=True)
def fresh_rate_limits(app):
    """Each test starts with no requests counted against the rate limits."""
    from webapp.extensions import limiter

    limiter.reset()
