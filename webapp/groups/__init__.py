from flask import Blueprint

bp = Blueprint("groups", __name__, template_folder="templates")

from webapp.groups import views  # noqa: E402, F401
