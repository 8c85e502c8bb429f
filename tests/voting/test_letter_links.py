"""Letters point residents at the site's public address, dated the British way."""

import re
from datetime import UTC, datetime

import pytest

from tests.factories import create_household, create_officer, create_round
from tests.voting.qr_reader import read_qr_svg
from webapp.voting import letter_views


@pytest.fixture
def letters_page(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://menu.example.gov.uk")
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=0)
    voting_round.closes_at = datetime(2099, 7, 21, 20, 0, tzinfo=UTC)
    create_household(db_session, area=area, eligible_voters=1)  # no language given
    officer = create_officer(db_session, area)

    def post(base_url="http://localhost"):
        """Sign in and print the letters, both through the host `base_url` names."""
        signed_in = {"email": officer.email, "password": "correct horse battery"}
        assert client.post("/login", data=signed_in, base_url=base_url).status_code == 302
        url = f"/officer/rounds/{voting_round.id}/letters/1"
        return client.post(url, data={}, base_url=base_url).get_data(as_text=True)

    return post, area


def test_letters_link_to_the_public_address_not_the_officers_host(letters_page, monkeypatch):
    post, area = letters_page
    in_qr_codes = []
    monkeypatch.setattr(letter_views, "qr_svg", lambda url: in_qr_codes.append(url) or "")
    page = post("http://intranet.council.internal:8080")
    link = f"https://menu.example.gov.uk/areas/{area.slug}/vote<"
    assert f'or go to <bdi dir="ltr" translate="no">{link}' in page
    assert "intranet.council.internal" not in page
    (qr_link,) = in_qr_codes
    assert qr_link.startswith(f"https://menu.example.gov.uk/areas/{area.slug}/vote?code=")


def test_english_letters_write_dates_the_british_way(letters_page):
    post, _ = letters_page
    page = post()
    assert "21 Jul 2099" in page
    assert "Jul 21, 2099" not in page


def test_a_welsh_letters_qr_code_and_link_open_the_ballot_in_welsh(
    app, client, auth, db_session, monkeypatch
):
    monkeypatch.setitem(app.config, "BASE_URL", "https://menu.example.gov.uk")
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=0)
    create_household(db_session, area=area, eligible_voters=1, language="cy")
    auth.login(create_officer(db_session, area).email)
    page = client.post(f"/officer/rounds/{voting_round.id}/letters/1", data={}).get_data(
        as_text=True
    )
    printed = re.search(r'<p class="code">([^<]+)</p>', page).group(1)
    scanned = read_qr_svg(page[page.index('<svg class="qr"') :])
    base = f"https://menu.example.gov.uk/areas/{area.slug}/vote"
    assert scanned == f"{base}?code={printed}&lang=cy"
    assert f"{base}?lang=cy<" in page  # the link printed for typing
    auth.logout()
    opened = client.get(scanned.removeprefix("https://menu.example.gov.uk"))
    assert opened.status_code == 200
    assert '<html lang="cy"' in opened.get_data(as_text=True)
    assert f'value="{printed}"' in opened.get_data(as_text=True)
    entered = client.post(f"/areas/{area.slug}/vote", data={"code": printed})
    ballot = client.get(entered.headers["Location"])
    assert '<html lang="cy"' in ballot.get_data(as_text=True)  # and on to the ballot
