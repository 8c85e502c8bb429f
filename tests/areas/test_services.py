import pytest

from tests.factories import create_area, create_council, create_menu
from webapp.areas.services import area_menu, postcode_district, search_areas


@pytest.mark.parametrize(
    ("query", "district"),
    [
        ("MB4", "MB4"),
        ("mb4 7qx", "MB4"),
        ("MB47QX", "MB4"),
        ("SW1A 1AA", "SW1A"),
        ("m", None),
        ("Ashworth", None),
        ("", None),
    ],
)
def test_postcode_district(query, district):
    assert postcode_district(query) == district


def test_search_by_name_and_by_postcode(db_session):
    council = create_council(db_session)
    ashworth = create_area(db_session, council=council, name="Ashworth Estate", districts=("MB4",))
    hadley = create_area(db_session, council=council, name="Little Hadley", districts=("MB12",))
    assert search_areas(session=db_session, query="ashw") == [ashworth]
    assert search_areas(session=db_session, query="  little   HADLEY ") == [hadley]
    assert search_areas(session=db_session, query="mb12 3ab") == [hadley]
    assert search_areas(session=db_session, query="MB4") == [ashworth]
    assert search_areas(session=db_session, query="MB1") == []


@pytest.mark.parametrize(
    "query",
    ["%", "_", "\\", "'; DROP TABLE area; --", "x" * 10_000, "\u202e\u0000\ufffd", "🏠", "%%_%"],
)
def test_malformed_search_finds_nothing_without_error(db_session, query):
    create_area(db_session, name="Ashworth Estate")
    assert search_areas(session=db_session, query=query) == []


def test_area_menu_has_levels_functions_and_budgets(db_session):
    council = create_council(db_session)
    menu = create_menu(db_session, council)
    area = create_area(
        db_session, council=council, menu=menu, households=1000, deprivation_decile=2
    )
    view = area_menu(session=db_session, area=area)
    assert [level.key for level in view.levels] == ["consult", "delegate", "control"]
    grass = view.function("grass-cutting")
    assert [o.level.key for o in grass.options] == ["consult", "delegate", "control"]
    delegate = grass.options[1]
    # 2400p x 1000 households x 0.5 = £12,000, plus 25% uplift for decile 2.
    assert (delegate.budget.base_pence, delegate.budget.uplift_pence) == (1_200_000, 300_000)
    assert view.conditions["insurance"]["en"] == "Public liability insurance"


def test_area_without_a_menu(db_session):
    area = create_area(db_session)
    view = area_menu(session=db_session, area=area)
    assert view.version is None
    assert view.functions == []


def test_a_search_without_the_apostrophe_finds_the_area(db_session):
    from webapp.areas.services import search_areas

    area = create_area(db_session, name="St Mark\u2019s Close")
    for typed in ("st marks", "St Mark's", "mark\u2019s"):
        assert area in search_areas(session=db_session, query=typed), typed
