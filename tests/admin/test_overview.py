"""The overview's turnout reads as the results page does."""

from datetime import timedelta

from tests.factories import create_officer, create_round
from tests.voting.test_codes_issued import cast
from webapp.db import utcnow
from webapp.voting.models import BallotCode


def closed_round_with_ballots(app, db_session, *, voters: int, cast_by: int):
    with app.app_context():
        voting_round, area, codes = create_round(db_session, voters=voters)
        ballots = [cast(app, db_session, voting_round, code) for code in codes[:cast_by]]
    voting_round.opens_at = utcnow() - timedelta(days=1)
    voting_round.closes_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    return voting_round, area, ballots


def test_overview_counts_a_code_revoked_after_it_voted_as_the_results_do(
    app, client, auth, db_session
):
    voting_round, area, ballots = closed_round_with_ballots(app, db_session, voters=2, cast_by=1)
    db_session.get(BallotCode, ballots[0].code_id).revoked_at = utcnow()
    db_session.flush()
    auth.login(create_officer(db_session, area).email)
    shown = "1 of 2 eligible voters (50%)"
    assert shown in client.get(f"/rounds/{voting_round.id}/results").get_data(as_text=True)
    assert shown in client.get("/admin/overview").get_data(as_text=True)


def test_overview_cuts_turnout_rather_than_rounding_it_up(app, client, auth, db_session):
    voting_round, area, _ = closed_round_with_ballots(app, db_session, voters=3, cast_by=2)
    auth.login(create_officer(db_session, area).email)
    shown = "2 of 3 eligible voters (66.6%)"
    assert shown in client.get(f"/rounds/{voting_round.id}/results").get_data(as_text=True)
    assert shown in client.get("/admin/overview").get_data(as_text=True)
