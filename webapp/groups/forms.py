from wtforms import EmailField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, Optional

from webapp.forms import Form, choices
from webapp.groups.models import GroupKind, MemberRole
from webapp.groups.services import InvalidCharityNumber, InvalidCompanyNumber
from webapp.i18n import lazy_gettext as _l

KIND_LABELS = {
    GroupKind.RESIDENTS_ASSOCIATION: _l("Tenants' and residents' association"),
    GroupKind.PARISH_COUNCIL: _l("Parish or town council"),
    GroupKind.CIC: _l("Community interest company"),
    GroupKind.CHARITY: _l("Charity"),
    GroupKind.TMO: _l("Tenant management organisation"),
    GroupKind.OTHER: _l("Other community group"),
}
ROLE_LABELS = {
    MemberRole.LEAD: _l("Lead"),
    MemberRole.TREASURER: _l("Treasurer"),
    MemberRole.MEMBER: _l("Member"),
}


NOT_AN_EMAIL = _l("That is not an email address (such as name@example.org).")
CHOOSE_ROLE = _l("Choose a role.")


class GroupForm(Form):
    # Messages that say more than WTForms' own (which webapp.forms.Form words and translates).
    name = StringField(
        _l("Group name"),
        validators=[
            DataRequired(_l("Enter the group's name.")),
            Length(max=200, message=_l("The name is too long: keep it to 200 characters.")),
        ],
    )
    kind = SelectField(
        _l("Kind of group"),
        choices=choices(KIND_LABELS.items()),
        validators=[DataRequired(_l("Choose the kind of group."))],
    )
    council = SelectField(
        _l("Council"), coerce=int, validators=[DataRequired(_l("Choose a council."))]
    )
    charity_number = StringField(
        _l("Registered charity number, if any"),
        validators=[Optional(), Length(max=20, message=InvalidCharityNumber.message)],
    )
    company_number = StringField(
        _l("Company number, if any"),
        validators=[Optional(), Length(max=20, message=InvalidCompanyNumber.message)],
    )
    contact_email = EmailField(
        _l("Contact email"),
        validators=[
            DataRequired(_l("Enter the group's contact email.")),
            Email(),
            Length(max=254, message=NOT_AN_EMAIL),
        ],
    )
    contact_phone = TelField(
        _l("Contact phone"),
        validators=[
            Optional(),
            Length(max=40, message=_l("The phone number is too long: keep it to 40 characters.")),
        ],
    )


class InviteForm(Form):
    role = SelectField(
        _l("Role"), choices=choices(ROLE_LABELS.items()), validators=[DataRequired(CHOOSE_ROLE)]
    )


class RoleForm(Form):
    role = SelectField(
        _l("Role"), choices=choices(ROLE_LABELS.items()), validators=[DataRequired(CHOOSE_ROLE)]
    )
