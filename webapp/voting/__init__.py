from flask import Blueprint

bp = Blueprint("voting", __name__, template_folder="templates")

from webapp.voting import account_views, officer_views, results_views, views  # noqa: E402, F401
