"""Casting a ballot: one counted ballot per code, replaced by voting again before close."""

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from webapp.areas.menu_content import menu_content_for
from webapp.areas.models import MenuVersion
from webapp.areas.services import AreaMenu
from webapp.auth.models import User
from webapp.db import utcnow
from webapp.voting.ballot_sql import ballot_statements
from webapp.voting.codes import hash_code, normalise_code
from webapp.voting.models import Ballot, BallotChoice, BallotCode, Channel, VotingRound
from webapp.voting.refusals import (
    BallotIncomplete,
    CodeNotRecognised,
    UnknownChoice,
    why_refused,
)

NO_PREFERENCE = "none"
FIELD_PREFIX = "choice-"


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


_MENU_VERSION = (
    select(MenuVersion.id, MenuVersion.content_hash)
    .join(VotingRound, VotingRound.menu_version_id == MenuVersion.id)
    .where(VotingRound.id == bindparam("round_id"))
)


def _menu_version_of(connection, round_id: int) -> tuple[int, str]:
    row = connection.execute(_MENU_VERSION, {"round_id": round_id}).first()
    if row is None:
        raise CodeNotRecognised()
    return row[0], row[1]


def _level_ids(
    session: Session, menu_version: tuple[int, str], choices: dict[str, str]
) -> dict[int, int | None]:
    """Function id -> level id (None for no preference); every function must be chosen."""
    content = menu_content_for(session, *menu_version)
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
    menu_version: tuple[int, str] | None = None,
    correction: bool = False,
    now: datetime | None = None,
) -> int:
    """Record or replace a code's ballot and return its id.

    A web ballot replaces the code's earlier web ballot; a paper one replaces an
    earlier paper only as a `correction`.

    `menu_version` (id, content hash) is the round's, when the caller knows it: a
    ballot draft carries it, saving a query. One upsert checks the code and that the
    round is open in the same statement that writes, so nothing is recorded after
    close; the ballot's unique code serialises submissions of one code.
    """
    now = now or utcnow()
    if menu_version is None:
        menu_version = _menu_version_of(session.connection(), round_id)
    level_ids = _level_ids(session, menu_version, choices)
    connection = session.connection()  # on SQLite, the write lock from here to commit
    facts = {
        "round_id": round_id,
        "code_id": code_id,
        "channel": str(channel),
        "entered_by_id": entered_by_id,
        "area_slug": area_slug,
        "version_id": menu_version[0],
        "correction": int(correction),
        "now": now,
    }
    statements = ballot_statements(connection.dialect, len(level_ids))
    ballot_id = statements.cast(connection, facts, level_ids)
    if ballot_id is None:
        raise why_refused(
            connection,
            round_id=round_id,
            code_id=code_id,
            channel=str(channel),
            area_slug=area_slug,
            version_id=menu_version[0],
            now=now,
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
    correction: bool = False,
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
        correction=correction,
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


def link_code(*, session: Session, code_id: int, user: User) -> bool:
    """Let a resident see this code's ballot from their account. A code kept in
    another account stays there (False): the first account would lose sight of it."""
    linked = session.execute(
        update(BallotCode)
        .where(
            BallotCode.id == code_id,
            BallotCode.user_id.is_(None) | (BallotCode.user_id == user.id),
        )
        .values(user_id=user.id)
    )
    if linked.rowcount:
        _audit_link(session, user, "ballot_linked", code_id)
    return bool(linked.rowcount)


def unlink_code(*, session: Session, code_id: int, user: User) -> bool:
    """Take a ballot out of the resident's account; False if it was not in it."""
    unlinked = session.execute(
        update(BallotCode)
        .where(BallotCode.id == code_id, BallotCode.user_id == user.id)
        .values(user_id=None)
    )
    if unlinked.rowcount:
        _audit_link(session, user, "ballot_unlinked", code_id)
    return bool(unlinked.rowcount)


def _audit_link(session: Session, user: User, action: str, code_id: int) -> None:
    """In the account's own history: which round, never the choices."""
    from webapp.audit.wording import worded
    from webapp.auth.services import audit_account

    round_id = session.exec(select(BallotCode.round_id).where(BallotCode.id == code_id)).one()
    audit_account(session, user, action, user, reason=worded("ballot_round", round=round_id))
