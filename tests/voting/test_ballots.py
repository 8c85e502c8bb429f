from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import func, select

from tests.factories import create_menu, create_officer, create_round
from webapp.areas.models import Council
from webapp.db import utcnow
from webapp.voting.ballots import cast_ballot, choices_of, find_code, parse_choices, record_ballot
from webapp.voting.models import Ballot, BallotChoice, Channel
from webapp.voting.queries import round_menu
from webapp.voting.refusals import (
    AlreadyVotedOnline,
    BallotIncomplete,
    CodeNotRecognised,
    PaperBallotRecorded,
    UnknownChoice,
    VotingClosed,
    VotingNotOpen,
)
from webapp.voting.tally import tally_round

ALL_CONTROL = {"grass-cutting": "control", "caretaking": "none"}


@pytest.fixture
def vote(app, db_session):
    """An open round with three codes, and a helper that casts a ballot with a code."""
    with app.app_context():
        voting_round, area, codes = create_round(db_session, voters=3)
    menu = round_menu(session=db_session, voting_round=voting_round)

    def cast(code_text, choices, **kwargs):
        with app.app_context():
            code = find_code(session=db_session, voting_round=voting_round, typed=code_text)
        return cast_ballot(
            session=db_session,
            voting_round=voting_round,
            code=code,
            choices=choices,
            **kwargs,
        )

    return voting_round, area, codes, menu, cast


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_a_ballot_is_counted(db_session, vote):
    voting_round, _, codes, menu, cast = vote
    ballot = cast(codes[0], ALL_CONTROL)
    assert choices_of(session=db_session, ballot=ballot, menu=menu) == ALL_CONTROL
    result = tally_round(session=db_session, voting_round=voting_round, menu=menu)
    assert result.ballots == 1
    grass = result.functions[0]
    assert grass.outcome.key == "control"
    assert result.functions[1].no_preference == 1


def test_voting_again_replaces_the_ballot(db_session, vote):
    _, _, codes, menu, cast = vote
    first = cast(codes[0], ALL_CONTROL)
    second = cast(codes[0], {"grass-cutting": "consult", "caretaking": "consult"})
    assert first.id == second.id
    assert count(db_session, Ballot) == 1
    assert count(db_session, BallotChoice) == 2
    assert choices_of(session=db_session, ballot=second, menu=menu)["grass-cutting"] == "consult"


def _choice_rows_written(session, action) -> int:
    """How many ballot_choice rows `action` inserted or rewrote: on PostgreSQL the rows
    whose row version (ctid) moved; on SQLite the rows changed, less the ballot's own."""
    if session.connection().dialect.name == "postgresql":
        versions = text("SELECT ballot_id, function_id, ctid::text FROM ballot_choice")
        before = {
            (ballot, function): version for ballot, function, version in session.execute(versions)
        }
        action()
        return sum(
            before.get((ballot, function)) != version
            for ballot, function, version in session.execute(versions)
        )
    sqlite = session.connection().connection.driver_connection
    before = sqlite.total_changes
    action()
    return sqlite.total_changes - before - 1


def test_voting_again_rewrites_only_the_choices_that_changed(db_session, vote):
    voting_round, _, codes, menu, cast = vote
    first = cast(codes[0], ALL_CONTROL)
    cast_again = lambda choices: lambda: cast(codes[0], choices)  # noqa: E731
    assert _choice_rows_written(db_session, cast_again(ALL_CONTROL)) == 0
    changed = {"grass-cutting": "consult", "caretaking": "none"}
    assert _choice_rows_written(db_session, cast_again(changed)) == 1
    assert count(db_session, Ballot) == 1
    ballot = db_session.get(Ballot, first.id)
    assert choices_of(session=db_session, ballot=ballot, menu=menu) == changed
    result = tally_round(session=db_session, voting_round=voting_round, menu=menu)
    assert (result.ballots, result.functions[0].outcome.key) == (1, "consult")


def test_the_database_refuses_a_second_ballot_for_a_code(db_session, vote):
    voting_round, _, codes, _, cast = vote
    ballot = cast(codes[0], ALL_CONTROL)
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.add(Ballot(round_id=voting_round.id, code_id=ballot.code_id))
        db_session.flush()


def test_after_close_nothing_changes(db_session, vote):
    voting_round, _, codes, _, cast = vote
    cast(codes[0], ALL_CONTROL)
    with pytest.raises(VotingClosed):
        cast(
            codes[0],
            {"grass-cutting": "consult", "caretaking": "consult"},
            now=voting_round.closes_at + timedelta(seconds=1),
        )
    with pytest.raises(VotingClosed):
        cast(codes[1], ALL_CONTROL, now=voting_round.closes_at)


def test_unknown_codes_are_refused(app, db_session, vote):
    voting_round = vote[0]
    with app.app_context(), pytest.raises(CodeNotRecognised):
        find_code(session=db_session, voting_round=voting_round, typed="2222-2222-2222")


