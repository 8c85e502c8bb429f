"""A register import in the audit trail: the area's, and each round it changed."""

from sqlmodel import Session

from webapp.areas.models import Area
from webapp.audit.services import record_event
from webapp.audit.wording import worded
from webapp.voting.register import ImportResult


def record_import(
    *, session: Session, area: Area, result: ImportResult, actor, source: str, command_line=False
) -> None:
    """The import in the area's audit trail: who (None for the command line), from
    which file (`source`, its name; `command_line` if from there) and what changed."""
    came_from = {"file": source, "command_line": command_line}
    record_event(
        session=session,
        object_type="area",
        object_id=area.id,
        action="register_imported",
        actor=actor,
        council_id=area.council_id,
        reason=worded(
            "register_imported", added=result.created, updated=result.updated, **came_from
        ),
    )
    for round_id, count in result.codes_withdrawn.items():
        record_event(
            session=session,
            object_type="round",
            object_id=round_id,
            action="codes_withdrawn",
            actor=actor,
            council_id=area.council_id,
            reason=worded("register_codes_withdrawn", count=count, **came_from),
        )
    for round_id, count in result.ballots_beyond_voters.items():
        record_event(
            session=session,
            object_type="round",
            object_id=round_id,
            action="ballots_beyond_voters",
            actor=actor,
            council_id=area.council_id,
            reason=worded("register_ballots_beyond_voters", count=count, **came_from),
        )
