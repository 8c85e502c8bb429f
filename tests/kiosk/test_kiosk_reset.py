"""What the next person at a kiosk finds: the default language, and after close, why
there is no vote."""

import time
from datetime import timedelta

import pytest

from tests.factories import create_round
from webapp.db import utcnow


@pytest.fixture
def kiosk(app, db_session, client):
    with app.app_context():
        voting_round, area, codes = create_round(db_session, voters=1)
    client.post(f"/kiosk/{area.slug}")  # "Start the kiosk"
    return voting_round, area, codes


def language_cookie(response, app) -> str | None:
    name = app.config["LANGUAGE_COOKIE_NAME"]
    headers = response.headers.getlist("Set-Cookie")
    return next((h for h in headers if h.startswith(name + "=")), None)


def test_a_language_chosen_at_a_kiosk_lasts_only_until_the_reset(app, client, kiosk):
    _, area, _ = kiosk
    chosen = client.get(f"/kiosk/{area.slug}/code?lang=ar")
    assert chosen.status_code == 302 and chosen.headers["Location"] == f"/kiosk/{area.slug}/code"
    assert language_cookie(chosen, app) is None  # kept in the kiosk's session only
    page = client.get(f"/kiosk/{area.slug}/code").get_data(as_text=True)
    assert 'lang="ar"' in page and 'dir="rtl"' in page

    client.post(f"/kiosk/{area.slug}/reset")
    page = client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    assert 'lang="en-GB"' in page and 'dir="ltr"' in page


def test_back_after_finish_does_not_bring_the_last_persons_language_back(client, kiosk):
    """The history holds the address the language redirected to, which has no ?lang=."""
    _, area, _ = kiosk
    address = client.get(f"/kiosk/{area.slug}/code?lang=ur").headers["Location"]
    client.post(f"/kiosk/{area.slug}/reset")  # Finish
    page = client.get(address).get_data(as_text=True)  # Back, or a reload
    assert 'lang="en-GB"' in page and 'dir="ltr"' in page


def test_a_kiosk_keeps_the_rest_of_the_address_and_ignores_unknown_languages(client, kiosk):
    _, area, _ = kiosk
    kept = client.get(f"/kiosk/{area.slug}/code?lang=cy&page=2")
    assert kept.headers["Location"] == f"/kiosk/{area.slug}/code?page=2"
    unknown = client.get(f"/kiosk/{area.slug}/code?lang=xx")
    assert unknown.headers["Location"] == f"/kiosk/{area.slug}/code"
    page = client.get(f"/kiosk/{area.slug}/code").get_data(as_text=True)
    assert 'lang="cy"' in page


def test_a_kiosk_forgets_a_language_cookie_from_before(app, db_session, client):
    with app.app_context():
        _, area, _ = create_round(db_session, voters=1)
    client.get(f"/areas/{area.slug}/vote?lang=pl")  # a resident's choice on this browser
    client.post(f"/kiosk/{area.slug}")  # then it becomes a kiosk
    page = client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    assert 'lang="en-GB"' in page


def test_a_language_chosen_on_a_phone_is_kept(app, client, db_session):
    with app.app_context():
        _, area, _ = create_round(db_session, voters=1)
    chosen = client.get(f"/areas/{area.slug}/vote?lang=cy")
    assert chosen.status_code == 200
    assert "Max-Age=31536000" in language_cookie(chosen, app)


def test_after_close_the_kiosk_says_voting_has_closed(client, db_session, kiosk):
    voting_round, area, _ = kiosk
    voting_round.closes_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    page = client.get(f"/kiosk/{area.slug}/code").get_data(as_text=True)
    assert "Voting closed on" in page
    assert f"/rounds/{voting_round.id}/results" in page


def test_the_page_after_the_servers_own_reset_is_in_the_default_language(client, kiosk):
    _, area, _ = kiosk
    client.get(f"/kiosk/{area.slug}/code?lang=ar")
    with client.session_transaction() as cookie:
        cookie["kiosk_seen"] = int(time.time()) - 600  # the browser's own reset was missed
    page = client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    assert 'lang="en-GB"' in page and 'dir="ltr"' in page


def test_still_here_starts_the_servers_idle_clock_again(app, client, kiosk):
    _, area, _ = kiosk
    with client.session_transaction() as cookie:
        cookie["kiosk_seen"] = int(time.time()) - app.config["KIOSK_IDLE_SECONDS"] - 20
        token = cookie.get("csrf_token")
    assert client.post(f"/kiosk/{area.slug}/still-here").status_code == 204
    with client.session_transaction() as cookie:
        assert cookie["kiosk_seen"] >= int(time.time()) - 1
        assert cookie.get("kiosk") == area.slug and cookie.get("csrf_token") == token


DROPPED = "A ballot that had not been sent was not counted"


def start_a_ballot(client, area, code):
    client.post(f"/kiosk/{area.slug}/code", data={"key": "clear"})
    for key in code.replace("-", ""):
        client.post(f"/kiosk/{area.slug}/code", data={"key": key})
    went = client.post(f"/kiosk/{area.slug}/code", data={"key": "go"})
    assert went.headers["Location"].endswith(f"/areas/{area.slug}/vote/ballot")


def test_an_idle_reset_that_drops_a_ballot_says_so_once(client, kiosk):
    _, area, codes = kiosk
    start_a_ballot(client, area, codes[0])
    client.post(f"/kiosk/{area.slug}/reset", data={"why": "idle"})  # the screen's countdown
    assert DROPPED in client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    assert DROPPED not in client.get(f"/kiosk/{area.slug}").get_data(as_text=True)


def test_the_servers_own_idle_reset_says_so_too(client, kiosk):
    _, area, codes = kiosk
    start_a_ballot(client, area, codes[0])
    with client.session_transaction() as cookie:
        cookie["kiosk_seen"] = int(time.time()) - 600
    assert DROPPED in client.get(f"/kiosk/{area.slug}").get_data(as_text=True)


def test_start_again_or_an_idle_reset_with_no_ballot_under_way_says_nothing(client, kiosk):
    _, area, codes = kiosk
    start_a_ballot(client, area, codes[0])
    client.post(f"/kiosk/{area.slug}/reset")  # "Start again", pressed by the person
    assert DROPPED not in client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    client.post(f"/kiosk/{area.slug}/reset", data={"why": "idle"})  # nothing under way
    assert DROPPED not in client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
