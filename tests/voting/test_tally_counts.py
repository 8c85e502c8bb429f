"""The tally's counts, read from the tally index bucket by bucket and then added up."""

import pytest
from sqlmodel import select

from tests.factories import create_round
from webapp.voting.models import TALLY_BUCKET, Ballot, BallotChoice, BallotCode, Channel
from webapp.voting.queries import round_menu
from webapp.voting.tally import _choice_counts, tally_round


def test_choices_in_different_buckets_of_ballots_are_added_up(app, db_session):
    """Ballots numbered either side of a bucket's edge, and far beyond it: each
    function's count is the sum over every bucket."""
    with app.app_context():
        voting_round, _, _ = create_round(db_session, voters=4)
    menu = round_menu(session=db_session, voting_round=voting_round)
    grass, caretaking = menu.functions
    control = grass.options[-1].level
    codes = db_session.exec(
        select(BallotCode.id).where(BallotCode.round_id == voting_round.id)
    ).all()
    ballot_ids = [TALLY_BUCKET - 1, TALLY_BUCKET, 5 * TALLY_BUCKET + 3, 9 * TALLY_BUCKET]
    for ballot_id, code_id in zip(ballot_ids, codes, strict=True):
        db_session.add(
            Ballot(id=ballot_id, round_id=voting_round.id, code_id=code_id, channel=Channel.WEB)
        )
        db_session.flush()
        db_session.add_all(
            [
                BallotChoice(
                    ballot_id=ballot_id,
                    round_id=voting_round.id,
                    function_id=grass.function.id,
                    level_id=control.id,
                ),
                BallotChoice(
                    ballot_id=ballot_id,
                    round_id=voting_round.id,
                    function_id=caretaking.function.id,
                    level_id=None,
                ),
            ]
        )
    db_session.flush()
    result = tally_round(session=db_session, voting_round=voting_round, menu=menu)
    grass_counts = {level.key: count for level, count in result.functions[0].counts}
    assert grass_counts[control.key] == 4
    assert sum(grass_counts.values()) == 4
    assert result.functions[0].outcome == control
    assert (result.functions[1].no_preference, result.functions[1].chosen) == (4, 0)


def test_the_tally_reads_its_index_in_order_and_sorts_only_the_bucket_counts(db_session):
    """SQLite's plan: the per-bucket counts come from the covering tally index in its
    own order (no sort of the choices); only those counts are sorted to be added up.
    A bucket written differently in the index and the query would sort every choice."""
    connection = db_session.connection()
    if connection.dialect.name != "sqlite":
        pytest.skip("reads SQLite's query plan")
    query = _choice_counts(1, "sqlite").compile(
        dialect=connection.dialect, compile_kwargs={"literal_binds": True}
    )
    plan = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}")]
    assert any("USING COVERING INDEX ix_ballot_choice_tally (round_id=?)" in p for p in plan)
    assert sum("TEMP B-TREE" in step for step in plan) == 1, plan
