from flask import Blueprint

bp = Blueprint("claims", __name__, template_folder="templates")


@bp.record_once
def _register_labels(state):
    from webapp.claims.labels import init_app

    init_app(state.app)


from webapp.claims import actions, views  # noqa: E402, F401
