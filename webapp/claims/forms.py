from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.areas.menu_files import LEVEL_KEYS
from webapp.forms import choices
from webapp.i18n import lazy_gettext as _l

LONG_TEXT = [Optional(), Length(max=5000)]


class ClaimTextsForm(FlaskForm):
    delivery = TextAreaField(_l("What will the group deliver?"), validators=LONG_TEXT)
    capability = TextAreaField(_l("The group's capability and experience"), validators=LONG_TEXT)
    finances = TextAreaField(_l("How the group manages its money"), validators=LONG_TEXT)
    involvement = TextAreaField(_l("How residents stay involved"), validators=LONG_TEXT)
    outcomes = TextAreaField(_l("Outcomes you expect"), validators=LONG_TEXT)
    start_date = DateField(_l("Start date"), validators=[Optional()])


class NewClaimForm(ClaimTextsForm):
    service = SelectField(_l("Service and area"), validators=[DataRequired()])
    level = SelectField(
        _l("Level of involvement"),
        choices=choices((key, key) for key in LEVEL_KEYS),
        validators=[DataRequired()],
    )


class EvidenceForm(FlaskForm):
    file = FileField(
        _l("Document (PDF, PNG or JPEG, up to 10 MB)"),
        validators=[FileRequired(_l("Choose a file."))],
    )
    condition = SelectField(_l("Which condition does it show?"), validators=[Optional()])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class ConditionForm(FlaskForm):
    evidence = SelectField(_l("Evidence"), coerce=int, validators=[InputRequired()])


class ReportForm(FlaskForm):
    summary = TextAreaField(
        _l("What the group delivered since the last report"),
        validators=[Optional(), Length(max=5000)],
    )
