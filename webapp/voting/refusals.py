"""Why a ballot is refused: the resident's and officer's errors, and the checks
that explain an upsert that wrote nothing."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import select

from webapp.areas.models import Area
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l
from webapp.voting.models import Ballot, BallotCode, Channel, VotingRound


class CodeNotRecognised(DomainError):
    message = _l(
        "We do not recognise that code. Check it against your letter and try again "
        "(capital letters and spaces do not matter)."
    )


class VotingClosed(DomainError):
    message = _l("Voting has closed, so ballot codes can no longer be used.")


class VotingNotOpen(DomainError):
    message = _l("There is no vote open in this area at the moment.")


class PaperBallotRecorded(DomainError):
    message = _l("A paper ballot has already been counted for this code, so it cannot vote online.")


class PaperBallotAlreadyEntered(DomainError):
    message = _l(
        "A paper ballot has already been entered for this code, so this one is not counted. "
        "If the first was entered wrongly, tick “This corrects the paper ballot entered for "
        "this code” and enter it again."
    )


class AlreadyVotedOnline(DomainError):
    message = _l("This code has already voted online, so a paper ballot for it cannot be counted.")


class BallotIncomplete(DomainError):
    message = _l("Choose a level, or “no preference”, for every service.")


class UnknownChoice(DomainError):
    message = _l("That choice is not on this menu. Please choose again from the list.")


def ensure_open(voting_round, now: datetime):
    """The round (a VotingRound or RoundState) if open at `now`; else why not."""
    if voting_round is None or now < voting_round.opens_at:
        raise VotingNotOpen()
    if voting_round.is_closed(now):
        raise VotingClosed()
    return voting_round


@dataclass(frozen=True)
class RoundState:
    """What explaining a refused ballot needs to know of its round, read in one query."""

    id: int
    area_slug: str
    opens_at: datetime
    closes_at: datetime
    version_id: int

    def is_closed(self, now: datetime) -> bool:
        return now >= self.closes_at


_CODE_AND_ROUND = (
    select(
        BallotCode.revoked_at,
        BallotCode.round_id,
        VotingRound.id,
        Area.slug,
        VotingRound.opens_at,
        VotingRound.closes_at,
        VotingRound.menu_version_id,
    )
    .join(VotingRound, VotingRound.id == BallotCode.round_id)
    .join(Area, Area.id == VotingRound.area_id)
    .where(BallotCode.id == bindparam("code_id"))
)
_EARLIER_CHANNEL = select(Ballot.channel).where(Ballot.code_id == bindparam("code_id"))


def why_refused(
    connection, *, round_id, code_id, channel, area_slug, version_id, now
) -> DomainError:
    """Why the ballot upsert wrote nothing: the same checks, one by one."""
    row = connection.execute(_CODE_AND_ROUND, {"code_id": code_id}).first()
    if row is None or row[1] != round_id:
        return CodeNotRecognised()
    revoked_at, state = row[0], RoundState(*row[2:])
    if area_slug is not None and state.area_slug != area_slug:
        return VotingNotOpen()
    try:
        ensure_open(state, now)
    except DomainError as exc:
        return exc
    if revoked_at is not None:
        return CodeNotRecognised()
    if state.version_id != version_id:
        return UnknownChoice()
    earlier_channel = connection.execute(_EARLIER_CHANNEL, {"code_id": code_id}).scalar()
    if earlier_channel == channel == Channel.PAPER:
        return PaperBallotAlreadyEntered()
    if earlier_channel is not None and earlier_channel != channel:
        return PaperBallotRecorded() if earlier_channel == Channel.PAPER else AlreadyVotedOnline()
    raise RuntimeError(f"ballot for code {code_id} was refused for no known reason")
