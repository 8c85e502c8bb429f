"""The Tally rule of DESIGN.md, counted by the database."""

from dataclasses import dataclass, field

from sqlalchemy import case, literal_column
from sqlmodel import Session, func, select

from webapp.areas.models import MenuFunction, MenuLevel
from webapp.areas.services import AreaMenu
from webapp.voting.models import (
    TALLY_BUCKET_SQL,
    Ballot,
    BallotChoice,
    Channel,
    VotingRound,
)
from webapp.voting.turnout import issued_codes


def lower_median(counts_by_rank: list[tuple[int, int]]) -> int | None:
    """The highest rank that a strict majority chose at or above; None with no choices.

    `counts_by_rank` holds (rank, ballots choosing exactly that rank).
    """
    chosen = sum(count for _, count in counts_by_rank)
    at_or_above = 0
    for rank, count in sorted(counts_by_rank, reverse=True):
        at_or_above += count
        if 2 * at_or_above > chosen:
            return rank
    return None


def quorum_met(*, ballots: int, eligible: int, quorum_percent: int) -> bool:
    """Turnout of at least the quorum; exactly at quorum counts as met."""
    return eligible > 0 and 100 * ballots >= quorum_percent * eligible


@dataclass
class FunctionResult:
    function: MenuFunction
    counts: list[tuple[MenuLevel, int]]
    no_preference: int
    outcome: MenuLevel | None

    @property
    def chosen(self) -> int:
        return sum(count for _, count in self.counts)


@dataclass
class RoundResult:
    voting_round: VotingRound
    eligible: int
    ballots: int
    paper_ballots: int
    quorum_met: bool
    functions: list[FunctionResult] = field(default_factory=list)

    @property
    def turnout_bp(self) -> int:
        return 10_000 * self.ballots // self.eligible if self.eligible else 0


def _choice_counts(round_id: int, dialect_name: str):
    """(function, level, ballots) of a round.

    PostgreSQL counts all of a round's choices at once, in a hash table. SQLite has
    no hash aggregate: it counts in the order it reads, so it counts each bucket of
    ballots in the tally index's order (TALLY_BUCKET), then adds the buckets up;
    grouped by function and level at once, it would sort every choice first.
    """
    function, level = BallotChoice.function_id, BallotChoice.level_id
    counted = select(function, level, func.count().label("ballots")).where(
        BallotChoice.round_id == round_id
    )
    if dialect_name != "sqlite":
        return counted.group_by(function, level)
    per_bucket = counted.group_by(literal_column(TALLY_BUCKET_SQL), function, level).subquery()
    return select(
        per_bucket.c.function_id, per_bucket.c.level_id, func.sum(per_bucket.c.ballots)
    ).group_by(per_bucket.c.function_id, per_bucket.c.level_id)


def count_turnout(*, session: Session, voting_round: VotingRound) -> RoundResult:
    """Ballots (paper among them) against codes issued, and whether that meets the
    quorum: what officers may see while a round is open. No outcomes."""
    ballots, paper = session.exec(
        select(
            func.count(),
            func.coalesce(func.sum(case((Ballot.channel == Channel.PAPER, 1), else_=0)), 0),
        ).where(Ballot.round_id == voting_round.id)
    ).one()
    eligible = issued_codes(session=session, round_id=voting_round.id)
    met = quorum_met(ballots=ballots, eligible=eligible, quorum_percent=voting_round.quorum_percent)
    return RoundResult(voting_round, eligible, ballots, int(paper), met)


def tally_round(*, session: Session, voting_round: VotingRound, menu: AreaMenu) -> RoundResult:
    """Counts per function and level with GROUP BY; the rule applied to those counts."""
    by_function: dict[int, dict[int | None, int]] = {}
    counts = _choice_counts(voting_round.id, session.get_bind().dialect.name)
    for function_id, level_id, count in session.exec(counts):
        by_function.setdefault(function_id, {})[level_id] = count
    result = count_turnout(session=session, voting_round=voting_round)
    for view in menu.functions:
        tallied = by_function.get(view.function.id, {})
        levels = [(option.level, tallied.get(option.level.id, 0)) for option in view.options]
        outcome_rank = lower_median([(level.rank, count) for level, count in levels])
        outcome = (
            next((lv for lv, _ in levels if lv.rank == outcome_rank), None)
            if result.quorum_met
            else None
        )
        result.functions.append(
            FunctionResult(view.function, levels, tallied.get(None, 0), outcome)
        )
    return result
