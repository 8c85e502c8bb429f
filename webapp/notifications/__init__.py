from flask import Blueprint

bp = Blueprint("notifications", __name__, template_folder="templates")

from webapp.notifications import views  # noqa: E402, F401
