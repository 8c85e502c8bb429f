"""Queue filters from the query string: every value checked, nonsense ignored with a note."""

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from werkzeug.datastructures import MultiDict

from webapp.i18n import current_language
from webapp.i18n import lazy_gettext as _l
from webapp.ledger.posting import MAX_AMOUNT_PENCE
from webapp.requests import whole_number

PAGE_SIZE = 50
MAX_PAGE = 10_000


@dataclass
class Filters:
    area: str = ""
    function: str = ""
    status: str = ""
    q: str = ""
    min_pence: int | None = None
    max_pence: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = ""
    page: int = 1
    after: int | None = None  # the id of the last row of the page before
    before: int | None = None  # the id of the first row of the page after
    problems: list[str] = field(default_factory=list)

    def query(self, **changes) -> dict:
        """The filters as query-string values, for links that keep them."""
        values = {
            "area": self.area,
            "function": self.function,
            "status": self.status,
            "q": self.q,
            "min": "" if self.min_pence is None else f"{self.min_pence / 100:.2f}",
            "max": "" if self.max_pence is None else f"{self.max_pence / 100:.2f}",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "sort": self.sort,
            "page": self.page,
        }
        values.update(changes)
        return {
            k: v for k, v in values.items() if v not in ("", None) and not (k == "page" and v == 1)
        }


def _pounds(raw: str) -> Decimal | None:
    """An amount as the reader writes numbers (1500,50 in Polish is £1,500.50), or as
    our own links write it (1500.50); None when it is neither, rather than a guess."""
    try:
        return parse_decimal(raw, locale=current_language(), strict=True)
    except NumberFormatError:
        return Decimal(raw) if re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", raw) else None


def _pence(raw: str, problems: list, label) -> int | None:
    raw = "".join(raw.replace("£", "").split())
    if not raw:
        return None
    pounds = _pounds(raw)
    if pounds is None:
        problems.append(str(label))
        return None
    # No amount in the ledger is larger: a larger one is a slip, not a filter.
    if not pounds.is_finite() or pounds < 0 or pounds * 100 > MAX_AMOUNT_PENCE:
        problems.append(str(label))
        return None
    return int(pounds * 100)


def _day(raw: str, problems: list, label) -> date | None:
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        day = None
    # A range ends before the next day begins: the last date there is has none.
    if day is None or day == date.max:
        problems.append(str(label))
        return None
    return day


def _clean(text: str, limit: int) -> str:
    """Printable text only: a NUL byte, for one, is not something any database stores."""
    return " ".join("".join(c for c in text if c.isprintable()).split())[:limit]


def parse_filters(
    args: MultiDict,
    *,
    statuses: tuple[str, ...],
    sorts: tuple[str, ...],
    services: Collection[str] = (),
) -> Filters:
    """The filters of a queue; `services` are the keys of the council's services."""
    problems: list[str] = []
    status = args.get("status", "")
    if status and status not in statuses:
        problems.append(str(_l("That status does not exist; showing every status.")))
        status = ""
    function = _clean(args.get("function", ""), 60)
    if function and function not in services:
        problems.append(
            str(_l("That service is not on the council's menus; showing every service."))
        )
        function = ""
    sort = args.get("sort", "")
    if sort and sort not in sorts:
        sort = ""
    try:
        page = min(max(int(args.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    return Filters(
        area=_clean(args.get("area", ""), 80),
        function=function,
        status=status,
        q=_clean(args.get("q", ""), 100),
        min_pence=_pence(
            args.get("min", ""),
            problems,
            _l("The smallest amount is not a number of pounds; it was ignored."),
        ),
        max_pence=_pence(
            args.get("max", ""),
            problems,
            _l("The largest amount is not a number of pounds; it was ignored."),
        ),
        date_from=_day(
            args.get("from", ""), problems, _l("The first date is not a date; it was ignored.")
        ),
        date_to=_day(
            args.get("to", ""), problems, _l("The last date is not a date; it was ignored.")
        ),
        sort=sort,
        page=page,
        after=whole_number(args.get("after")),
        before=whole_number(args.get("before")),
        problems=problems,
    )
