"""Helpers shared by the feature packages' forms."""

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple], optgroup: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as select choices, optionally inside one <optgroup>."""
    return [SelectChoice(value=value, label=label, optgroup=optgroup) for value, label in pairs]
