"""Fifty submissions of one code at once: one ballot, and every answer clean."""

import threading

import pytest
from sqlmodel import func, select

from tests.factories import create_round
from tests.support import app_on_a_new_database
from webapp.db import get_db
from webapp.voting.models import Ballot, BallotChoice

SUBMISSIONS = 50


@pytest.fixture
def committed_vote(database_url, tmp_path):
    """A separate database whose data is committed, so many connections see it."""
    with app_on_a_new_database(database_url, tmp_path) as app:
        with app.app_context(), get_db(app).session_scope() as session:
            _voting_round, area, codes = create_round(session, voters=1)
            slug = area.slug
        yield app, slug, codes[0]


def test_concurrent_submissions_of_one_code_count_once(committed_vote):
    app, slug, code = committed_vote
    start = threading.Barrier(SUBMISSIONS, timeout=60)
    statuses, errors = [], []
    levels = ["consult", "delegate", "control"]

    def resident(n: int):
        try:
            client = app.test_client()
            assert client.post(f"/areas/{slug}/vote", data={"code": code}).status_code == 302
            choices = {"choice-grass-cutting": levels[n % 3], "choice-caretaking": "none"}
            assert client.post(f"/areas/{slug}/vote/ballot", data=choices).status_code == 302
            start.wait()
            statuses.append(client.post(f"/areas/{slug}/vote/submit", data={}).status_code)
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=resident, args=(n,)) for n in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert len(statuses) == SUBMISSIONS
    assert set(statuses) <= {302, 409}, statuses
    with get_db(app).session_scope() as session:
        assert session.exec(select(func.count()).select_from(Ballot)).one() == 1
        assert session.exec(select(func.count()).select_from(BallotChoice)).one() == 2
