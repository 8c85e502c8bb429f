from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from webapp.auth import reset_views, views  # noqa: E402, F401
