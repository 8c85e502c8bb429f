"""Issuing ballot codes for letters: the plain codes exist only in that one response."""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

import segno
from markupsafe import Markup
from sqlmodel import Session, func, select, update

from webapp.db import utcnow
from webapp.voting.codes import format_code, hash_code, new_code
from webapp.voting.models import Ballot, BallotCode, Household, VotingRound
from webapp.voting.turnout import code_has_voted, code_in_turnout_base

QR_BORDER = 2  # modules of white around the code, inside the SVG


@dataclass
class IssuedCode:
    household: Household
    code: str

    @property
    def printed(self) -> str:
        return format_code(self.code)


def lock_round(session: Session, voting_round: VotingRound) -> None:
    """Codes of one round are issued or withdrawn by one request at a time: two
    officers printing at once (or a double click) would otherwise both see no codes
    and issue two sets. (SQLite's write lock already serialises them.)"""
    session.exec(
        select(VotingRound.id).where(VotingRound.id == voting_round.id).with_for_update()
    ).one()


def issue_codes(
    *,
    session: Session,
    voting_round: VotingRound,
    make_code: Callable[[Household, int], str] | None = None,
    household_ids: list[int] | None = None,
) -> list[IssuedCode]:
    """One new code for every eligible voter who has none yet in this round (of these
    households only, when given), in postcode order."""
    lock_round(session, voting_round)
    codes = (
        select(BallotCode.household_id, func.count())
        .where(BallotCode.round_id == voting_round.id, code_in_turnout_base())
        .group_by(BallotCode.household_id)
    )
    households = (
        select(Household)
        .where(Household.area_id == voting_round.area_id, Household.eligible_voters > 0)
        .order_by(Household.postcode, Household.address)
    )
    if household_ids is not None:
        codes = codes.where(BallotCode.household_id.in_(household_ids))
        households = households.where(Household.id.in_(household_ids))
    have = dict(session.exec(codes).all())
    issued = []
    for household in session.exec(households):
        for number in range(have.get(household.id, 0), household.eligible_voters):
            code = make_code(household, number) if make_code else new_code()
            session.add(
                BallotCode(
                    round_id=voting_round.id, household_id=household.id, code_hash=hash_code(code)
                )
            )
            issued.append(IssuedCode(household, code))
    session.flush()
    return issued


def reissue_unused_codes(
    *, session: Session, voting_round: VotingRound, household_ids: list[int] | None = None
) -> list[IssuedCode]:
    """Revoke every code that has not voted (of these households only, when given) and
    issue new ones, for lost letters."""
    lock_round(session, voting_round)
    voted = select(Ballot.code_id).where(Ballot.round_id == voting_round.id)
    unused = update(BallotCode).where(
        BallotCode.round_id == voting_round.id,
        BallotCode.revoked_at.is_(None),
        BallotCode.id.not_in(voted),
    )
    if household_ids is not None:
        unused = unused.where(BallotCode.household_id.in_(household_ids))
    session.exec(unused.values(revoked_at=utcnow()))
    return issue_codes(session=session, voting_round=voting_round, household_ids=household_ids)


def qr_svg(url: str) -> Markup:
    """A QR code of the URL as inline SVG: one path, a line per run of dark modules (no
    style attributes, so the CSP allows it)."""
    # A fixed mask and our own writer: segno's default scores all eight masks to pick
    # one, three quarters of a letter's time, and its SVG writer is four times slower
    # than this. Any mask reads the same (the symbol says which it has).
    matrix = segno.make_qr(url, error="m", mask=0).matrix
    side = len(matrix) + 2 * QR_BORDER
    runs = []
    for y, row in enumerate(matrix, start=QR_BORDER):
        x = QR_BORDER
        for dark, modules in groupby(row):
            width = len(tuple(modules))
            if dark:
                runs.append(f"M{x} {y}.5h{width}")
            x += width
    return Markup(  # noqa: S704 - numbers only, from segno's matrix of our own URL
        f'<svg class="qr" viewBox="0 0 {side} {side}" width="{4 * side}" height="{4 * side}">'
        f'<path stroke="#000" d="{"".join(runs)}"/></svg>'
    )


@dataclass
class SurplusCodes:
    """What lowering households' eligible voters did to the area's rounds not yet closed."""

    withdrawn: dict[int, int] = field(default_factory=dict)  # round id -> unused codes revoked
    # Round id -> ballots already cast beyond their household's new count: they stay
    # counted (nothing can say which of a household's ballots to drop), so the officer
    # is told.
    ballots_beyond_voters: dict[int, int] = field(default_factory=dict)


def withdraw_surplus_codes(
    *, session: Session, area_id: int, household_ids: list[int]
) -> SurplusCodes:
    """After the register lowered these households' eligible voters: in each round of
    the area not yet closed, revoke the newest unused codes beyond a household's
    voters. Codes that have voted stay, as their ballots do."""
    result = SurplusCodes()
    if not household_ids:
        return result
    now = utcnow()
    rounds = session.exec(
        select(VotingRound).where(VotingRound.area_id == area_id, VotingRound.closes_at > now)
    ).all()
    for voting_round in rounds:
        lock_round(session, voting_round)
        surplus, beyond = [], 0
        for start in range(0, len(household_ids), 1000):
            chunk = household_ids[start : start + 1000]
            has_voted = code_has_voted().label("voted")
            rows = session.exec(
                select(BallotCode.id, Household.id, Household.eligible_voters, has_voted)
                .join(Household, Household.id == BallotCode.household_id)
                .where(
                    BallotCode.round_id == voting_round.id,
                    BallotCode.household_id.in_(chunk),
                    code_in_turnout_base(),
                )
                .order_by(Household.id, has_voted.desc(), BallotCode.id)
            ).all()
            kept: dict[int, int] = {}
            for code_id, household_id, voters, voted in rows:
                kept[household_id] = kept.get(household_id, 0) + 1
                if kept[household_id] > voters:
                    if voted:
                        beyond += 1
                    else:
                        surplus.append(code_id)
        for start in range(0, len(surplus), 1000):
            session.exec(
                update(BallotCode)
                .where(BallotCode.id.in_(surplus[start : start + 1000]))
                .values(revoked_at=now)
            )
        if surplus:
            result.withdrawn[voting_round.id] = len(surplus)
        if beyond:
            result.ballots_beyond_voters[voting_round.id] = beyond
    return result
