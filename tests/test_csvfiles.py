import csv
import io

import pytest

from webapp.csvfiles import csv_text, spreadsheet_safe


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://x.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_text_that_starts_like_a_formula_is_shown_as_typed(typed):
    assert spreadsheet_safe(typed) == "'" + typed


@pytest.mark.parametrize(
    "value", [-375000, 0, 12.5, "Ashworth Tenants' Group", "2027-01", "", None]
)
def test_numbers_and_ordinary_text_are_written_as_they_are(value):
    assert spreadsheet_safe(value) == value


def test_every_cell_is_checked_but_the_header_is_ours():
    text = csv_text(["name", "amount_pence"], [["=cmd", -5], ["Hall, the", 10]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "amount_pence"],
        ["'=cmd", "-5"],
        ["Hall, the", "10"],
    ]
