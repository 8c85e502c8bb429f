"""The text of each kind of notification, translated when it is shown or sent."""

from datetime import date

from webapp.i18n import format_date_short, translated
from webapp.i18n import lazy_gettext as _l

MESSAGES = {
    "claim_submitted": _l("%(group)s submitted a claim to run %(function)s in %(area)s."),
    "claim_under_review": _l("The council is reviewing the claim for %(function)s in %(area)s."),
    "claim_approved": _l("The claim for %(function)s in %(area)s was approved."),
    "claim_rejected": _l("The claim for %(function)s in %(area)s was rejected: %(reason)s"),
    "claim_active": _l("%(group)s now runs %(function)s in %(area)s."),
    "claim_suspended": _l("The delegation of %(function)s in %(area)s was suspended: %(reason)s"),
    "claim_reinstated": _l("The delegation of %(function)s in %(area)s was reinstated."),
    "claim_ended": _l("The delegation of %(function)s in %(area)s has ended."),
    "claim_revoked": _l("The delegation of %(function)s in %(area)s was revoked: %(reason)s"),
    "mandate_overridden": _l(
        "An officer allowed the claim for %(function)s in %(area)s without the vote's support: %(reason)s"
    ),
    "report_overdue": _l(
        "A monitoring report for %(function)s in %(area)s was due on %(due)s and is overdue."
    ),
    "password_reset": _l(
        "Someone asked to reset the password of your Neighbourhood Menu account. To choose "
        "a new one, open this link within an hour. If it was not you, ignore this email: "
        "your password stays as it is."
    ),
    "staff_account": _l(
        "%(by)s has made you a Neighbourhood Menu account for %(council)s, with the role "
        "“%(role)s”. To choose your password, open this link within three days. If it has "
        "expired, ask for a new one with “Forgotten your password?” on the sign-in page."
    ),
    # To a council's other admins, of each change to its staff accounts (webapp/staff).
    "staff_added": _l(
        "%(by)s added %(name)s (%(email)s) to your council's staff, with the role “%(role)s”."
    ),
    "staff_role_changed": _l(
        "%(by)s changed the role of %(name)s (%(email)s) from “%(old_role)s” to “%(role)s”."
    ),
    "staff_disabled": _l("%(by)s disabled the staff account of %(name)s (%(email)s)."),
    "staff_enabled": _l("%(by)s enabled the staff account of %(name)s (%(email)s) again."),
}

STAFF_CHANGE_SUBJECT = _l("Check this change to your council's staff accounts")

# Email subjects that are not the message itself: for emails sent without a
# notification, and for those that ask their reader to do something.
SUBJECTS = {
    "password_reset": _l("Reset your password"),
    "staff_account": _l("Choose the password of your new account"),
    "staff_added": STAFF_CHANGE_SUBJECT,
    "staff_role_changed": STAFF_CHANGE_SUBJECT,
    "staff_disabled": STAFF_CHANGE_SUBJECT,
    "staff_enabled": STAFF_CHANGE_SUBJECT,
}


def staff_role(role: str) -> dict:
    """A staff role as a parameter: stored as its key, named in the reader's words."""
    return {"role": str(role)}


def _shown(value) -> str:
    """A stored parameter as the reader sees it: menu text ({"en": ..., "cy": ...}) in
    their language, a date ({"date": "2027-04-01"}) in their locale, a staff role
    ({"role": "officer"}) in their words, anything else as is. Notifications made
    before parameters were stored this way hold plain text."""
    if isinstance(value, dict):
        if "date" in value:
            return format_date_short(date.fromisoformat(value["date"]))
        if "role" in value:
            from webapp.staff.labels import staff_role_label  # staff sends through this module

            return staff_role_label(value["role"])
        return translated(value)
    return str(value)


def render_message(kind: str, params: dict) -> str:
    """The message in the reader's language, whoever's action made it."""
    template = MESSAGES.get(kind)
    if template is None:
        return kind
    return str(template) % {key: _shown(value) for key, value in params.items()}


def render_subject(kind: str, params: dict) -> str:
    subject = SUBJECTS.get(kind)
    return str(subject) if subject is not None else render_message(kind, params)
