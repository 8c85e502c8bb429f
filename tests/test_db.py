import threading

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests.factories import create_council
from tests.support import fresh_database, scratch_database
from webapp import create_app
from webapp.areas.models import Council
from webapp.db import (
    SQLITE_BUSY_TIMEOUT_MS,
    SQLITE_WAL_AUTOCHECKPOINT_PAGES,
    _take_write_lock,
    get_db,
    get_session,
    make_engine,
)


@pytest.fixture
def sqlite_url(tmp_path):
    return fresh_database(f"sqlite:///{tmp_path / 'app.db'}")


def test_sqlite_runs_with_wal_foreign_keys_busy_timeout_and_a_longer_log(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        checkpoint_pages = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert checkpoint_pages == SQLITE_WAL_AUTOCHECKPOINT_PAGES > 1000  # SQLite's default
    engine.dispose()


def test_two_sqlite_writers_that_read_first_never_deadlock(sqlite_url):
    """With a deferred BEGIN the first writer's read snapshot would go stale and fail."""
    engine = make_engine(sqlite_url)
    first_has_read, release_first = threading.Event(), threading.Event()
    errors = []

    def writer(slug: str, pause: bool):
        try:
            with engine.begin() as connection:
                connection.execute(text("SELECT count(*) FROM council")).scalar()
                if pause:
                    first_has_read.set()
                    release_first.wait(10)
                connection.execute(
                    text("INSERT INTO council (slug, name) VALUES (:s, :s)"), {"s": slug}
                )
        except Exception as exc:
            errors.append(exc)

    first = threading.Thread(target=writer, args=("first", True))
    first.start()
    first_has_read.wait(10)
    second = threading.Thread(target=writer, args=("second", False))
    second.start()
    second.join(0.5)  # the second writer gets this long to overtake the first
    release_first.set()
    first.join(20)
    second.join(20)
    assert errors == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM council")).scalar() == 2
    engine.dispose()


def test_a_writer_waits_for_the_write_lock_in_naps_then_says_it_could_not(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.begin() as holder:  # takes the write lock and keeps it
        holder.execute(text("INSERT INTO council (slug, name) VALUES ('a', 'a')"))
        with engine.connect() as waiter:
            dbapi_connection = waiter.connection.driver_connection
            waiter.rollback()
            assert _take_write_lock(dbapi_connection, budget_s=0.05) is False
            busy_timeout = dbapi_connection.execute("PRAGMA busy_timeout").fetchone()[0]
            assert busy_timeout == SQLITE_BUSY_TIMEOUT_MS  # SQLite's own wait is back
    with engine.connect() as waiter:  # the lock is free: taken at once
        dbapi_connection = waiter.connection.driver_connection
        waiter.rollback()
        assert _take_write_lock(dbapi_connection, budget_s=0.05) is True
        dbapi_connection.execute("ROLLBACK")
    engine.dispose()


def _app_with_routes(url):
    app = create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
        }
    )

    @app.post("/_test/add/<slug>")
    def add(slug):
        get_session().add(Council(slug=slug, name=slug))
        get_session().flush()
        if slug.startswith("fail"):
            raise RuntimeError("boom after the insert")
        return "added"

    return app


def test_one_commit_per_request_and_rollback_on_error(database_url, tmp_path):
    with scratch_database(database_url, tmp_path) as url:
        fresh_database(url)
        app = _app_with_routes(url)
        client = app.test_client()
        assert client.post("/_test/add/kept").status_code == 200
        assert client.post("/_test/add/failing").status_code == 500
        with get_db(app).session_scope() as session:
            slugs = set(session.exec(select(Council.slug)))
        assert slugs == {"kept"}
        get_db(app).engine.dispose()


def test_session_scope_rolls_back_on_error(app, db_session):
    with pytest.raises(RuntimeError), get_db(app).session_scope() as session:
        create_council(session, slug="rolled-back")
        raise RuntimeError("stop")
    assert db_session.exec(select(Council).where(Council.slug == "rolled-back")).first() is None
