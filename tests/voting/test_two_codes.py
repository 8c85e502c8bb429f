"""Two codes in one browser (two tabs of one phone, say): each page keeps to its own
code's ballot, or saves nothing."""

import re

import pytest
from sqlmodel import select

from tests.factories import create_round
from webapp.voting.codes import hash_code, normalise_code
from webapp.voting.models import Ballot, BallotCode

DRAFT_FIELD = re.compile(r'name="draft" value="([^"]+)"')
FULL = {"choice-grass-cutting": "delegate", "choice-caretaking": "none"}


@pytest.fixture
def vote(app, db_session):
    with app.app_context():
        return create_round(db_session, voters=2)


def open_ballot(client, area, code) -> str:
    """Enter a code and open its ballot page, as a tab would; the page's draft name."""
    assert client.post(f"/areas/{area.slug}/vote", data={"code": code}).status_code == 302
    page = client.get(f"/areas/{area.slug}/vote/ballot").get_data(as_text=True)
    assert f"For the ballot code ending in {code[-4:]}." in page
    return DRAFT_FIELD.search(page).group(1)


def code_id(app, session, typed: str) -> int:
    with app.app_context():
        wanted = hash_code(normalise_code(typed))
    return session.exec(select(BallotCode.id).where(BallotCode.code_hash == wanted)).one()


def test_a_page_of_the_first_code_saves_nothing_once_a_second_is_entered(
    app, client, db_session, vote
):
    _, area, (first, second) = vote
    first_tab = open_ballot(client, area, first)
    second_tab = open_ballot(client, area, second)
    assert first_tab != second_tab
    url = f"/areas/{area.slug}/vote"

    htmx = client.post(
        f"{url}/choice",
        data={"draft": first_tab, "choice-grass-cutting": "control"},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 409
    assert "nothing from this page was saved" in htmx.get_data(as_text=True)
    whole = client.post(f"{url}/ballot", data={"draft": first_tab, **FULL})
    assert whole.status_code == 409
    assert client.post(f"{url}/submit", data={"draft": first_tab}).status_code == 409
    assert db_session.exec(select(Ballot)).all() == []

    # The second code's own page carries on, with none of the first page's choices.
    progress = client.post(
        f"{url}/choice",
        data={"draft": second_tab, "choice-caretaking": "none"},
        headers={"HX-Request": "true"},
    )
    assert "1 of 2 chosen" in progress.get_data(as_text=True)
    assert client.post(f"{url}/ballot", data={"draft": second_tab, **FULL}).status_code == 302
    review = client.get(f"{url}/review").get_data(as_text=True)
    assert f"For the ballot code ending in {second[-4:]}." in review
    assert DRAFT_FIELD.search(review).group(1) == second_tab
    assert client.post(f"{url}/submit", data={"draft": second_tab}).status_code == 302
    assert db_session.exec(select(Ballot.code_id)).all() == [code_id(app, db_session, second)]


def test_entering_the_first_code_again_gives_its_tab_a_page_that_saves(
    app, client, db_session, vote
):
    _, area, (first, second) = vote
    open_ballot(client, area, first)
    open_ballot(client, area, second)
    again = open_ballot(client, area, first)
    url = f"/areas/{area.slug}/vote"
    assert client.post(f"{url}/ballot", data={"draft": again, **FULL}).status_code == 302
    assert client.post(f"{url}/submit", data={"draft": again}).status_code == 302
    assert db_session.exec(select(Ballot.code_id)).all() == [code_id(app, db_session, first)]


def test_a_tab_whose_code_was_never_sent_is_not_told_it_voted(app, client, db_session, vote):
    _, area, (first, second) = vote
    url = f"/areas/{area.slug}/vote"
    first_tab = open_ballot(client, area, first)
    assert client.post(f"{url}/ballot", data={"draft": first_tab, **FULL}).status_code == 302
    second_tab = open_ballot(client, area, second)
    assert client.post(f"{url}/ballot", data={"draft": second_tab, **FULL}).status_code == 302
    assert client.post(f"{url}/submit", data={"draft": second_tab}).status_code == 302

    stale = client.post(f"{url}/submit", data={"draft": first_tab})
    assert stale.status_code == 409
    assert "nothing from this page was saved" in stale.get_data(as_text=True)
    again = client.post(f"{url}/submit", data={"draft": second_tab})  # sent twice
    assert again.headers["Location"].endswith(f"{url}/done")
    assert db_session.exec(select(Ballot.code_id)).all() == [code_id(app, db_session, second)]
