"""A page shows an object's latest events, oldest first, and says when earlier ones
are left out: a round records one event per paper ballot."""

from tests.factories import create_group, create_user
from webapp.audit.services import events_for, record_event

NOTE = "Only the most recent entries are shown here; earlier ones are kept."


def reasons(trail) -> list[str]:
    return [str(why) for _event, _actor, why in trail]


def test_only_the_latest_events_are_shown_oldest_first(db_session, monkeypatch):
    monkeypatch.setattr("webapp.audit.services.HISTORY_SHOWN", 3)
    for n in range(5):
        record_event(
            session=db_session,
            object_type="group",
            object_id=999,
            action="note",
            actor=None,
            reason=f"typed {n}",
        )
    trail = events_for(session=db_session, object_type="group", object_id=999)
    assert reasons(trail) == ["typed 2", "typed 3", "typed 4"] and trail.earlier_hidden
    everything = events_for(session=db_session, object_type="group", object_id=998)
    assert list(everything) == [] and not everything.earlier_hidden


def test_the_page_says_when_earlier_events_are_left_out(client, auth, db_session, monkeypatch):
    lead = create_user(db_session)
    group = create_group(db_session, lead=lead)
    auth.login(lead.email)
    assert NOTE not in client.get(f"/groups/{group.id}").get_data(as_text=True)
    monkeypatch.setattr("webapp.audit.services.HISTORY_SHOWN", 1)
    record_event(
        session=db_session, object_type="group", object_id=group.id, action="note", actor=lead
    )
    assert NOTE in client.get(f"/groups/{group.id}").get_data(as_text=True)
