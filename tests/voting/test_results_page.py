"""The public results page: figures that agree with each other, and in words too."""

import re
from datetime import timedelta

from tests.factories import create_round
from webapp.db import utcnow
from webapp.voting.ballots import cast_ballot, find_code


def closed_with_ballots(app, session, *, voters, quorum_percent, levels):
    with app.app_context():
        voting_round, _, codes = create_round(session, voters=voters, quorum_percent=quorum_percent)
        for typed, level in zip(codes, levels, strict=False):
            code = find_code(session=session, voting_round=voting_round, typed=typed)
            cast_ballot(
                session=session,
                voting_round=voting_round,
                code=code,
                choices={"grass-cutting": level, "caretaking": "none"},
            )
    voting_round.closes_at = utcnow() - timedelta(minutes=1)
    session.flush()
    return voting_round


def test_a_turnout_short_of_the_quorum_is_never_shown_rounded_up_to_it(app, client, db_session):
    voting_round = closed_with_ballots(
        app, db_session, voters=40, quorum_percent=18, levels=["control"] * 7
    )
    page = client.get(f"/rounds/{voting_round.id}/results").get_data(as_text=True)
    assert "7 of 40 eligible voters (17.5%)" in page
    assert "fewer than 18% voted" in page


def test_each_charts_counts_are_given_in_words_for_screen_readers(app, client, db_session):
    voting_round = closed_with_ballots(
        app, db_session, voters=3, quorum_percent=0, levels=["control", "control", "consult"]
    )
    page = client.get(f"/rounds/{voting_round.id}/results").get_data(as_text=True)
    chart = re.search(r'<svg class="chart"[^>]*aria-describedby="([^"]+)"', page)
    description = re.search(rf'<desc id="{chart.group(1)}">(.*?)</desc>', page, re.S).group(1)
    assert "Control: 2. Delegate: 0. Consult: 1. No preference: 0." in description


def test_results_of_a_round_not_yet_open_say_when_it_opens(app, client, db_session):
    with app.app_context():
        voting_round, _, _ = create_round(
            db_session, voters=1, opens_in=timedelta(days=3), closes_in=timedelta(days=10)
        )
    page = client.get(f"/rounds/{voting_round.id}/results").get_data(as_text=True)
    assert "Voting has not opened yet" in page
    assert "Voting is still open" not in page
