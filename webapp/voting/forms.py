import re

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateTimeLocalField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from webapp.forms import Form
from webapp.i18n import lazy_gettext as _l
from webapp.voting.refusals import CodeNotRecognised


class CodeForm(Form):
    code = StringField(
        _l("Your ballot code"),
        validators=[
            DataRequired(_l("Enter the code from your letter.")),
            Length(max=200, message=CodeNotRecognised.message),  # room for a pasted link
        ],
        description=_l("It is on your letter, for example 7K2M-Q9PD-XR4T."),
    )


class SubmitBallotForm(Form):
    link_to_account = BooleanField(_l("Keep this ballot in my account so I can see it later"))


class ButtonForm(Form):
    """No fields: the CSRF token for a button-only POST."""


class RegisterUploadForm(Form):
    file = FileField(
        _l("Household register (CSV)"),
        validators=[
            FileRequired(_l("Choose a CSV file.")),
            FileAllowed(["csv", "txt"], _l("The register must be a CSV file.")),
        ],
    )


class QuorumField(IntegerField):
    """A whole number of at most three digits; anything else is left empty, so that
    NumberRange gives its one message (a 400-digit number would overflow it)."""

    def process_formdata(self, valuelist):
        raw = valuelist[0].strip() if valuelist else ""
        self.data = int(raw) if re.fullmatch(r"-?[0-9]{1,3}", raw) else None


class RoundForm(Form):
    opens_at = DateTimeLocalField(
        _l("Voting opens (UK time)"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Enter when voting opens."))],
    )
    closes_at = DateTimeLocalField(
        _l("Voting closes (UK time)"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Enter when voting closes."))],
    )
    quorum_percent = QuorumField(
        _l("Quorum: the percentage of eligible voters who must vote"),
        description=_l(
            "Turnout is measured against the ballot codes issued for this round: one for "
            "each eligible voter on the register when letters are made. Households added "
            "later get their codes the next time you make letters."
        ),
        default=20,
        validators=[
            InputRequired(_l("Enter a quorum.")),
            NumberRange(0, 100, _l("The quorum must be from 0 to 100.")),
        ],
    )


class PaperCodeForm(Form):
    code = StringField(
        _l("Ballot code printed on the paper"),
        validators=[
            DataRequired(_l("Enter the code from the paper ballot.")),
            Length(max=200, message=CodeNotRecognised.message),
        ],
    )
    correction = BooleanField(_l("This corrects the paper ballot entered for this code"))
