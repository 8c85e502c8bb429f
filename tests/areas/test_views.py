import pytest

from tests.factories import create_area, create_council, create_menu


@pytest.fixture
def estate(db_session):
    council = create_council(db_session, name="Testshire Council")
    menu = create_menu(db_session, council)
    return create_area(
        db_session,
        council=council,
        menu=menu,
        slug="ashworth-estate",
        name="Ashworth Estate",
        households=1000,
        deprivation_decile=2,
        districts=("MB4",),
    )


def test_home_lists_areas_with_links(client, estate):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/areas/ashworth-estate"' in page
    assert 'role="search"' in page


def test_search_serves_the_full_page_or_the_results_block(client, estate):
    full = client.get("/?q=mb4")
    assert full.status_code == 200
    assert "<html" in full.get_data(as_text=True)
    assert "HX-Request" in full.headers["Vary"]

    fragment = client.get("/?q=mb4", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body
    assert 'id="results"' not in body  # what goes inside it: the live region stays
    # Screen readers hear the count, once, from the status line that stays on the page
    # (out of band), not the whole list: #results itself is not a live region.
    assert '<div id="results-status" hx-swap-oob="innerHTML">1 area matches' in body
    page = full.get_data(as_text=True)
    assert '<p id="results-status" class="visually-hidden" role="status"></p>' in page
    assert "aria-live" not in page.split('<section id="results"')[1].split(">")[0]
    assert "hx-swap-oob" not in page
    assert "Ashworth Estate" in body
    assert "HX-Request" in fragment.headers["Vary"]


@pytest.mark.parametrize("query", ["%", "<script>alert(1)</script>", "x" * 5000, "\x00"])
def test_malformed_search_is_not_an_error(client, estate, query):
    response = client.get("/", query_string={"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_area_page_shows_every_function_level_budget_and_rebate(client, estate):
    page = client.get("/areas/ashworth-estate").get_data(as_text=True)
    assert "Ashworth Estate" in page
    assert "Grass cutting" in page and "Caretaking" in page
    assert "A group organises the mowing." in page
    # delegate: 2400p x 1000 x 0.5 = £12,000 plus 25% uplift = £15,000.
    assert "£15,000.00 a year" in page
    assert "including £3,000.00 deprivation uplift" in page
    assert "£1.50 a year off the Service charge" in page
    assert 'href="/areas/ashworth-estate/functions/grass-cutting"' in page


def test_function_page_shows_options_with_conditions(client, estate):
    response = client.get("/areas/ashworth-estate/functions/grass-cutting")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Grass cutting</h1>" in page
    assert "Public liability insurance" in page
    assert "£24,000.00 a year" in page  # whole-area cost now


def test_menu_text_follows_the_language(client, estate):
    page = client.get("/areas/ashworth-estate/functions/grass-cutting?lang=cy").get_data(
        as_text=True
    )
    assert "Torri gwair" in page
    # Text with no Welsh translation falls back to English.
    assert "Mowing the lawns." in page


@pytest.mark.parametrize(
    "url",
    ["/areas/nowhere", "/areas/ashworth-estate/functions/nothing", "/areas/%00"],
)
def test_unknown_area_or_function_is_a_404_page(client, estate, url):
    response = client.get(url)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    assert 'class="site-header"' in page


def test_area_without_menu_says_so(client, db_session):
    create_area(db_session, slug="no-menu")
    page = client.get("/areas/no-menu").get_data(as_text=True)
    assert "has not published a menu" in page


def test_while_a_vote_is_open_the_pages_show_the_menu_on_the_ballot(app, client, db_session):
    """A version published mid-vote applies from the next vote: the page residents are
    sent to read first shows the options and budgets they are voting on, and says so."""
    from tests.factories import create_round

    council = create_council(db_session)
    area = create_area(
        db_session, council=council, menu=create_menu(db_session, council, cost=2400)
    )
    with app.app_context():
        create_round(db_session, area=area)
    create_menu(db_session, council, cost=9900)
    for path in (f"/areas/{area.slug}", f"/areas/{area.slug}/functions/grass-cutting"):
        page = client.get(path).get_data(as_text=True)
        assert "£24.00" in page and "£99.00" not in page, path
        assert "Voting is open now on version 1 of this menu" in page
        assert "Version 2, published" in page


def test_with_no_vote_open_the_pages_show_the_latest_menu(app, client, db_session):
    council = create_council(db_session)
    area = create_area(
        db_session, council=council, menu=create_menu(db_session, council, cost=2400)
    )
    create_menu(db_session, council, cost=9900)
    page = client.get(f"/areas/{area.slug}").get_data(as_text=True)
    assert "£99.00" in page and "Voting is open now" not in page


def test_the_area_page_leads_to_the_open_vote_and_to_past_results(app, client, db_session):
    """A resident starting from the home page finds the vote, and the results after it."""
    from datetime import timedelta

    from tests.factories import create_round
    from webapp.db import utcnow

    council = create_council(db_session)
    area = create_area(db_session, council=council, menu=create_menu(db_session, council))
    with app.app_context():
        past, _, _ = create_round(db_session, area=area)
        past.opens_at, past.closes_at = utcnow() - timedelta(days=30), utcnow() - timedelta(days=2)
        create_round(db_session, area=area)
    db_session.flush()
    page = client.get(f"/areas/{area.slug}").get_data(as_text=True)
    assert "Voting is open until" in page and f'href="/areas/{area.slug}/vote"' in page
    assert f'href="/rounds/{past.id}/results"' in page
