"""Throwaway databases for the test suites and the benchmarks."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from webapp.db import make_engine
from webapp.migrate import upgrade_database


def empty_database(url: str) -> None:
    """Drop every table (and, on PostgreSQL, everything else) from a database."""
    engine = make_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            names = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).scalars()
            for name in list(names):
                connection.exec_driver_sql(f'DROP TABLE "{name}"')
    engine.dispose()


def fresh_database(url: str) -> str:
    """Empty the database and migrate it to the newest schema."""
    empty_database(url)
    upgrade_database(url)
    return url


@contextmanager
def scratch_database(base_url: str, folder: Path) -> Iterator[str]:
    """A new, empty database beside `base_url` (same server or folder), removed afterwards."""
    url = make_url(base_url)
    if url.get_backend_name() == "sqlite":
        path = folder / f"scratch-{uuid.uuid4().hex}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
