"""The top-level static/ folder, with content-hashed URLs so caches stay fresh."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, url_for

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
ONE_YEAR = 365 * 24 * 3600


@cache
def _digest(filename: str) -> str:
    return hashlib.sha256((STATIC_ROOT / filename).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """The URL of a static file, with its content hash so it can be cached for long."""
    return url_for("static", filename=filename, v=_digest(filename))


def init_app(app: Flask) -> None:
    app.static_folder = str(STATIC_ROOT)
    app.static_url_path = "/static"
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=app.send_static_file)
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR
    app.jinja_env.globals["asset_url"] = asset_url
