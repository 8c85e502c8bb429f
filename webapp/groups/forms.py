from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, Optional

from webapp.forms import choices
from webapp.groups.models import GroupKind, MemberRole
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


class GroupForm(FlaskForm):
    name = StringField(_l("Group name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind of group"), choices=choices(KIND_LABELS.items()), validators=[DataRequired()]
    )
    council = SelectField(_l("Council"), coerce=int, validators=[DataRequired()])
    charity_number = StringField(
        _l("Registered charity number, if any"), validators=[Optional(), Length(max=20)]
    )
    company_number = StringField(
        _l("Company number, if any"), validators=[Optional(), Length(max=20)]
    )
    contact_email = EmailField(
        _l("Contact email"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    contact_phone = TelField(_l("Contact phone"), validators=[Optional(), Length(max=40)])


class InviteForm(FlaskForm):
    role = SelectField(
        _l("Role"), choices=choices(ROLE_LABELS.items()), validators=[DataRequired()]
    )


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"), choices=choices(ROLE_LABELS.items()), validators=[DataRequired()]
    )
