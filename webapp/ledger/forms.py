from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.i18n import lazy_gettext as _l


class RejectInstalmentForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class PayForm(FlaskForm):
    confirm = BooleanField(_l("I have checked the amount and the group's bank details"))


class RebateForm(FlaskForm):
    period = StringField(
        _l("Period (2027, 2027-Q1 or 2027-04)"), validators=[DataRequired(), Length(max=10)]
    )
