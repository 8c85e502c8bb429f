"""Recording and reading audit events."""

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from sqlmodel import Session, select

from webapp.audit.models import AuditEvent
from webapp.audit.wording import Worded, people_in, reason_text

if TYPE_CHECKING:  # auth's services record audit events: importing auth here is a cycle
    from webapp.auth.models import User


def record_event(
    *,
    session: Session,
    object_type: str,
    object_id: int,
    action: str,
    actor: "User | None",
    council_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: "str | Worded | None" = None,
) -> AuditEvent:
    """Append one event to the audit trail. A reason a person typed is a str, kept as
    typed; one the app writes is `worded(...)`, kept without words until it is read."""
    typed = None if isinstance(reason, Worded) else reason
    event = AuditEvent(
        council_id=council_id,
        object_type=object_type,
        object_id=object_id,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor_id=actor.id if actor else None,
        reason=typed,
        reason_key=reason.key if isinstance(reason, Worded) else None,
        reason_params=reason.params if isinstance(reason, Worded) else None,
    )
    session.add(event)
    session.flush()
    return event


class HistoryEntry(NamedTuple):
    """One line of a history page: the event, who did it, and why in the reader's words."""

    event: AuditEvent
    actor: "User | None"
    why: "Why"


class Why:
    """An event's reason, worded in the reader's language when the page is written."""

    def __init__(self, event: AuditEvent, people: dict[int, str]):
        self.event, self.people = event, people

    @property
    def as_stored(self) -> bool:
        """A person's words (or an older row's English), in whatever direction they run."""
        return self.event.reason_key is None

    def __str__(self) -> str:
        e = self.event
        return reason_text(e.reason_key, e.reason_params, e.reason, self.people)


# A page shows this many of an object's latest events: a round with thousands of paper
# ballots records one each, and wording them all took about a second per 2,000.
HISTORY_SHOWN = 500


class Trail(list):
    """History entries, oldest first; `earlier_hidden` when older ones were left out."""

    earlier_hidden = False


def history(session: Session, rows: "list[tuple[AuditEvent, User | None]]") -> Trail:
    """Events with their reasons ready to word; the accounts they name, looked up once."""
    from webapp.auth.models import User  # at call time, when auth is fully imported

    ids = set().union(*(people_in(event.reason_params) for event, _ in rows))
    names = (
        dict(session.exec(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}
    )
    return Trail(HistoryEntry(event, actor, Why(event, names)) for event, actor in rows)


def events_for(
    *,
    session: Session,
    object_type: str,
    object_id: int,
    council_id: int | None = None,
    since: datetime | None = None,
) -> Trail:
    """An object's audit trail, oldest first, with who did each thing and why: its
    latest HISTORY_SHOWN events, `earlier_hidden` saying whether there were more.

    `council_id` keeps it to one council's records; `since` (the object's creation) to
    this object's: an id can be used again after a deletion (a cancelled round's, on
    SQLite), and the trail of the object that had it first is not this one's.
    """
    from webapp.auth.models import User  # at call time, when auth is fully imported

    query = (
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
    )
    if council_id is not None:
        query = query.where(AuditEvent.council_id == council_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    newest = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(HISTORY_SHOWN + 1)
    rows = list(session.exec(newest))
    trail = history(session, rows[:HISTORY_SHOWN][::-1])
    trail.earlier_hidden = len(rows) > HISTORY_SHOWN
    return trail
