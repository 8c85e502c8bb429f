"""After a decision: notices to members and officers, monitoring reports."""

from datetime import timedelta

from sqlmodel import func, select

from tests.claims.conftest import approve_ready, claim_for
from tests.factories import (
    add_member,
)
from tests.support import reason_in
from webapp.audit.models import AuditEvent
from webapp.claims.monitoring import flag_overdue_reports, reports_of, submit_report
from webapp.claims.workflow import (
    transition,
)
from webapp.db import utcnow
from webapp.notifications.models import Notification


def test_state_changes_notify_members_and_officers_in_app_and_by_email(app, db_session, setting):
    from pathlib import Path

    _, group, lead, officer = setting
    treasurer = add_member(db_session, group, role="treasurer")
    outbox = Path(app.config["MAIL_OUTBOX"])
    before = set(outbox.glob("*.eml"))
    claim = claim_for(db_session, setting)
    with app.app_context():
        transition(session=db_session, claim=claim, action="submit", actor=lead)
        db_session.commit()  # the test's savepoint; emails go out after a commit
    recipients = set(
        db_session.exec(select(Notification.user_id).where(Notification.kind == "claim_submitted"))
    )
    assert {lead.id, treasurer.id, officer.id} <= recipients
    sent = [p.read_text() for p in set(outbox.glob("*.eml")) - before]
    assert any(officer.email in text and "submitted a claim" in text for text in sent)


def test_monitoring_reports_fall_due_and_overdue_ones_are_flagged(app, db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    approve_ready(db_session, app, claim, lead=lead, officer=officer)
    transition(session=db_session, claim=claim, action="approve", actor=officer)
    transition(session=db_session, claim=claim, action="activate", actor=officer)
    [report] = reports_of(session=db_session, claim_id=claim.id)
    assert report.due_on > utcnow().date()
    late = report.due_on + timedelta(days=1)
    with app.app_context():
        assert flag_overdue_reports(session=db_session, today=late) == 1
        assert flag_overdue_reports(session=db_session, today=late) == 0  # once only
    flagged = db_session.exec(
        select(func.count()).select_from(Notification).where(Notification.kind == "report_overdue")
    ).one()
    assert flagged >= 2
    submit_report(
        session=db_session, claim=claim, report_id=report.id, summary="All mown.", by=lead
    )
    assert len(reports_of(session=db_session, claim_id=claim.id)) == 2  # the next one is due
    last = db_session.exec(
        select(AuditEvent).where(AuditEvent.object_type == "claim").order_by(AuditEvent.id.desc())
    ).first()
    assert (last.object_id, last.action, last.actor_id) == (claim.id, "report_submitted", lead.id)
    assert reason_in(app, last) == "The report due on 28 Feb 2027"
    assert report.due_on.isoformat() == "2027-02-28"


def test_each_reader_sees_a_notice_in_their_own_language(app, client, auth, db_session, setting):
    """The lead acts in Welsh; the officer reads in English, a member in Welsh. The notice
    keeps the menu's names in every language, so neither reads the other's."""
    _, group, lead, officer = setting
    member = add_member(db_session, group)
    claim = claim_for(db_session, setting)
    with app.test_request_context("/?lang=cy"):
        transition(session=db_session, claim=claim, action="submit", actor=lead)
    db_session.commit()
    auth.login(officer.email)
    english = client.get("/notifications?lang=en").get_data(as_text=True)
    assert "submitted a claim to run Grass cutting" in english
    auth.logout()
    auth.login(member.email)
    welsh = client.get("/notifications?lang=cy").get_data(as_text=True)
    assert "Torri gwair" in welsh and "Grass cutting" not in welsh


def test_an_overdue_notice_gives_its_date_in_the_readers_locale(
    app, client, auth, db_session, setting
):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    approve_ready(db_session, app, claim, lead=lead, officer=officer)
    transition(session=db_session, claim=claim, action="approve", actor=officer)
    transition(session=db_session, claim=claim, action="activate", actor=officer)
    [report] = reports_of(session=db_session, claim_id=claim.id)
    with app.test_request_context("/?lang=pl"):  # the nightly job's own locale is no one's
        flag_overdue_reports(session=db_session, today=report.due_on + timedelta(days=1))
    db_session.commit()
    auth.login(officer.email)
    page = client.get("/notifications?lang=en").get_data(as_text=True)
    due = report.due_on
    assert f"was due on {due.day} {due:%b} {due.year} " in page
