from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.areas.menu_files import LEVEL_KEYS
from webapp.forms import Form, TextArea, choices
from webapp.i18n import lazy_gettext as _l

# Messages that say more than WTForms' own (which webapp.forms.Form words and translates).
TOO_LONG = _l("This answer is too long: keep it to 5,000 characters.")
LONG_TEXT = [Optional(), Length(max=5000, message=TOO_LONG)]


# A claim's answers by name, also for the history's "Changed: ..." (webapp.audit.wording).
TEXT_LABELS = {
    "delivery": _l("What will the group deliver?"),
    "capability": _l("The group's capability and experience"),
    "finances": _l("How the group manages its money"),
    "involvement": _l("How residents stay involved"),
    "outcomes": _l("Outcomes you expect"),
    "start_date": _l("Start date"),
}


class ClaimTextsForm(Form):
    delivery = TextArea(TEXT_LABELS["delivery"], validators=LONG_TEXT)
    capability = TextArea(TEXT_LABELS["capability"], validators=LONG_TEXT)
    finances = TextArea(TEXT_LABELS["finances"], validators=LONG_TEXT)
    involvement = TextArea(TEXT_LABELS["involvement"], validators=LONG_TEXT)
    outcomes = TextArea(TEXT_LABELS["outcomes"], validators=LONG_TEXT)
    start_date = DateField(TEXT_LABELS["start_date"], validators=[Optional()])


class NewClaimForm(ClaimTextsForm):
    service = SelectField(
        _l("Service and area"), validators=[DataRequired(_l("Choose a service and area."))]
    )
    level = SelectField(
        _l("Level of involvement"),
        choices=choices((key, key) for key in LEVEL_KEYS),
        validators=[DataRequired(_l("Choose a level of involvement."))],
    )


class EvidenceForm(Form):
    file = FileField(
        _l("Document (PDF, PNG or JPEG, up to 10 MB)"),
        validators=[FileRequired(_l("Choose a file."))],
    )
    condition = SelectField(_l("Which condition does it show?"), validators=[Optional()])


class ReasonForm(Form):
    reason = TextArea(
        _l("Reason"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("The reason is too long: keep it to 2,000 characters.")),
        ],
    )


class ConditionForm(Form):
    evidence = SelectField(
        _l("Evidence"),
        coerce=int,
        validators=[InputRequired(_l("Choose the document that shows this condition is met."))],
    )


class ReportForm(Form):
    summary = TextArea(
        _l("What the group delivered since the last report"),
        validators=[Optional(), Length(max=5000, message=TOO_LONG)],
    )
