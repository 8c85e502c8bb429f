"""Letters are printed a batch of households at a time, so a town's letters never make
one page too big to finish: each batch issues only its own households' codes, the same
households every time, and reprinting it reissues only its unused codes."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.factories import create_household, create_officer, create_round
from tests.support import reason_in
from webapp.audit.models import AuditEvent
from webapp.db import utcnow
from webapp.voting.ballots import cast_ballot, find_code
from webapp.voting.batches import letter_batches
from webapp.voting.models import BallotCode

CHOICES = {"grass-cutting": "control", "caretaking": "none"}
CODE = re.compile(r'<p class="code">([^<]+)</p>')


@pytest.fixture
def town(app, client, auth, db_session, monkeypatch):
    """Five households, two a batch: voters 1, 2 | 1, 0 | 3."""
    monkeypatch.setitem(app.config, "LETTER_BATCH_HOUSEHOLDS", 2)
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=0)
    households = [
        create_household(db_session, area=area, eligible_voters=voters)
        for voters in (1, 2, 1, 0, 3)
    ]
    auth.login(create_officer(db_session, area).email)
    return voting_round, area, households


def print_batch(client, voting_round, number, follow_redirects=False, **data):
    url = f"/officer/rounds/{voting_round.id}/letters/{number}"
    return client.post(url, data=data, follow_redirects=follow_redirects)


def live_codes(db_session, voting_round) -> dict[int, int]:
    """Household id -> its codes not revoked."""
    codes = db_session.exec(
        select(BallotCode.household_id).where(
            BallotCode.round_id == voting_round.id, BallotCode.revoked_at.is_(None)
        )
    ).all()
    return {household: codes.count(household) for household in set(codes)}


def test_a_batch_issues_and_prints_only_its_own_households_codes(app, client, db_session, town):
    voting_round, _area, households = town
    page = client.get(f"/officer/rounds/{voting_round.id}/letters").get_data(as_text=True)
    assert "batches of up to 2" in page and "3 batches" in page
    assert page.count("Print 3 letters") == 2 and page.count("Print 1 letter<") == 1

    printed = print_batch(client, voting_round, 3)
    assert printed.status_code == 200
    assert printed.headers["Cache-Control"] == "no-store"
    assert printed.get_data(as_text=True).count('class="letter"') == 3
    assert "Batch 3: 3 letters" in printed.get_data(as_text=True)
    assert live_codes(db_session, voting_round) == {households[4].id: 3}
    event = db_session.exec(select(AuditEvent).where(AuditEvent.action == "codes_issued")).one()
    assert reason_in(app, event) == "Batch 3: 3 codes"

    again = print_batch(client, voting_round, 3)
    assert again.status_code == 302  # idempotent: its voters all have codes now
    listed = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Every eligible voter in batch 3 already has a code" in listed
    assert "3 of 3" in listed and listed.count("Reissue unused codes") == 1
    for beyond in (0, 4):  # there is no batch before the first or after the last
        assert print_batch(client, voting_round, beyond).status_code == 404
    assert live_codes(db_session, voting_round) == {households[4].id: 3}


def test_reprinting_a_batch_reissues_only_its_unused_codes(app, client, db_session, town):
    voting_round, _area, households = town
    first = CODE.findall(print_batch(client, voting_round, 1).get_data(as_text=True))
    print_batch(client, voting_round, 2)
    with app.app_context():
        code = find_code(session=db_session, voting_round=voting_round, typed=first[0])
        cast_ballot(session=db_session, voting_round=voting_round, code=code, choices=CHOICES)
    before = live_codes(db_session, voting_round)

    reprinted = print_batch(client, voting_round, 1, reissue="1").get_data(as_text=True)
    assert len(CODE.findall(reprinted)) == 2  # the code that voted keeps its ballot
    assert set(CODE.findall(reprinted)).isdisjoint(first)
    after = live_codes(db_session, voting_round)
    assert after == before
    batch_two = select(BallotCode).where(BallotCode.household_id == households[2].id)
    assert db_session.exec(batch_two).one().revoked_at is None
    reissued = db_session.exec(select(AuditEvent).where(AuditEvent.action == "codes_reissued"))
    assert reason_in(app, reissued.one()) == "Batch 1: 2 codes"


def test_a_batch_keeps_its_households_when_the_register_grows(app, db_session, town):
    voting_round, area, _households = town
    with app.app_context():
        before = letter_batches(session=db_session, voting_round=voting_round, size=2)
        create_household(db_session, area=area, eligible_voters=4)
        after = letter_batches(session=db_session, voting_round=voting_round, size=2)
    assert [(b.first, b.last, b.voters) for b in before] == [(1, 2, 3), (3, 4, 1), (5, 5, 3)]
    assert [(b.first, b.last, b.voters) for b in after] == [(1, 2, 3), (3, 4, 1), (5, 6, 7)]


def test_no_batch_is_printed_once_voting_has_closed(client, db_session, town):
    voting_round, _area, _households = town
    voting_round.closes_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    refused = print_batch(client, voting_round, 1, follow_redirects=True)
    assert "Voting has closed" in refused.get_data(as_text=True)
    assert "Print 3 letters" not in refused.get_data(as_text=True)
    assert live_codes(db_session, voting_round) == {}