def test_a_code_of_another_round_is_refused(app, db_session, vote):
    _, _, codes, _, _ = vote
    with app.app_context():
        other_round, _, _ = create_round(db_session, voters=1)
        with pytest.raises(CodeNotRecognised):
            find_code(session=db_session, voting_round=other_round, typed=codes[0])


def test_incomplete_and_unknown_choices_are_refused(db_session, vote):
    _, _, codes, menu, cast = vote
    with pytest.raises(BallotIncomplete):
        cast(codes[0], {"grass-cutting": "control"})
    with pytest.raises(BallotIncomplete):
        parse_choices(menu, {"choice-grass-cutting": "control"}, partial=False)
    with pytest.raises(UnknownChoice):
        parse_choices(menu, {"choice-grass-cutting": "involve"}, partial=True)  # not on this menu
    with pytest.raises(UnknownChoice):
        parse_choices(menu, {"choice-swimming-pool": "control"}, partial=True)
    assert count(db_session, Ballot) == 0


def test_paper_and_web_never_both_count(db_session, vote):
    _voting_round, area, codes, _, cast = vote
    officer = create_officer(db_session, area)
    cast(codes[0], ALL_CONTROL, channel=Channel.PAPER, entered_by=officer)
    with pytest.raises(PaperBallotRecorded):
        cast(codes[0], ALL_CONTROL)
    cast(codes[1], ALL_CONTROL)
    with pytest.raises(AlreadyVotedOnline):
        cast(codes[1], ALL_CONTROL, channel=Channel.PAPER, entered_by=officer)
    result_paper = db_session.exec(select(Ballot.channel).order_by(Ballot.id)).all()
    assert result_paper == ["paper", "web"]


def test_below_quorum_there_is_no_mandate(db_session, vote):
    voting_round, _, codes, menu, cast = vote
    voting_round.quorum_percent = 50
    cast(codes[0], ALL_CONTROL)  # 1 of 3 = 33%
    result = tally_round(session=db_session, voting_round=voting_round, menu=menu)
    assert not result.quorum_met
    assert all(f.outcome is None for f in result.functions)
    cast(codes[1], ALL_CONTROL)  # 2 of 3 = 67%
    result = tally_round(session=db_session, voting_round=voting_round, menu=menu)
    assert result.quorum_met and result.functions[0].outcome.key == "control"


def test_rounds_cannot_be_voted_before_they_open(db_session, vote):
    voting_round, _, codes, _, cast = vote
    with pytest.raises(VotingNotOpen):
        cast(codes[0], ALL_CONTROL, now=voting_round.opens_at - timedelta(minutes=1))
    assert utcnow() < voting_round.closes_at


def _record(db_session, voting_round, code, **kwargs):
    return record_ballot(
        session=db_session,
        round_id=voting_round.id,
        code_id=code.id,
        choices=ALL_CONTROL,
        **kwargs,
    )


def test_a_revoked_code_records_nothing(app, db_session, vote):
    voting_round, _, codes, _, _ = vote
    with app.app_context():
        code = find_code(session=db_session, voting_round=voting_round, typed=codes[0])
    code.revoked_at = utcnow()
    db_session.flush()
    with pytest.raises(CodeNotRecognised):
        _record(db_session, voting_round, code)
    assert count(db_session, Ballot) == count(db_session, BallotChoice) == 0


def test_a_draft_from_another_area_or_menu_version_records_nothing(app, db_session, vote):
    voting_round, area, codes, _, _ = vote
    with app.app_context():
        code = find_code(session=db_session, voting_round=voting_round, typed=codes[0])
    with pytest.raises(VotingNotOpen):
        _record(db_session, voting_round, code, area_slug="somewhere-else")
    council = db_session.get(Council, area.council_id)
    newer = create_menu(db_session, council, cost=2500)  # same services, a new version
    assert newer.id != voting_round.menu_version_id
    with pytest.raises(UnknownChoice):  # checked against one version, cast on another
        _record(db_session, voting_round, code, menu_version=(newer.id, newer.content_hash))
    assert count(db_session, Ballot) == 0
    ballot_id = _record(db_session, voting_round, code, area_slug=area.slug)
    assert db_session.get(Ballot, ballot_id).code_id == code.id
    assert count(db_session, BallotChoice) == len(ALL_CONTROL)


def test_a_database_error_while_casting_reaches_the_app_as_sqlalchemy_s(db_session, vote):
    """The cast runs on a DBAPI cursor; its errors must still be SQLAlchemy's, which
    the error pages turn into a 503 when the database is away."""
    _, _, codes, _, cast = vote
    with pytest.raises(DBAPIError) as raised, db_session.begin_nested():
        db_session.execute(text("ALTER TABLE ballot_choice RENAME TO ballot_choice_away"))
        cast(codes[0], ALL_CONTROL)
    assert "ballot_choice" in str(raised.value.orig)  # the table it could not find
    assert "INSERT INTO ballot_choice" in raised.value.statement
    assert raised.value.params["code_id"] and not raised.value.connection_invalidated
    assert count(db_session, Ballot) == 0
