"""A resident's ballots in their account: linked when they vote signed in, never
taken from another account, unlinked at will, and both in the account's history."""

import pytest
from sqlmodel import select

from tests.factories import create_round, create_user
from webapp.audit.models import AuditEvent
from webapp.auth.models import Role
from webapp.voting.models import BallotCode

FULL = {"choice-grass-cutting": "delegate", "choice-caretaking": "none"}


@pytest.fixture
def vote(app, db_session):
    with app.app_context():
        return create_round(db_session, voters=2)


def vote_and_keep(client, area, code):
    assert client.post(f"/areas/{area.slug}/vote", data={"code": code}).status_code == 302
    assert client.post(f"/areas/{area.slug}/vote/ballot", data=FULL).status_code == 302
    return client.post(
        f"/areas/{area.slug}/vote/submit", data={"link_to_account": "y"}, follow_redirects=True
    )


def code_of(session, voting_round) -> BallotCode:
    code = session.exec(
        select(BallotCode).where(
            BallotCode.round_id == voting_round.id, BallotCode.user_id.is_not(None)
        )
    ).one()
    session.refresh(code)
    return code


def history(session, user) -> list[tuple[str, str | None, dict | None]]:
    return [
        (event.action, event.reason_key, event.reason_params)
        for event in session.exec(
            select(AuditEvent).where(
                AuditEvent.object_type == "user", AuditEvent.object_id == user.id
            )
        )
    ]


def test_a_resident_links_their_ballot_and_sees_it(client, auth, db_session, vote):
    voting_round, area, codes = vote
    resident = create_user(db_session, role=Role.RESIDENT)
    auth.login(resident.email)
    vote_and_keep(client, area, codes[0])
    assert code_of(db_session, voting_round).user_id == resident.id
    page = client.get("/account/ballots").get_data(as_text=True)
    assert area.name in page and "Delegate" in page
    linked = ("ballot_linked", "ballot_round", {"round": voting_round.id})
    assert linked in history(db_session, resident)


def test_my_ballots_needs_sign_in(client):
    assert client.get("/account/ballots").status_code == 302


def test_a_code_kept_in_one_account_is_not_moved_to_another(client, auth, db_session, vote):
    voting_round, area, codes = vote
    first = create_user(db_session, role=Role.RESIDENT)
    second = create_user(db_session, role=Role.RESIDENT)
    auth.login(first.email)
    vote_and_keep(client, area, codes[0])
    auth.logout()

    auth.login(second.email)
    page = vote_and_keep(client, area, codes[0]).get_data(as_text=True)
    assert "Thank you: your ballot is counted" in page
    assert "it was not added to your account" in page
    assert code_of(db_session, voting_round).user_id == first.id
    assert area.name not in client.get("/account/ballots").get_data(as_text=True)
    auth.logout()

    auth.login(first.email)
    assert area.name in client.get("/account/ballots").get_data(as_text=True)


def test_a_resident_removes_a_ballot_from_their_account(client, auth, db_session, vote):
    voting_round, area, codes = vote
    resident = create_user(db_session, role=Role.RESIDENT)
    auth.login(resident.email)
    vote_and_keep(client, area, codes[0])
    code = code_of(db_session, voting_round)

    removed = client.post(f"/account/ballots/{code.id}/unlink", follow_redirects=True)
    assert "no longer kept in your account. It still counts." in removed.get_data(as_text=True)
    db_session.refresh(code)
    assert code.user_id is None
    assert area.name not in client.get("/account/ballots").get_data(as_text=True)
    unlinked = ("ballot_unlinked", "ballot_round", {"round": voting_round.id})
    assert unlinked in history(db_session, resident)
    # Gone already, or someone else's: nothing to remove.
    assert client.post(f"/account/ballots/{code.id}/unlink").status_code == 404


def test_nobody_can_remove_a_ballot_from_someone_elses_account(client, auth, db_session, vote):
    voting_round, area, codes = vote
    owner = create_user(db_session, role=Role.RESIDENT)
    auth.login(owner.email)
    vote_and_keep(client, area, codes[0])
    auth.logout()
    code = code_of(db_session, voting_round)

    auth.login(create_user(db_session, role=Role.RESIDENT).email)
    assert client.post(f"/account/ballots/{code.id}/unlink").status_code == 404
    db_session.refresh(code)
    assert code.user_id == owner.id


def test_every_page_links_a_signed_in_resident_to_their_ballots(client, auth, db_session):
    auth.login(create_user(db_session, role=Role.RESIDENT).email)
    assert 'href="/account/ballots"' in client.get("/").get_data(as_text=True)
