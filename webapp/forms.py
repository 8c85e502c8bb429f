"""Helpers shared by the feature packages' forms, and the base class of every form."""

from collections.abc import Iterable

from flask import request
from flask_babel import get_translations
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from flask_wtf.i18n import translations as wtforms_translations
from werkzeug.datastructures import CombinedMultiDict
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice

from webapp.i18n import lazy_gettext as _l

# WTForms' own messages, in our words and our catalogues: WTForms has none for Bengali,
# Punjabi, Somali or Urdu, so its English would reach those residents.
_OUR_WORDS = {
    "This field is required.": _l("Please fill this in."),
    "Not a valid choice.": _l("Choose one of the options offered."),
    "Invalid Choice: could not coerce.": _l("Choose one of the options offered."),
    "Invalid email address.": _l("That is not an email address (such as name@example.org)."),
    "Not a valid date value.": _l("Enter a real date, such as 1 April 2027."),
    "Not a valid datetime value.": _l("Enter a real date and time, such as 1 April 2027 09:00."),
    "Not a valid integer value.": _l("Enter a whole number."),
}


class _Messages:
    """What WTForms asks to translate: its known messages in our words, anything else
    through its own catalogues (as Flask-WTF would)."""

    def gettext(self, string: str) -> str:
        ours = _OUR_WORDS.get(string)
        return str(ours) if ours is not None else wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Length's messages, formatted by WTForms with min, max and length afterwards.
        if singular == "Field cannot be longer than %(max)d character.":
            return get_translations().ngettext(
                "Keep it to %(max)d character or fewer.",
                "Keep it to %(max)d characters or fewer.",
                n,
            )
        if singular == "Field must be at least %(min)d character long.":
            return get_translations().ngettext(
                "Use at least %(min)d character.", "Use at least %(min)d characters.", n
            )
        return wtforms_translations.ngettext(singular, plural, n)


_MESSAGES = _Messages()


class Form(FlaskForm):
    """Every form's base: WTForms' own error messages come from our catalogues, and
    its fields are filled from the request's form and files only."""

    class Meta:
        def get_translations(self, form):
            return _MESSAGES

        def wrap_formdata(self, form, formdata):
            """Flask-WTF's, without its reading of a JSON body: a JSON body is an empty
            form. Its values escape the control-character filter (webapp/requests.py)
            and need not be strings, which the fields and validators expect."""
            if formdata is not _Auto:
                return formdata
            if not _is_submitted():
                return None
            if request.files:
                return CombinedMultiDict((request.files, request.form))
            return request.form or None


def choices(pairs: Iterable[tuple], optgroup: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as select choices, optionally inside one <optgroup>."""
    return [SelectChoice(value=value, label=label, optgroup=optgroup) for value, label in pairs]


class TextArea(TextAreaField):
    """A textarea whose line breaks count one character each, as the browser counted
    them against maxlength: it sends each as CR LF, which would otherwise push a text
    that fitted in the box over the server's limit."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, str):
            self.data = self.data.replace("\r\n", "\n")
