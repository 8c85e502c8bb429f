"""Turnout's parts: the voters a round counts (its codes in the turnout base) and
the ballots cast, as SQL the tally, the letters and the officer's pages share."""

from sqlmodel import Session, func, select

from webapp.voting.models import Ballot, BallotCode, Household


def eligible_voters(*, session: Session, area_id: int) -> int:
    """Eligible voters on the area's register."""
    return session.exec(
        select(func.coalesce(func.sum(Household.eligible_voters), 0)).where(
            Household.area_id == area_id
        )
    ).one()


def code_has_voted():
    """SQL: this BallotCode has a counted ballot."""
    return select(Ballot.id).where(Ballot.code_id == BallotCode.id).exists()


def code_in_turnout_base():
    """SQL: this BallotCode counts as an eligible voter: live, or revoked after it
    voted (its ballot counts, so its voter does too, and gets no second code)."""
    return BallotCode.revoked_at.is_(None) | code_has_voted()


def issued_codes(*, session: Session, round_id: int) -> int:
    """Eligible voters, for turnout: the round's codes in the turnout base."""
    return session.exec(
        select(func.count())
        .select_from(BallotCode)
        .where(BallotCode.round_id == round_id, code_in_turnout_base())
    ).one()


def ballots_cast(*, session: Session, round_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Ballot).where(Ballot.round_id == round_id)
    ).one()
