"""What a resident types or pastes as a code, and sending a ballot twice."""

import pytest

from tests.factories import create_round


@pytest.fixture
def vote(app, db_session):
    with app.app_context():
        return create_round(db_session, voters=1)


@pytest.mark.parametrize("lang", ["en", "ar", "so"])
def test_a_far_too_long_code_gets_the_usual_message_in_the_readers_language(client, vote, lang):
    _, area, _ = vote
    client.get(f"/areas/{area.slug}/vote?lang={lang}")
    english = "We do not recognise that code."
    response = client.post(f"/areas/{area.slug}/vote", data={"code": "WGX3-5T83-XPN8 " * 20})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "longer than" not in page
    assert (english in page) == (lang == "en")


def test_the_letters_link_pasted_as_the_code_opens_the_ballot(client, vote):
    _, area, codes = vote
    link = f"http://localhost/areas/{area.slug}/vote?code={codes[0]}"
    response = client.post(f"/areas/{area.slug}/vote", data={"code": link})
    assert response.headers["Location"].endswith(f"/areas/{area.slug}/vote/ballot")


def test_sending_the_ballot_twice_shows_the_thank_you_page_again(client, vote):
    _, area, codes = vote
    url = f"/areas/{area.slug}/vote"
    client.post(url, data={"code": codes[0]})
    full = {"choice-grass-cutting": "delegate", "choice-caretaking": "none"}
    assert client.post(f"{url}/ballot", data=full).status_code == 302
    first = client.post(f"{url}/submit", data={})
    second = client.post(f"{url}/submit", data={})
    assert first.headers["Location"].endswith(f"{url}/done")
    assert second.headers["Location"].endswith(f"{url}/done")
