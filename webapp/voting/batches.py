"""Letters in batches: an area's households in register order, a bounded number a page.

One page of letters for a whole town would take minutes to make and to print (each
letter has its own QR code), so letters are printed batch by batch. A batch is fixed:
households are numbered by when they joined the register (their id), and the register
only ever adds households to an area, never removes or moves one. So the 3rd batch
holds the same households today and next week, reprinting it reaches the same doors,
and new households only fill the last batch or make new ones.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, func, select

from webapp.voting.letters import IssuedCode, issue_codes, reissue_unused_codes
from webapp.voting.models import BallotCode, Household, VotingRound
from webapp.voting.turnout import code_in_turnout_base


@dataclass(frozen=True)
class LetterBatch:
    number: int  # from 1
    first: int  # the first and last household's place in register order, from 1
    last: int
    voters: int
    with_code: int  # voters with a code that counts (live, or used to vote)
    last_issued: datetime | None

    @property
    def without_code(self) -> int:
        return self.voters - self.with_code


def letter_batches(*, session: Session, voting_round: VotingRound, size: int) -> list[LetterBatch]:
    """Every batch of the round's area: its households, voters and codes issued so far."""
    # Two plain queries, joined here: SQLite joined the two as derived tables by
    # comparing every household with every other (5 s for 11,000 households).
    codes = {
        household: (count, issued)
        for household, count, issued in session.exec(
            select(BallotCode.household_id, func.count(), func.max(BallotCode.issued_at))
            .where(BallotCode.round_id == voting_round.id, code_in_turnout_base())
            .group_by(BallotCode.household_id)
        )
    }
    households = session.exec(
        select(Household.id, Household.eligible_voters)
        .where(Household.area_id == voting_round.area_id)
        .order_by(Household.id)
    ).all()
    batches = []
    for start in range(0, len(households), size):
        chunk = households[start : start + size]
        have = [(voters, *codes.get(household, (0, None))) for household, voters in chunk]
        issued = [moment for _, _, moment in have if moment is not None]
        batches.append(
            LetterBatch(
                number=start // size + 1,
                first=start + 1,
                last=start + len(chunk),
                voters=sum(voters for voters, _, _ in have),
                with_code=sum(min(count, voters) for voters, count, _ in have),
                last_issued=max(issued, default=None),
            )
        )
    return batches


def batch_households(*, session: Session, area_id: int, number: int, size: int) -> list[int]:
    """The ids of the households in batch `number` (from 1) of the area; [] past the last."""
    if number < 1:
        return []
    return list(
        session.exec(
            select(Household.id)
            .where(Household.area_id == area_id)
            .order_by(Household.id)
            .offset((number - 1) * size)
            .limit(size)
        )
    )


def issue_batch(
    *, session: Session, voting_round: VotingRound, number: int, size: int, reissue: bool
) -> list[IssuedCode] | None:
    """Codes for one batch's letters: for its voters without one, or (reissue) in place
    of its unused codes. None if the area has no such batch."""
    households = batch_households(
        session=session, area_id=voting_round.area_id, number=number, size=size
    )
    if not households:
        return None
    if reissue:
        return reissue_unused_codes(
            session=session, voting_round=voting_round, household_ids=households
        )
    return issue_codes(session=session, voting_round=voting_round, household_ids=households)
