"""Requests whose text values never carry control characters (a NUL byte, above all).

No form or query in the app has a use for them, PostgreSQL refuses to store a NUL,
and dropping them here keeps every view and service free of the check.
"""

import re

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(values) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        [(CONTROL.sub("", key), CONTROL.sub("", value)) for key, value in values.items(multi=True)]
    )


class CleanRequest(Request):
    @cached_property
    def args(self):  # type: ignore[override]
        return _clean(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _clean(self.__dict__["form"])


class DatabaseInteger(IntegerConverter):
    """`<int:...>` in a URL: an id no database column can hold is no page (404), rather
    than an overflow in the database driver (a 500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)
