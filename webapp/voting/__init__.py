from flask import Blueprint

bp = Blueprint("voting", __name__, template_folder="templates")

from webapp.voting import (  # noqa: E402, F401
    account_views,
    letter_views,
    officer_views,
    results_views,
    round_views,
    views,
)
