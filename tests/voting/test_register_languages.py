"""A household's letter language across re-imports of the register."""

from sqlmodel import select

from tests.factories import create_area
from webapp.voting.models import Household
from webapp.voting.register import import_register, parse_register

WITH_LANGUAGE = "UPRN,Address,Postcode,Area,Eligible voters,Language\n"
WITHOUT_LANGUAGE = "UPRN,Address,Postcode,Area,Eligible voters\n"


def load(session, area, header: str, *lines: str):
    text = header + "".join(line + "\n" for line in lines)
    return import_register(session=session, area=area, rows=parse_register(text.encode(), area))


def language_of(session, uprn: str) -> str | None:
    return session.exec(select(Household).where(Household.uprn == uprn)).one().language


def test_without_the_language_column_languages_are_kept_and_a_blank_cell_clears_one(
    db_session,
):
    area = create_area(db_session, slug="ash", name="Ash")
    load(
        db_session,
        area,
        WITH_LANGUAGE,
        "1,1 Ash Row,MB4 7QX,ash,2,ar",
        "2,2 Ash Row,MB4 7QX,ash,1,cy",
    )
    # the same register re-exported without the optional column, to change voters
    result = load(
        db_session,
        area,
        WITHOUT_LANGUAGE,
        "1,1 Ash Row,MB4 7QX,ash,3",
        "2,2 Ash Row,MB4 7QX,ash,1",
        "3,3 Ash Row,MB4 7QX,ash,1",
    )
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    languages = [language_of(db_session, uprn) for uprn in ("1", "2", "3")]
    assert languages == ["ar", "cy", None]
    # a file that has the column and leaves a cell blank clears that household's language
    result = load(db_session, area, WITH_LANGUAGE, "1,1 Ash Row,MB4 7QX,ash,3,")
    assert result.updated == 1
    assert language_of(db_session, "1") is None
    assert language_of(db_session, "2") == "cy"
