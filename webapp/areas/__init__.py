from flask import Blueprint

bp = Blueprint("areas", __name__, template_folder="templates")

from webapp.areas import views  # noqa: E402, F401
