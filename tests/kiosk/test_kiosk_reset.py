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
        voting_round, area, _ = create_round(db_session, voters=1)
    client.post(f"/kiosk/{area.slug}")  # "Start the kiosk"
    return voting_round, area


def language_cookie(response, app) -> str:
    name = app.config["LANGUAGE_COOKIE_NAME"]
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "="))


def test_a_language_chosen_at_a_kiosk_lasts_only_until_the_reset(app, client, kiosk):
    _, area = kiosk
    chosen = client.get(f"/kiosk/{area.slug}/code?lang=ar")
    assert "Max-Age" not in language_cookie(chosen, app)  # gone when the browser closes
    assert 'lang="ar"' in client.get(f"/kiosk/{area.slug}/code").get_data(as_text=True)

    reset = client.post(f"/kiosk/{area.slug}/reset")
    assert "Max-Age=0" in language_cookie(reset, app)
    page = client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    assert 'lang="en-GB"' in page and 'dir="ltr"' in page


def test_a_language_chosen_on_a_phone_is_kept(app, client, db_session):
    with app.app_context():
        _, area, _ = create_round(db_session, voters=1)
    chosen = client.get(f"/areas/{area.slug}/vote?lang=cy")
    assert "Max-Age=31536000" in language_cookie(chosen, app)


def test_after_close_the_kiosk_says_voting_has_closed(client, db_session, kiosk):
    voting_round, area = kiosk
    voting_round.closes_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    page = client.get(f"/kiosk/{area.slug}/code").get_data(as_text=True)
    assert "Voting closed on" in page
    assert f"/rounds/{voting_round.id}/results" in page


def test_the_page_after_the_servers_own_reset_is_in_the_default_language(client, kiosk):
    _, area = kiosk
    client.get(f"/kiosk/{area.slug}/code?lang=ar")
    with client.session_transaction() as cookie:
        cookie["kiosk_seen"] = int(time.time()) - 600  # the browser's own reset was missed
    page = client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    assert 'lang="en-GB"' in page and 'dir="ltr"' in page


def test_still_here_starts_the_servers_idle_clock_again(app, client, kiosk):
    _, area = kiosk
    with client.session_transaction() as cookie:
        cookie["kiosk_seen"] = int(time.time()) - app.config["KIOSK_IDLE_SECONDS"] - 20
        token = cookie.get("csrf_token")
    assert client.post(f"/kiosk/{area.slug}/still-here").status_code == 204
    with client.session_transaction() as cookie:
        assert cookie["kiosk_seen"] >= int(time.time()) - 1
        assert cookie.get("kiosk") == area.slug and cookie.get("csrf_token") == token
