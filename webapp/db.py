"""Engine, one session per request, the naming convention, UTC datetimes and money."""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Integer, MetaData, event
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Pages in the write-ahead log before a commit copies them to the database file
# (SQLite's default: 1,000). A ballot writes about ten pages, several of them the
# same pages as the ballots before it: a longer log copies each of those once for
# more ballots. 4,000 pages of 4 KiB is at most 16 MiB of log between copies.
# Interleaved runs gave a ballot ratio of 0.62 against 0.60 (README, Benchmarks).
SQLITE_WAL_AUTOCHECKPOINT_PAGES = 4_000
WRITE_LOCK_NAP_BUDGET_S = 5.0

# Whether a new SQLite transaction takes the write lock at BEGIN. Safe requests
# (GET, HEAD) only read, so they begin deferred and never wait for a writer.
_write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes, stored naive in UTC on every database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Money(TypeDecorator):
    """Whole pence, in 64 bits: BIGINT on PostgreSQL, whose INTEGER stops at
    2,147,483,647 pence (about £21.4 million, less than one large area's budget);
    INTEGER on SQLite, whose integers are 64-bit already. Read back as an int always:
    PostgreSQL adds up BIGINTs as NUMERIC, which the driver gives as a Decimal."""

    impl = BigInteger
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Integer())
        return dialect.type_descriptor(BigInteger())

    def process_result_value(self, value, dialect):
        return None if value is None else int(value)


def foreign_key(
    target: str, *, ondelete: str = "CASCADE", nullable: bool = False, index: bool = True
) -> Column:
    """An integer column referring to `target` ("table.id"), indexed unless told not
    to be (where another index already serves lookups by it, say)."""
    return Column(Integer, ForeignKey(target, ondelete=ondelete), index=index, nullable=nullable)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Take transaction control from pysqlite so that BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        if not _write_intent.get():
            connection.exec_driver_sql("BEGIN")
        elif not _take_write_lock(connection.connection.driver_connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite's own wait, then its error


def _take_write_lock(dbapi_connection, budget_s: float = WRITE_LOCK_NAP_BUDGET_S) -> bool:
    """BEGIN IMMEDIATE, waiting for another writer in naps of 50 us doubling to 1 ms.

    SQLite's own busy handler naps 1, 2, 5, 10, 15 ms ... between tries, while a
    write here holds the lock for well under a millisecond: under concurrent votes
    the lock sat free while every waiter slept. False if the budget ran out.
    """
    deadline, nap = time.monotonic() + budget_s, 0.00005
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return True
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                    raise
            if time.monotonic() + nap > deadline:
                return False
            time.sleep(nap)
            nap = min(nap * 2, 0.001)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def make_engine(url: str) -> Engine:
    """An engine for the URL, with SQLite tuned for a web app."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


class Database:
    """The app's engine and session factory; tests may rebind the factory."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.session_factory = sessionmaker(bind=engine, class_=Session, expire_on_commit=False)

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """A session for commands and scripts: commit on success, roll back on error."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def _in_app_context(app: Flask, task):
    def run():
        with app.app_context():
            task()

    return run


def get_db(app: Flask | None = None) -> Database:
    from flask import current_app

    return (app or current_app).extensions["database"]


def get_session() -> Session:
    """The session of the current request, opened on first use."""
    if "db_session" not in g:
        g.db_session = get_db().session_factory()
    return g.db_session


@contextmanager
def bookkeeping_write() -> Iterator[Session]:
    """A session for a little bookkeeping that any request may write (a sign-in noted
    as seen, or ended as expired). A GET gets a transaction of its own, so that its
    request stays read-only. A request that writes anyway gets its own session: on
    SQLite its transaction already holds the write lock, which a second connection
    in the same thread would wait on until it failed. It commits with the answer."""
    if _write_intent.get():
        yield get_session()
        return
    with get_db().session_scope() as own:
        yield own


def after_response(task) -> None:
    """Run `task` (in an app context) once the current answer has been sent, or now
    outside a request: slow work such as sending email, which must neither delay the
    answer nor show in its timing."""
    if has_request_context():
        g.setdefault("after_response", []).append(task)
        return
    task()


def init_app(app: Flask) -> None:
    app.extensions["database"] = Database(make_engine(app.config["DATABASE_URL"]))

    @app.before_request
    def declare_write_intent():
        _write_intent.set(request.method not in ("GET", "HEAD", "OPTIONS"))

    @app.after_request
    def commit_session(response):
        session = g.pop("db_session", None)
        if session is not None:
            try:
                if response.status_code < 400:
                    session.commit()
                else:
                    session.rollback()
            finally:
                session.close()
        for task in g.pop("after_response", []):  # queued by this request, or its commit
            response.call_on_close(_in_app_context(app, task))
        return response

    @app.teardown_request
    def close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.rollback()
            session.close()
