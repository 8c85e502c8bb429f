from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.forms import Form
from webapp.i18n import lazy_gettext as _l


class RejectInstalmentForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class PayForm(Form):
    confirm = BooleanField(_l("I have checked the amount and the group's bank details"))


class RebateForm(Form):
    period = StringField(
        _l("Period (2027, 2027-Q1 or 2027-04)"),
        filters=[lambda text: text.strip() if text else text],
        validators=[
            DataRequired(
                message=_l(
                    "Enter the period to post: a year (2027), a quarter (2027-Q1) or a month "
                    "(2027-04)."
                )
            ),
            Length(
                max=10,
                message=_l(
                    "That is too long for a period: a year (2027), a quarter (2027-Q1) or a "
                    "month (2027-04)."
                ),
            ),
        ],
    )
