from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from webapp.forms import Form, choices
from webapp.i18n import lazy_gettext as _l
from webapp.staff.labels import STAFF_ROLE_LABELS

CHOOSE_ROLE = _l("Choose a role.")


def _stripped(text: str | None) -> str | None:
    """Without the spaces a copied address or name brings along."""
    return text.strip() if text else text


def _role_field() -> SelectField:
    return SelectField(
        _l("Role"),
        choices=choices(STAFF_ROLE_LABELS.items()),
        validators=[DataRequired(CHOOSE_ROLE)],
    )


class AddStaffForm(Form):
    """A new staff account: no password, which the person chooses through an emailed link."""

    name = StringField(
        _l("Name"), filters=[_stripped], validators=[DataRequired(), Length(max=200)]
    )
    email = EmailField(
        _l("Email address"),
        filters=[_stripped],
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    role = _role_field()


class StaffRoleForm(Form):
    role = _role_field()
