"""CSV files that officers open in spreadsheets.

Every text cell is quoted and numbers are not, so a spreadsheet keeps a number
(money in pence, negative ones too) a number and text text. Text that a
spreadsheet would run as a formula (a group named `=HYPERLINK(...)`, say) gets an
apostrophe before it, as OWASP advises against CSV injection; so does any part of
a cell after a `;`, `,` or tab, because spreadsheets set to many European locales
split "CSV" on semicolons (or tabs) and would start a cell there. Downloads begin
with a byte order mark, without which Excel reads UTF-8 as Windows-1252 ("Tŷ"
shows as "TÅ·"); files for a program rather than a person can go without it.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from flask import Response

# A formula start at the start of a cell, or after a character a spreadsheet may split on.
FORMULA_START = re.compile(r"(^|[;,\t])(?=[=+\-@\t\r])")
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_safe(value):
    """The value, with an apostrophe before each part of a text that starts like a formula."""
    if isinstance(value, str):
        return FORMULA_START.sub(r"\1'", value)
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A header line, then one line per row, every cell spreadsheet-safe, text quoted."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return out.getvalue()


def csv_download(body: str, filename: str, *, byte_order_mark: bool = True) -> Response:
    """A CSV file the browser saves under `filename`; with a byte order mark for Excel
    unless the file is for a program that may take it for part of the first column."""
    return Response(
        BYTE_ORDER_MARK + body if byte_order_mark else body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
