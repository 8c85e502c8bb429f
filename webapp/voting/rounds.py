"""Opening voting rounds: UK local times, no overlaps within an area."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, delete, func, select

from webapp.areas.menus import latest_version
from webapp.areas.models import Area
from webapp.audit.services import record_event
from webapp.audit.wording import Worded, percent, uk_time, worded
from webapp.auth.models import User
from webapp.db import utcnow
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l
from webapp.voting.models import BallotCode, VotingRound

LONDON = ZoneInfo("Europe/London")


class NonexistentLocalTime(DomainError):
    message = _l("That time does not exist in the UK: the clocks go forward then.")


class AmbiguousLocalTime(DomainError):
    message = _l(
        "That time happens twice in the UK, as the clocks go back then. Choose another time."
    )


class RoundTimesInvalid(DomainError):
    message = _l("Voting must close after it opens, and in the future.")


class RoundOverlaps(DomainError):
    message = _l("Another round in this area overlaps those dates.")


class NoMenuPublished(DomainError):
    message = _l("This area has no published menu to vote on.")


class QuorumInvalid(DomainError):
    message = _l("The quorum must be a whole percentage from 0 to 100.")


def london_to_utc(local: datetime) -> datetime:
    """A wall-clock time in the UK as UTC. A time the clocks skip (going forward) or
    pass twice (going back) is refused: either way the officer must say which."""
    aware = local.replace(tzinfo=LONDON, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(LONDON).replace(tzinfo=None) != local.replace(tzinfo=None, fold=0):
        raise NonexistentLocalTime()
    if aware.replace(fold=1).astimezone(UTC) != utc:
        raise AmbiguousLocalTime()
    return utc


def utc_to_london(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def _times(opens_at: datetime, closes_at: datetime, prefix: str = "") -> dict:
    """A round's times for its history, where each reader sees them in UK time."""
    return {f"{prefix}opens": uk_time(opens_at), f"{prefix}closes": uk_time(closes_at)}


def open_round(
    *,
    session: Session,
    area: Area,
    opens_at: datetime,
    closes_at: datetime,
    quorum_percent: int,
    created_by: User | None,
    now: datetime | None = None,
) -> VotingRound:
    """Schedule a round on the area's latest menu version."""
    version = _check_schedule(
        session, area, opens_at, closes_at, quorum_percent, now=now or utcnow()
    )
    voting_round = VotingRound(
        area_id=area.id,
        menu_version_id=version.id,
        opens_at=opens_at,
        closes_at=closes_at,
        quorum_percent=quorum_percent,
        created_by_id=created_by.id if created_by else None,
    )
    session.add(voting_round)
    session.flush()
    _audit(
        session,
        voting_round.id,
        area,
        "scheduled",
        created_by,
        reason=worded(
            "round_scheduled", **_times(opens_at, closes_at), quorum=percent(quorum_percent)
        ),
    )
    return voting_round


def _check_schedule(
    session: Session,
    area: Area,
    opens_at: datetime,
    closes_at: datetime,
    quorum_percent: int,
    *,
    now: datetime,
    excluding: int | None = None,
):
    """The area's latest menu version, if a round may run from `opens_at` to
    `closes_at` with this quorum; the round `excluding` is the one being changed."""
    if not 0 <= quorum_percent <= 100:
        raise QuorumInvalid()
    if closes_at <= opens_at or closes_at <= now:
        raise RoundTimesInvalid()
    # Lock the area so that two officers cannot schedule overlapping rounds at once.
    session.exec(select(Area.id).where(Area.id == area.id).with_for_update()).one()
    version = latest_version(session, area.menu_id) if area.menu_id else None
    if version is None:
        raise NoMenuPublished()
    others = select(func.count()).select_from(VotingRound)
    if excluding is not None:
        others = others.where(VotingRound.id != excluding)
    overlapping = session.exec(
        others.where(
            VotingRound.area_id == area.id,
            VotingRound.opens_at < closes_at,
            VotingRound.closes_at > opens_at,
        )
    ).one()
    if overlapping:
        raise RoundOverlaps()
    return version


