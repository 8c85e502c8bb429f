import codecs
import csv
import io

import pytest

from webapp.csvfiles import csv_download, csv_text, spreadsheet_safe


@pytest.mark.parametrize(
    "typed, written",
    [
        ('=HYPERLINK("http://x.example","x")', '\'=HYPERLINK("http://x.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\r=1", "'\r=1"),
        ("\t=1", "'\t'=1"),  # the tab itself may split the cell
        ("Tenants;=1+1", "Tenants;'=1+1"),
        ("Tenants,@x", "Tenants,'@x"),
        ("Tenants\t+1", "Tenants\t'+1"),
        ("=a;-b", "'=a;'-b"),
    ],
)
def test_text_that_starts_like_a_formula_anywhere_a_cell_may_start_is_shown_as_typed(
    typed, written
):
    assert spreadsheet_safe(typed) == written


@pytest.mark.parametrize(
    "value", [-375000, 0, 12.5, "Ashworth Tenants' Group", "2027-01", "Hall, the", "", None]
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


def test_text_is_quoted_and_numbers_negative_ones_too_are_not():
    text = csv_text(["name", "amount_pence", "share"], [["Hall", -375000, 12.5], [None, 0, 1]])
    assert text == '"name","amount_pence","share"\r\n"Hall",-375000,12.5\r\n"",0,1\r\n'


def test_a_spreadsheet_that_splits_on_another_character_starts_no_formula():
    # Excel and LibreOffice set to most European locales split "CSV" on semicolons
    text = csv_text(["group", "recipient"], [["Hall", "Tenants;=1+1,@x\t-2"]])
    for delimiter in (";", ",", "\t"):
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        cells = [cell for row in rows for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells


def test_csv_downloads_open_in_excel_as_utf8_and_still_parse():
    response = csv_download(csv_text(["recipient"], [["Cymdeithas Tŷ Gwyn"]]), "giving.csv")
    data = response.get_data()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["recipient"], ["Cymdeithas Tŷ Gwyn"]]
    plain = csv_download("uprn\r\n", "rebates.csv", byte_order_mark=False)
    assert plain.get_data() == b"uprn\r\n"
