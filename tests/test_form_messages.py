"""No form answers in WTForms' English: every error any form can give, for any input,
is one of ours, so each language's catalogue translates it.

WTForms ships catalogues for a few of our languages only (not Bengali, Punjabi, Somali
or Urdu), so its own messages would reach those residents in English.
"""

import importlib
import inspect
import re
from pathlib import Path

import pytest
import wtforms
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

FORM_MODULES = [
    "webapp.auth.forms",
    "webapp.claims.forms",
    "webapp.groups.forms",
    "webapp.ledger.forms",
    "webapp.staff.forms",
    "webapp.voting.forms",
]
WTFORMS_MESSAGES = set(
    re.findall(
        r'^msgid(?:_plural)? "(.+)"$',
        (Path(wtforms.__file__).parent / "locale" / "wtforms.pot").read_text(),
        re.MULTILINE,
    )
)
# Each WTForms message as shown, its %(name)s fields filled in ("...longer than 254 characters.").
AS_SHOWN = [
    re.compile(re.sub(r"%\\\(\w+\\\)[ds]", ".+", re.escape(message)))
    for message in WTFORMS_MESSAGES
]
# Input no field accepts: not a choice offered, a date, a number, or a file.
BAD_VALUES = ["not-a-choice", "", "31/02/2027", "1e999", "x" * 5000]


def all_forms():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, FlaskForm) and form.__module__ == name:
                yield form


def errors_of(form_class, value: str) -> list[str]:
    form = form_class(formdata=MultiDict())
    data = MultiDict({field.name: value for field in form})
    form = form_class(formdata=data)
    for field in form:
        if hasattr(field, "choices") and field.choices is None:
            field.choices = [("offered", "Offered")]
    form.validate()
    return [str(message) for messages in form.errors.values() for message in messages]


def test_wtforms_messages_are_known_as_shown():
    assert "Not a valid choice." in WTFORMS_MESSAGES
    assert any(p.fullmatch("Field cannot be longer than 254 characters.") for p in AS_SHOWN)


@pytest.mark.parametrize("form_class", list(all_forms()), ids=lambda form: form.__name__)
@pytest.mark.parametrize("value", BAD_VALUES, ids=["choice", "empty", "date", "number", "long"])
def test_no_form_error_is_wtforms_own_english(app, form_class, value):
    with app.test_request_context("/", method="POST"), force_locale("so"):
        messages = errors_of(form_class, value)
    english = [message for message in messages if any(p.fullmatch(message) for p in AS_SHOWN)]
    assert english == [], (form_class.__name__, messages)


def test_wtforms_messages_come_in_the_residents_language(app):
    from webapp.auth.forms import ForgotPasswordForm
    from webapp.groups.forms import RoleForm

    with app.test_request_context("/", method="POST"), force_locale("so"):
        assert errors_of(RoleForm, "not-a-choice") == [
            "Dooro mid ka mid ah doorashooyinka la bixiyay."
        ]
    with app.test_request_context("/", method="POST"), force_locale("pl"):
        # Length's limit is filled in after translation, in the plural its number takes.
        assert "Wpisz najwyżej 254 znaki." in errors_of(ForgotPasswordForm, "x" * 300)
