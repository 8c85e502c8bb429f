"""The queues' service filter: a choice of the council's services by name in the
reader's language, sent as the service's key, so a bookmarked URL still works."""

import html
import re

import pytest

from tests.admin.conftest import HX


def options(page: str) -> list[tuple[str, str]]:
    select = re.search(r'<select id="f-function" name="function">(.*?)</select>', page, re.S)
    assert select, "the service filter is a select"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


@pytest.mark.parametrize("url", ["/admin/claims", "/admin/instalments"])
def test_services_are_offered_by_name_in_the_readers_language(client, auth, desk, url):
    auth.login(desk[0].officer.email)
    page = client.get(f"{url}?lang=cy").get_data(as_text=True)
    assert 'name="function" value=' not in page  # no box for a key
    assert options(page)[0][0] == ""  # any service first
    assert options(page)[1:] == [("caretaking", "Caretaking"), ("grass-cutting", "Torri gwair")]
    english = client.get(f"{url}?lang=en").get_data(as_text=True)
    assert options(english) == [
        ("", "Any service"),
        ("caretaking", "Caretaking"),
        ("grass-cutting", "Grass cutting"),
    ]


def test_a_chosen_service_filters_by_its_key_and_stays_chosen(client, auth, desk):
    world, _, waiting = desk
    auth.login(world.officer.email)
    caretaking = client.get("/admin/claims?function=caretaking").get_data(as_text=True)
    assert f"claim-row-{waiting.id}" in caretaking
    assert '<option value="caretaking" selected>' in caretaking
    active = client.get("/admin/claims?function=grass-cutting&status=active", headers=HX)
    rows = active.get_data(as_text=True)
    assert f"claim-row-{world.claim.id}" in rows and f"claim-row-{waiting.id}" not in rows
    none = client.get("/admin/claims?function=grass-cutting").get_data(as_text=True)
    assert f"claim-row-{waiting.id}" not in none


@pytest.mark.parametrize("url", ["/admin/claims", "/admin/instalments"])
def test_an_unknown_service_is_ignored_with_a_note(client, auth, desk, url):
    world, requested, waiting = desk
    auth.login(world.officer.email)
    response = client.get(f"{url}?function=no-such-service")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "That service is not on the council's menus; showing every service." in page
    assert " selected>" not in options_html(page)
    row = f"claim-row-{waiting.id}" if "claims" in url else f"instalment-row-{requested.id}"
    assert row in page  # every service's rows


def options_html(page: str) -> str:
    return re.search(r'<select id="f-function".*?</select>', page, re.S).group(0)
