from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from webapp.forms import Form
from webapp.i18n import LANGUAGES
from webapp.i18n import lazy_gettext as _l


class LoginForm(Form):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class LogoutForm(Form):
    """No fields: the CSRF token for a button-only POST."""


def new_password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(),
            Length(min=12, max=1024, message=_l("Use at least 12 characters.")),
        ],
        description=_l("At least 12 characters. A few unrelated words make a good one."),
    )


def confirm_field() -> PasswordField:
    """The new password typed again; the form's new one is its `password` field."""
    return PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class RegisterForm(Form):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)])
    password = new_password_field(_l("Password"))
    confirm = confirm_field()


class ReauthForm(Form):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=1024)])


class ChangePasswordForm(Form):
    current = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=1024)])
    password = new_password_field(_l("New password"))
    confirm = confirm_field()


class ForgotPasswordForm(Form):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(Form):
    password = new_password_field(_l("New password"))
    confirm = confirm_field()


class LanguageForm(Form):
    """The language switcher of someone signed in: a button per language, and the page
    to go back to."""

    language = SelectField(choices=LANGUAGES)
    next = HiddenField()
