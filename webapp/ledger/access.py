"""Who may see a delegation's money: its group's members and its council's staff."""

from flask import abort
from flask_login import current_user

from webapp.auth.permissions import hide_from_viewer, is_staff_of
from webapp.db import get_session
from webapp.groups.services import membership
from webapp.ledger.models import Delegation


def visible_delegation(delegation_id: int) -> tuple[Delegation, bool]:
    """The delegation and whether the viewer is council staff; 404 for anyone else."""
    delegation = get_session().get(Delegation, delegation_id)
    if delegation is None or not current_user.is_authenticated:
        abort(404)
    staff = is_staff_of(delegation.council_id)
    if not staff and membership(get_session(), delegation.group_id, current_user.id) is None:
        hide_from_viewer()
    return delegation, staff
