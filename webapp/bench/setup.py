"""A throwaway database with the demo data, and an app on it."""

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask


@contextmanager
def demo_app(database_url: str | None = None) -> Iterator[Flask]:
    """An app on a fresh database (a temporary SQLite file unless a URL is given)."""
    os.environ.setdefault("APP_ENV", "testing")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    from webapp import create_app
    from webapp.db import get_db
    from webapp.demo.data import load_demo
    from webapp.migrate import upgrade_database

    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{folder}/bench.db"
        upgrade_database(url)
        app = create_app({"DATABASE_URL": url})
        with app.app_context():
            load_demo()
        try:
            yield app
        finally:
            get_db(app).engine.dispose()
