"""The app under gunicorn for load benchmarks, plus a minimal one-row insert endpoint.

The endpoint exists only in this benchmark app, never in the app that councils run.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from sqlalchemy import text

from webapp.bench.setup import make_app
from webapp.db import get_session

BASELINE_TABLE = "bench_row"


def create_bench_app():
    """gunicorn entry point: the real app with POST /_bench/insert added."""
    from webapp.extensions import csrf

    app = make_app(os.environ["DATABASE_URL"])

    @app.post("/_bench/insert")
    @csrf.exempt
    def bench_insert():
        get_session().execute(
            text(f"INSERT INTO {BASELINE_TABLE} (created) VALUES (CURRENT_TIMESTAMP)")  # noqa: S608
        )
        return "", 204

    return app


def create_baseline_table(engine) -> None:
    with engine.begin() as connection:
        key = "SERIAL" if connection.dialect.name == "postgresql" else "INTEGER"
        connection.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {BASELINE_TABLE} (id {key} PRIMARY KEY, created TIMESTAMP)"
            )
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, *, workers: int = 2, threads: int = 4):
    """Serve the benchmark app with gunicorn on a free loopback port."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "webapp.bench.server:create_bench_app()",
    ]
    process = subprocess.Popen(command, env=env)  # noqa: S603 - our own command line
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)
