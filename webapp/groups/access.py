"""Who may see and change a group: its members, and its council's officers."""

from flask import abort
from flask_login import current_user

from webapp.auth.permissions import hide_from_viewer, is_staff_of
from webapp.db import get_session
from webapp.groups.models import Group, MemberRole, Membership
from webapp.groups.services import membership


def visible_group(group_id: int) -> tuple[Group, Membership | None]:
    """The group, for its members and its council's staff; 404 for anyone else."""
    group = get_session().get(Group, group_id)
    if group is None or not current_user.is_authenticated:
        abort(404)
    member = membership(get_session(), group.id, current_user.id)
    if member is None and not is_staff_of(group.council_id):
        hide_from_viewer()
    return group, member


def led_group(group_id: int) -> tuple[Group, Membership]:
    """The group, for its leads only."""
    group, member = visible_group(group_id)
    if member is None or member.role != MemberRole.LEAD:
        abort(403)
    return group, member
