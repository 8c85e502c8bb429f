"""Casting a ballot: one counted ballot per code, replaced by voting again before close."""

from collections.abc import Mapping
from datetime import datetime

from sqlmodel import Session, delete, select

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


def ensure_open(voting_round: VotingRound | None, now: datetime) -> VotingRound:
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


def _level_ids(menu: AreaMenu, choices: dict[str, str]) -> dict[int, int | None]:
    ids = {}
    for view in menu.functions:
        key = choices[view.function.key]
        level = next((o.level for o in view.options if o.level.key == key), None)
        ids[view.function.id] = level.id if level else None
    return ids


def cast_ballot(
    *,
    session: Session,
    voting_round: VotingRound,
    code: BallotCode,
    menu: AreaMenu,
    choices: dict[str, str],
    channel: Channel = Channel.WEB,
    entered_by: User | None = None,
    now: datetime | None = None,
) -> Ballot:
    """Record or replace the code's ballot; the code's row lock serialises its submissions."""
    now = now or utcnow()
    locked = session.exec(
        select(BallotCode)
        .where(BallotCode.id == code.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if locked.revoked_at is not None or locked.round_id != voting_round.id:
        raise CodeNotRecognised()
    ensure_open(voting_round, now)
    if set(choices) != {view.function.key for view in menu.functions}:
        raise BallotIncomplete()
    ballot = session.exec(select(Ballot).where(Ballot.code_id == locked.id)).first()
    if ballot is not None and ballot.channel != channel:
        raise PaperBallotRecorded() if ballot.channel == Channel.PAPER else AlreadyVotedOnline()
    if ballot is None:
        ballot = Ballot(
            round_id=voting_round.id,
            code_id=locked.id,
            channel=channel,
            entered_by_id=entered_by.id if entered_by else None,
            submitted_at=now,
            updated_at=now,
        )
        session.add(ballot)
        session.flush()
    else:
        ballot.updated_at = now
        ballot.entered_by_id = entered_by.id if entered_by else ballot.entered_by_id
        session.exec(delete(BallotChoice).where(BallotChoice.ballot_id == ballot.id))
    for function_id, level_id in _level_ids(menu, choices).items():
        session.add(
            BallotChoice(
                ballot_id=ballot.id,
                round_id=voting_round.id,
                function_id=function_id,
                level_id=level_id,
            )
        )
    session.flush()
    return ballot


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


def link_code(*, session: Session, code: BallotCode, user: User) -> None:
    """Let a resident see this code's ballot from their account."""
    code.user_id = user.id
    session.add(code)
    session.flush()
