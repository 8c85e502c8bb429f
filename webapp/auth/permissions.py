"""Who may see and change what: checked in every view that needs it."""

from functools import wraps
from typing import NoReturn

from flask import abort
from flask_login import current_user, login_required

from webapp.security_events import security_event


def council_staff_required(view):
    """Signed in as an officer, finance approver or admin of some council."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_council_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def hide_from_viewer() -> NoReturn:
    """Refuse a record the viewer may not see as if it did not exist (404), and log it."""
    security_event("access", "refused", answered_as="not_found")
    abort(404)


def ensure_same_council(council_id: int) -> None:
    """Another council's records do not exist, as far as this officer can tell."""
    if not current_user.is_authenticated or current_user.council_id != council_id:
        hide_from_viewer()


def is_staff_of(council_id: int) -> bool:
    return current_user.is_authenticated and is_staff_of_user(current_user, council_id)


def is_staff_of_user(user, council_id: int) -> bool:
    """Whether this user (not necessarily the current one) works for the council."""
    return bool(user and user.is_council_staff and user.council_id == council_id)
