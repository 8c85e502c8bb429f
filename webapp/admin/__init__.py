from flask import Blueprint, abort
from flask_login import current_user

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@bp.before_request
def council_staff_only():
    if not current_user.is_authenticated:
        from flask import redirect, request, url_for

        return redirect(url_for("auth.login", next=request.full_path))
    if not current_user.is_council_staff:
        abort(403)
    return None


from webapp.admin import instalment_views, views  # noqa: E402, F401