class RoundAlreadyOpened(DomainError):
    message = _l("Voting has opened in this round, so it can no longer be changed or cancelled.")


def _not_yet_open(session: Session, voting_round: VotingRound, now: datetime) -> None:
    """Refresh the round under a lock and refuse once it has opened."""
    session.exec(
        select(VotingRound.id).where(VotingRound.id == voting_round.id).with_for_update()
    ).one()
    session.refresh(voting_round)
    if voting_round.opens_at <= now:
        raise RoundAlreadyOpened()


def change_round(
    *,
    session: Session,
    voting_round: VotingRound,
    opens_at: datetime,
    closes_at: datetime,
    quorum_percent: int,
    actor: User,
    now: datetime | None = None,
) -> VotingRound:
    """New times and quorum for a round that has not opened, on the area's latest
    menu version (a menu corrected since scheduling). Its codes stay valid."""
    now = now or utcnow()
    _not_yet_open(session, voting_round, now)
    area = session.get(Area, voting_round.area_id)
    version = _check_schedule(
        session, area, opens_at, closes_at, quorum_percent, now=now, excluding=voting_round.id
    )
    was = _times(voting_round.opens_at, voting_round.closes_at, "was_")
    voting_round.opens_at, voting_round.closes_at = opens_at, closes_at
    voting_round.quorum_percent, voting_round.menu_version_id = quorum_percent, version.id
    session.flush()
    _audit(
        session,
        voting_round.id,
        area,
        "rescheduled",
        actor,
        reason=worded(
            "round_rescheduled",
            **was,
            **_times(opens_at, closes_at),
            quorum=percent(quorum_percent),
            version=version.version,
        ),
    )
    return voting_round


def cancel_round(
    *, session: Session, voting_round: VotingRound, actor: User, now: datetime | None = None
) -> None:
    """Remove a round that has not opened, and its codes: nobody can have voted in it.
    Its history keeps the cancellation."""
    _not_yet_open(session, voting_round, now or utcnow())
    area = session.get(Area, voting_round.area_id)
    codes = session.exec(
        select(func.count()).select_from(BallotCode).where(BallotCode.round_id == voting_round.id)
    ).one()
    session.exec(delete(BallotCode).where(BallotCode.round_id == voting_round.id))
    what = {**_times(voting_round.opens_at, voting_round.closes_at), "codes": codes}
    _audit(
        session, voting_round.id, area, "cancelled", actor, reason=worded("round_cancelled", **what)
    )
    # The round's page goes with it: the area's history, on the area's page, keeps it.
    record_event(
        session=session,
        object_type="area",
        object_id=area.id,
        action="round_cancelled",
        actor=actor,
        council_id=area.council_id,
        reason=worded("area_round_cancelled", round=voting_round.id, **what),
    )
    session.delete(voting_round)
    session.flush()


def _audit(
    session: Session, round_id: int, area: Area, action: str, actor, *, reason: Worded
) -> None:
    """The round's entry in its council's audit trail."""
    record_event(
        session=session,
        object_type="round",
        object_id=round_id,
        action=action,
        actor=actor,
        council_id=area.council_id,
        reason=reason,
    )


def open_round_for_area(*, session: Session, area: Area, now: datetime | None = None):
    """The round of the area that is open for voting now, if any."""
    now = now or utcnow()
    return session.exec(
        select(VotingRound).where(
            VotingRound.area_id == area.id,
            VotingRound.opens_at <= now,
            VotingRound.closes_at > now,
        )
    ).first()


def rounds_of_area(*, session: Session, area: Area) -> list[VotingRound]:
    return list(
        session.exec(
            select(VotingRound)
            .where(VotingRound.area_id == area.id)
            .order_by(VotingRound.opens_at.desc())
        )
    )


def latest_closed_round(*, session: Session, area_id: int, now: datetime | None = None):
    """The most recently closed round of an area: the one that gives a mandate."""
    now = now or utcnow()
    return session.exec(
        select(VotingRound)
        .where(VotingRound.area_id == area_id, VotingRound.closes_at <= now)
        .order_by(VotingRound.closes_at.desc())
        .limit(1)
    ).first()
