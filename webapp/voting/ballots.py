"""Casting a ballot: one counted ballot per code, replaced by voting again before close."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, delete, select

from webapp.areas.menu_content import menu_content_for
from webapp.areas.models import Area, MenuVersion
from webapp.areas.services import AreaMenu
from webapp.auth.models import User
from webapp.db import utcnow
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l
from webapp.voting.codes import hash_code, normalise_code
from webapp.voting.models import Ballot, BallotChoice, BallotCode, Channel, VotingRound

NO_PREFERENCE = "none"
FIELD_PREFIX = "choice-"


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


def find_code(*, session: Session, voting_round: VotingRound, typed: str) -> BallotCode:
    """The live code of this round that a person typed, or CodeNotRecognised."""
    code = normalise_code(typed)
    if code is None:
        raise CodeNotRecognised()
    found = session.exec(
        select(BallotCode).where(
            BallotCode.code_hash == hash_code(code),
            BallotCode.round_id == voting_round.id,
            BallotCode.revoked_at.is_(None),
        )
    ).first()
    if found is None:
        raise CodeNotRecognised()
    return found


def parse_choices(menu: AreaMenu, form: Mapping[str, str], *, partial: bool) -> dict[str, str]:
    """Function key -> level key (or "none") from a ballot form; every value checked."""
    choices, missing = {}, []
    for view in menu.functions:
        value = (form.get(FIELD_PREFIX + view.function.key) or "").strip()
        if not value:
            missing.append(view.function.key)
            continue
        if value != NO_PREFERENCE and value not in {o.level.key for o in view.options}:
            raise UnknownChoice(detail=value[:40])
        choices[view.function.key] = value
    known = {FIELD_PREFIX + view.function.key for view in menu.functions}
    if any(name.startswith(FIELD_PREFIX) and name not in known for name in form):
        raise UnknownChoice()
    if missing and not partial:
        raise BallotIncomplete(detail=", ".join(missing))
    return choices


@dataclass(frozen=True)
class RoundState:
    """What casting a ballot needs to know of its round, read in one query."""

    id: int
    area_slug: str
    opens_at: datetime
    closes_at: datetime
    version_id: int
    content_hash: str

    def is_closed(self, now: datetime) -> bool:
        return now >= self.closes_at


# Built once: casting a ballot is the busiest write, so its statements skip the ORM.
# The code (locked, which serialises its submissions) and its round.
_LOCK_CODE = (
    select(
        BallotCode.revoked_at,
        BallotCode.round_id,
        VotingRound.id,
        Area.slug,
        VotingRound.opens_at,
        VotingRound.closes_at,
        MenuVersion.id,
        MenuVersion.content_hash,
    )
    .join(VotingRound, VotingRound.id == BallotCode.round_id)
    .join(Area, Area.id == VotingRound.area_id)
    .join(MenuVersion, MenuVersion.id == VotingRound.menu_version_id)
    .where(BallotCode.id == bindparam("code_id"))
    .with_for_update(of=BallotCode)
)
# Read in its own statement once the lock is held: on PostgreSQL a joined row would
# come from the snapshot taken before waiting, and miss a ballot committed meanwhile.
_EARLIER_BALLOT = select(Ballot.id, Ballot.channel).where(Ballot.code_id == bindparam("code_id"))
_INSERT_BALLOT = insert(Ballot).returning(Ballot.id)
_INSERT_CHOICES = insert(BallotChoice)


def _level_ids(
    session: Session, state: RoundState, choices: dict[str, str]
) -> dict[int, int | None]:
    """Function id -> level id (None for no preference); every function must be chosen."""
    content = menu_content_for(session, state.version_id, state.content_hash)
    if set(choices) != {function.key for function in content.functions}:
        raise BallotIncomplete()
    level_id = {level.key: level.id for level in content.levels}
    offered = {(o.function_id, o.level_id) for o in content.options}
    ids = {}
    for function in content.functions:
        key = choices[function.key]
        chosen = None if key == NO_PREFERENCE else level_id.get(key)
        if key != NO_PREFERENCE and (function.id, chosen) not in offered:
            raise UnknownChoice(detail=key[:40])
        ids[function.id] = chosen
    return ids


def record_ballot(
    *,
    session: Session,
    round_id: int,
    code_id: int,
    choices: dict[str, str],
    channel: Channel = Channel.WEB,
    entered_by_id: int | None = None,
    area_slug: str | None = None,
    now: datetime | None = None,
) -> int:
    """Record or replace a code's ballot and return its id.

    The code's row lock serialises submissions of one code; the round is checked
    inside the same transaction, so nothing is recorded after close.
    """
    now = now or utcnow()
    connection = session.connection()
    row = connection.execute(_LOCK_CODE, {"code_id": code_id}).first()
    if row is None or row[1] != round_id:
        raise CodeNotRecognised()
    revoked_at = row[0]
    state = RoundState(*row[2:])
    if area_slug is not None and state.area_slug != area_slug:
        raise VotingNotOpen()
    ensure_open(state, now)
    if revoked_at is not None:
        raise CodeNotRecognised()
    level_ids = _level_ids(session, state, choices)
    earlier = connection.execute(_EARLIER_BALLOT, {"code_id": code_id}).first()
    ballot_id, earlier_channel = earlier if earlier else (None, None)
    if ballot_id is not None and earlier_channel != channel:
        raise PaperBallotRecorded() if earlier_channel == Channel.PAPER else AlreadyVotedOnline()
    if ballot_id is None:
        ballot_id = connection.execute(
            _INSERT_BALLOT,
            {
                "round_id": round_id,
                "code_id": code_id,
                "channel": str(channel),
                "entered_by_id": entered_by_id,
                "submitted_at": now,
                "updated_at": now,
            },
        ).scalar_one()
    else:
        changes = {"updated_at": now}
        if entered_by_id is not None:
            changes["entered_by_id"] = entered_by_id
        connection.execute(update(Ballot).where(Ballot.id == ballot_id).values(**changes))
        connection.execute(delete(BallotChoice).where(BallotChoice.ballot_id == ballot_id))
    connection.execute(
        _INSERT_CHOICES,
        [
            {"ballot_id": ballot_id, "round_id": round_id, "function_id": f, "level_id": lv}
            for f, lv in level_ids.items()
        ],
    )
    return ballot_id


def cast_ballot(
    *,
    session: Session,
    voting_round: VotingRound,
    code: BallotCode,
    choices: dict[str, str],
    channel: Channel = Channel.WEB,
    entered_by: User | None = None,
    now: datetime | None = None,
) -> Ballot:
    """record_ballot for callers holding the round and code objects."""
    ballot_id = record_ballot(
        session=session,
        round_id=voting_round.id,
        code_id=code.id,
        choices=choices,
        channel=channel,
        entered_by_id=entered_by.id if entered_by else None,
        now=now,
    )
    session.expire_all()
    return session.get(Ballot, ballot_id)


def ballot_for_code(*, session: Session, code_id: int) -> Ballot | None:
    return session.exec(select(Ballot).where(Ballot.code_id == code_id)).first()


def choices_of(*, session: Session, ballot: Ballot, menu: AreaMenu) -> dict[str, str]:
    """A stored ballot as function key -> level key (or "none")."""
    by_function = dict(
        session.exec(
            select(BallotChoice.function_id, BallotChoice.level_id).where(
                BallotChoice.ballot_id == ballot.id
            )
        ).all()
    )
    choices = {}
    for view in menu.functions:
        level_id = by_function.get(view.function.id)
        level = next((o.level for o in view.options if o.level.id == level_id), None)
        if view.function.id in by_function:
            choices[view.function.key] = level.key if level else NO_PREFERENCE
    return choices


def link_code(*, session: Session, code_id: int, user: User) -> None:
    """Let a resident see this code's ballot from their account."""
    session.execute(update(BallotCode).where(BallotCode.id == code_id).values(user_id=user.id))
