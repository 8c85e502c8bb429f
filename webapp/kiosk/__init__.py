"""Kiosk mode: a shared touch screen in a library or community centre."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk", template_folder="templates")

from webapp.kiosk import views  # noqa: E402, F401
