"""Words for the council staff roles, for pages, forms, emails and the audit trail."""

from webapp.auth.models import Role
from webapp.i18n import lazy_gettext as _l

STAFF_ROLE_LABELS = {
    Role.OFFICER: _l("Officer"),
    Role.FINANCE_APPROVER: _l("Finance approver"),
    Role.ADMIN: _l("Admin"),
}


def staff_role_label(role: str) -> str:
    return str(STAFF_ROLE_LABELS.get(role, role))


def staff_role_choices() -> list[tuple[str, str]]:
    return [(str(role), str(label)) for role, label in STAFF_ROLE_LABELS.items()]
