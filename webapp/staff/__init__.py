"""Council staff accounts, managed by the council's admins from /admin/staff."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from webapp.auth.freshness import reauthenticate_first, recently_authenticated

bp = Blueprint("staff", __name__, url_prefix="/admin/staff", template_folder="templates")


@bp.before_request
def recently_confirmed_admins_only():
    """Admins only, and with their password given within the last few minutes
    (STAFF_REAUTH_MINUTES): asked on opening the page too, so that what they type in
    its forms is not lost to the check."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not current_user.is_council_admin:
        abort(403)
    if not recently_authenticated():
        back = request.full_path.rstrip("?") if request.method == "GET" else None
        return reauthenticate_first("staff", back=back)
    return None


from webapp.staff import views  # noqa: E402, F401
