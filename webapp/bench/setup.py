"""Apps on throwaway databases for the benchmarks: never the database you work on."""

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask


def configure_environment() -> None:
    os.environ.setdefault("APP_ENV", "testing")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))


@contextmanager
def bench_database() -> Iterator[str]:
    """A new database: on the server of BENCH_DATABASE_URL when set, else a SQLite file."""
    from webapp.dbtools import fresh_database, scratch_database

    with tempfile.TemporaryDirectory() as folder:
        base = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
        with scratch_database(base, Path(folder)) as url:
            yield fresh_database(url)


def make_app(url: str, **config) -> Flask:
    configure_environment()
    from webapp import create_app

    return create_app({"DATABASE_URL": url, **config})


@contextmanager
def bench_app(*, demo: bool = True) -> Iterator[Flask]:
    """An app on a fresh database, with the demo data unless told otherwise."""
    from webapp.db import get_db
    from webapp.demo.data import load_demo

    with bench_database() as url:
        app = make_app(url)
        if demo:
            with app.app_context():
                load_demo()
        try:
            yield app
        finally:
            get_db(app).engine.dispose()
