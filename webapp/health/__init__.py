"""/healthz: 200 when the database answers, 503 when it does not."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from webapp.db import get_db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    try:
        with get_db().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError:
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
