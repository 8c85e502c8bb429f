"""Until voting opens, officers may change a round's dates and quorum (moving it to
the area's latest menu) or cancel it; once it opens, neither."""

from datetime import timedelta

from sqlmodel import func, select

from tests.factories import create_menu, create_officer, create_round
from webapp.areas.models import Council
from webapp.audit.models import AuditEvent
from webapp.db import utcnow
from webapp.voting.models import BallotCode, VotingRound
from webapp.voting.rounds import utc_to_london


def uk(moment) -> str:
    return utc_to_london(moment).strftime("%Y-%m-%dT%H:%M")


def later_round(app, db_session, **kwargs):
    with app.app_context():
        return create_round(
            db_session, opens_in=timedelta(days=7), closes_in=timedelta(days=21), **kwargs
        )


def actions(session, round_id) -> list[str]:
    return session.exec(
        select(AuditEvent.action).where(
            AuditEvent.object_type == "round", AuditEvent.object_id == round_id
        )
    ).all()


def test_an_officer_moves_a_round_not_yet_open_to_a_corrected_menu(app, client, auth, db_session):
    voting_round, area, codes = later_round(app, db_session)
    corrected = create_menu(db_session, db_session.get(Council, area.council_id), cost=3600)
    auth.login(create_officer(db_session, area).email)
    page = client.get(f"/officer/rounds/{voting_round.id}/change").get_data(as_text=True)
    assert f'value="{uk(voting_round.opens_at)}"' in page  # the current times, in UK time

    opens, closes = utcnow() + timedelta(days=8), utcnow() + timedelta(days=22)
    response = client.post(
        f"/officer/rounds/{voting_round.id}/change",
        data={"opens_at": uk(opens), "closes_at": uk(closes), "quorum_percent": "25"},
    )
    assert response.status_code == 302
    db_session.refresh(voting_round)
    assert voting_round.menu_version_id == corrected.id
    assert voting_round.quorum_percent == 25
    assert uk(voting_round.opens_at) == uk(opens)
    assert "rescheduled" in actions(db_session, voting_round.id)
    live = select(func.count()).select_from(BallotCode).where(BallotCode.revoked_at.is_(None))
    assert db_session.exec(live).one() == len(codes)  # the letters keep working


def test_a_change_may_not_overlap_another_round(app, client, auth, db_session):
    voting_round, area, _ = later_round(app, db_session)
    with app.app_context():
        create_round(
            db_session, area=area, opens_in=timedelta(days=30), closes_in=timedelta(days=40)
        )
    auth.login(create_officer(db_session, area).email)
    response = client.post(
        f"/officer/rounds/{voting_round.id}/change",
        data={
            "opens_at": uk(voting_round.opens_at),
            "closes_at": uk(utcnow() + timedelta(days=35)),
            "quorum_percent": "20",
        },
    )
    assert response.status_code == 422
    assert "Another round in this area overlaps those dates." in response.get_data(as_text=True)


def test_an_open_round_cannot_be_changed_or_cancelled(app, client, auth, db_session):
    with app.app_context():
        voting_round, area, _ = create_round(db_session)  # opened an hour ago
    auth.login(create_officer(db_session, area).email)
    page = client.get(f"/officer/rounds/{voting_round.id}/change").get_data(as_text=True)
    assert "can no longer be changed or cancelled" in page and 'name="opens_at"' not in page
    changed = client.post(
        f"/officer/rounds/{voting_round.id}/change",
        data={
            "opens_at": uk(utcnow() + timedelta(days=1)),
            "closes_at": uk(utcnow() + timedelta(days=9)),
            "quorum_percent": "50",
        },
    )
    assert changed.status_code == 422
    cancelled = client.post(f"/officer/rounds/{voting_round.id}/cancel", follow_redirects=True)
    assert "can no longer be changed or cancelled" in cancelled.get_data(as_text=True)
    db_session.refresh(voting_round)
    assert voting_round.quorum_percent == 0
    assert actions(db_session, voting_round.id) == []


def test_an_officer_cancels_a_round_not_yet_open(app, client, auth, db_session):
    voting_round, area, codes = later_round(app, db_session)
    round_id = voting_round.id
    auth.login(create_officer(db_session, area).email)
    page = client.get(f"/officer/rounds/{round_id}").get_data(as_text=True)
    assert f"/officer/rounds/{round_id}/change" in page
    response = client.post(f"/officer/rounds/{round_id}/cancel", follow_redirects=True)
    assert "The round is cancelled" in response.get_data(as_text=True)
    # The round's page is gone; the area's page keeps the cancellation in its history.
    area_page = client.get(f"/officer/areas/{area.slug}").get_data(as_text=True)
    assert "Vote cancelled" in area_page
    assert f"Vote {round_id}, " in area_page and f"; {len(codes)} codes withdrawn" in area_page
    db_session.expire_all()
    assert db_session.get(VotingRound, round_id) is None
    assert db_session.exec(select(func.count()).select_from(BallotCode)).one() == 0
    [event] = db_session.exec(
        select(AuditEvent).where(
            AuditEvent.object_type == "round", AuditEvent.object_id == round_id
        )
    ).all()
    assert (event.action, event.reason_key, event.reason_params["codes"]) == (
        "cancelled",
        "round_cancelled",
        len(codes),
    )


def test_a_round_scheduled_after_a_cancellation_has_only_its_own_history(
    app, client, auth, db_session
):
    """SQLite numbers a new row after the highest left, so the next round can take the
    cancelled round's id: its page must not show that round's trail, least of all to
    another council."""
    voting_round, area, _codes = later_round(app, db_session)
    auth.login(create_officer(db_session, area).email)
    assert client.post(f"/officer/rounds/{voting_round.id}/cancel").status_code == 302
    db_session.expunge(voting_round)
    with app.app_context():
        other_round, other_area, _ = later_round(app, db_session)  # another council's
    auth.logout()
    auth.login(create_officer(db_session, other_area).email)
    page = client.get(f"/officer/rounds/{other_round.id}").get_data(as_text=True)
    assert "codes withdrawn" not in page and "Vote cancelled" not in page
