"""Requests whose text values never carry control characters (a NUL byte, above all).

No form or query in the app has a use for them, PostgreSQL refuses to store a NUL,
and dropping them here keeps every view and service free of the check.
"""

import re
from urllib.parse import urlsplit, urlunsplit

from flask import Request, request
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


# The largest id there can be: ids are INTEGER columns, 32 bits on PostgreSQL.
MAX_ID = 2**31 - 1


class DatabaseInteger(IntegerConverter):
    """`<int:...>` in a URL: an id no id column can hold is no page (404), rather than
    an out-of-range error from the database (a 500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


ASCII_WHOLE_NUMBER = re.compile(r"[0-9]{1,10}")


def whole_number(text: str | None) -> int | None:
    """A whole number typed or sent as ASCII digits, at most MAX_ID (so that it can be
    an id), else None. `str.isdigit` would take "²" or "٣", which `int` refuses or
    reads as 3."""
    if text is None or not ASCII_WHOLE_NUMBER.fullmatch(text) or int(text) > MAX_ID:
        return None
    return int(text)


def same_site_referrer() -> str | None:
    """The page that sent this request, as a path and query on this site (what next=
    accepts); None when the Referer names another site or nothing."""
    referrer = urlsplit(request.referrer or "")
    if referrer.scheme in ("http", "https") and referrer.netloc == request.host:
        return urlunsplit(("", "", referrer.path or "/", referrer.query, ""))
    return None
