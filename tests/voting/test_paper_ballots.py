"""Paper ballots: one per code, a second only as an officer's correction, each one in
the round's history."""

import pytest
from sqlmodel import select

from tests.factories import create_officer, create_round
from webapp.audit.models import AuditEvent
from webapp.voting.models import Ballot, BallotChoice

FULL = {"choice-grass-cutting": "delegate", "choice-caretaking": "none"}
OTHER = {"choice-grass-cutting": "control", "choice-caretaking": "none"}


@pytest.fixture
def paper(app, client, auth, db_session):
    with app.app_context():
        voting_round, area, codes = create_round(db_session, voters=2)
    officer = create_officer(db_session, area)
    auth.login(officer.email)
    return f"/officer/rounds/{voting_round.id}/paper", voting_round, codes, officer


def levels(session) -> list:
    return session.exec(select(BallotChoice.level_id).order_by(BallotChoice.function_id)).all()


def history(session, voting_round) -> list[tuple]:
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.object_type == "round", AuditEvent.object_id == voting_round.id)
        .where(AuditEvent.action.like("paper%"))
        .order_by(AuditEvent.id)
    ).all()
    return [(e.action, e.actor_id) for e in events]


def test_a_second_paper_for_one_code_is_refused_and_the_first_kept(client, db_session, paper):
    url, _, codes, _ = paper
    assert client.post(url, data={"code": codes[0], **FULL}).status_code == 302
    first = levels(db_session)
    second = client.post(url, data={"code": codes[0], **OTHER})
    assert second.status_code == 422
    assert "A paper ballot has already been entered for this code" in second.get_data(as_text=True)
    db_session.expire_all()
    assert levels(db_session) == first


def test_an_officer_can_correct_a_paper_ballot_on_purpose(client, db_session, paper):
    url, voting_round, codes, officer = paper
    assert client.post(url, data={"code": codes[0], **FULL}).status_code == 302
    first = levels(db_session)
    corrected = client.post(url, data={"code": codes[0], "correction": "y", **OTHER})
    assert corrected.status_code == 302
    db_session.expire_all()
    assert levels(db_session) != first
    assert len(db_session.exec(select(Ballot)).all()) == 1
    assert history(db_session, voting_round) == [
        ("paper_entered", officer.id),
        ("paper_corrected", officer.id),
    ]
    page = client.get(f"/officer/rounds/{voting_round.id}").get_data(as_text=True)
    assert "Paper ballot entered" in page and "Paper ballot corrected" in page


def test_a_refused_paper_leaves_no_history(client, db_session, paper):
    url, voting_round, codes, _ = paper
    assert (
        client.post(url, data={"code": codes[0], "choice-grass-cutting": "control"}).status_code
        == 422
    )
    assert history(db_session, voting_round) == []


def test_a_first_paper_ticked_as_a_correction_is_logged_as_entered(client, db_session, paper):
    url, voting_round, codes, officer = paper
    assert client.post(url, data={"code": codes[0], "correction": "y", **FULL}).status_code == 302
    assert history(db_session, voting_round) == [("paper_entered", officer.id)]
