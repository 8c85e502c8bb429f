from flask import Blueprint

bp = Blueprint("ledger", __name__, template_folder="templates")

from webapp.i18n import lazy_gettext as _l  # noqa: E402
from webapp.ledger import reports, views  # noqa: E402, F401
from webapp.ledger.models import InstalmentState  # noqa: E402
from webapp.ledger.wording import account_name, ledger_description  # noqa: E402

INSTALMENT_STATE_LABELS = {
    InstalmentState.SCHEDULED: _l("Scheduled"),
    InstalmentState.REQUESTED: _l("Requested"),
    InstalmentState.APPROVED: _l("Approved"),
    InstalmentState.PAID: _l("Paid"),
    InstalmentState.REJECTED: _l("Rejected"),
    InstalmentState.CANCELLED: _l("Cancelled"),
}


@bp.app_template_global()
def instalment_state_label(state: str) -> str:
    return str(INSTALMENT_STATE_LABELS.get(state, state))


@bp.app_template_global()
def any_state_label(state: str) -> str:
    """A claim's or an instalment's state, a staff account's role, or an account's
    email language, in words."""
    from webapp.claims.labels import STATE_LABELS
    from webapp.i18n import LANGUAGES, current_language, language_name
    from webapp.staff.labels import STAFF_ROLE_LABELS

    if state in LANGUAGES:
        return language_name(state, current_language())
    label = (
        STATE_LABELS.get(state)
        or INSTALMENT_STATE_LABELS.get(state)
        or STAFF_ROLE_LABELS.get(state)
    )
    return str(label) if label else state


bp.add_app_template_filter(ledger_description)
bp.add_app_template_filter(account_name)
