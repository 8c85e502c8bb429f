"""Helpers shared by the feature packages' forms."""

from collections.abc import Iterable

from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice


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
