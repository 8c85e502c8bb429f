"""Which codes count as eligible voters: one a voter, never two for one voter. The
register lowering a household's voters withdraws its surplus unused codes; a code
revoked after it voted still counts and is not replaced; issuing is one at a time."""

import io
from datetime import timedelta

from sqlalchemy import event
from sqlmodel import func, select

from tests.factories import create_household, create_officer, create_round
from webapp.audit.models import AuditEvent
from webapp.db import utcnow
from webapp.voting.ballots import cast_ballot, find_code
from webapp.voting.letters import issue_codes, reissue_unused_codes
from webapp.voting.models import BallotCode
from webapp.voting.queries import round_menu
from webapp.voting.refusals import CodeNotRecognised
from webapp.voting.register import RegisterRow, import_register
from webapp.voting.tally import tally_round

CHOICES = {"grass-cutting": "control", "caretaking": "none"}
HEADER = "UPRN,Address,Postcode,Area,Eligible voters,Language\n"


def cast(app, session, voting_round, typed):
    with app.app_context():
        code = find_code(session=session, voting_round=voting_round, typed=typed)
        return cast_ballot(session=session, voting_round=voting_round, code=code, choices=CHOICES)


def counts(app, session, voting_round, typed) -> bool:
    try:
        cast(app, session, voting_round, typed)
    except CodeNotRecognised:
        return False
    return True


def household_row(voters: int) -> RegisterRow:
    return RegisterRow(
        line=2,
        uprn="123456",
        address="1 High St",
        postcode="MB4 1AA",
        eligible_voters=voters,
        language=None,
    )


def tally(session, voting_round):
    menu = round_menu(session=session, voting_round=voting_round)
    return tally_round(session=session, voting_round=voting_round, menu=menu)


def test_fewer_voters_on_the_register_withdraws_the_surplus_unused_codes(app, db_session):
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=0)
        import_register(session=db_session, area=area, rows=[household_row(3)])
        codes = [i.printed for i in issue_codes(session=db_session, voting_round=voting_round)]
        cast(app, db_session, voting_round, codes[2])  # the newest code has voted
        # Two people move out: the corrected register is imported mid-vote.
        result = import_register(session=db_session, area=area, rows=[household_row(1)])
    assert result.codes_withdrawn == {voting_round.id: 2}
    # The code that voted keeps its ballot; both unused codes stop working.
    assert [counts(app, db_session, voting_round, c) for c in codes] == [False, False, True]
    assert tally(db_session, voting_round).eligible == 1


def test_a_closed_rounds_codes_are_left_alone(app, db_session):
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=0)
        import_register(session=db_session, area=area, rows=[household_row(2)])
        issue_codes(session=db_session, voting_round=voting_round)
        voting_round.closes_at = utcnow() - timedelta(minutes=1)
        db_session.flush()
        result = import_register(session=db_session, area=area, rows=[household_row(0)])
    assert result.codes_withdrawn == {}
    assert tally(db_session, voting_round).eligible == 2


def test_the_officer_is_told_and_the_round_history_says_so(app, client, auth, db_session):
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=0)
        import_register(session=db_session, area=area, rows=[household_row(3)])
        issue_codes(session=db_session, voting_round=voting_round)
    auth.login(create_officer(db_session, area).email)
    line = f"123456,1 High St,MB4 1AA,{area.slug},1,\n"
    response = client.post(
        f"/officer/areas/{area.slug}/register",
        data={"file": (io.BytesIO((HEADER + line).encode()), "register.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "2 unused ballot codes were withdrawn" in response.get_data(as_text=True)
    history = client.get(f"/officer/rounds/{voting_round.id}").get_data(as_text=True)
    assert "register.csv: 2 unused codes beyond their households" in history
    assert (
        db_session.exec(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "codes_withdrawn")
        ).one()
        == 1
    )


def test_a_code_revoked_after_it_voted_counts_and_is_not_replaced(app, db_session):
    with app.app_context():
        voting_round, _area, codes = create_round(db_session, voters=1)
        ballot = cast(app, db_session, voting_round, codes[0])
        # What a reissue racing this ballot can leave behind on PostgreSQL.
        db_session.get(BallotCode, ballot.code_id).revoked_at = utcnow()
        db_session.flush()
        assert issue_codes(session=db_session, voting_round=voting_round) == []
        assert reissue_unused_codes(session=db_session, voting_round=voting_round) == []
    result = tally(db_session, voting_round)
    assert (result.ballots, result.eligible) == (1, 1)


def test_codes_of_a_round_are_issued_one_request_at_a_time(app, db_session):
    """On PostgreSQL two officers printing at once would both see no codes: issuing
    and reissuing lock the round's row first (SQLite's write lock does it there)."""
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=0)
        create_household(db_session, area=area, eligible_voters=2)
        locks = []

        def note(state):
            if state.is_select and state.statement._for_update_arg is not None:
                locks.append(state.statement.get_final_froms()[0].name)

        event.listen(db_session, "do_orm_execute", note)
        try:
            issue_codes(session=db_session, voting_round=voting_round)
            assert locks == ["voting_round"]
            reissue_unused_codes(session=db_session, voting_round=voting_round)
            assert locks == ["voting_round", "voting_round", "voting_round"]
        finally:
            event.remove(db_session, "do_orm_execute", note)
    live = select(func.count()).select_from(BallotCode).where(BallotCode.revoked_at.is_(None))
    assert db_session.exec(live).one() == 2  # one set, reissued once


def test_ballots_already_cast_beyond_a_lowered_count_are_reported(app, client, auth, db_session):
    """Three in the household voted; the register now says one. Nothing can say which
    two ballots to drop, so all three stay counted, and the officer is told."""
    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=0)
        import_register(session=db_session, area=area, rows=[household_row(3)])
        codes = [i.printed for i in issue_codes(session=db_session, voting_round=voting_round)]
        for code in codes:
            cast(app, db_session, voting_round, code)
    auth.login(create_officer(db_session, area).email)
    line = f"123456,1 High St,MB4 1AA,{area.slug},1,\n"
    response = client.post(
        f"/officer/areas/{area.slug}/register",
        data={"file": (io.BytesIO((HEADER + line).encode()), "register.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "2 ballots were already cast beyond their households" in page
    assert "unused ballot code" not in page  # none was left to withdraw
    history = client.get(f"/officer/rounds/{voting_round.id}").get_data(as_text=True)
    assert "register.csv: 2 ballots already cast beyond their households" in history
    assert [counts(app, db_session, voting_round, c) for c in codes] == [True, True, True]
