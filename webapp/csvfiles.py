"""CSV files that officers open in spreadsheets.

Text that a spreadsheet would run as a formula (a group named `=HYPERLINK(...)`,
say) is written with a leading apostrophe, as OWASP advises against CSV injection:
the cell then shows the text as it was typed. Numbers are written as they are.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value, or a text that starts like a formula with an apostrophe before it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A header line, then one line per row, every cell spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return out.getvalue()


def csv_download(body: str, filename: str) -> Response:
    """A CSV file the browser saves under `filename`."""
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
