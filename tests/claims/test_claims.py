import io
from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from tests.factories import (
    add_member,
    create_area,
    create_council,
    create_group,
    create_menu,
    create_officer,
    create_round,
    create_user,
)
from webapp.audit.models import AuditEvent
from webapp.claims.evidence import EvidenceTooLarge, EvidenceWrongType, store_evidence
from webapp.claims.models import Claim, ClaimState
from webapp.claims.monitoring import flag_overdue_reports, reports_of, submit_report
from webapp.claims.services import NotOnMenu, WrongCouncil, check_condition, draft_claim
from webapp.claims.workflow import (
    ClaimIncomplete,
    ConditionsOutstanding,
    FunctionTaken,
    IllegalTransition,
    NoMandate,
    NotAllowed,
    ReasonRequired,
    override_mandate,
    transition,
)
from webapp.db import utcnow
from webapp.notifications.models import Notification
from webapp.voting.ballots import cast_ballot, find_code

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
TEXTS = {
    "delivery": "Mowing every fortnight.",
    "capability": "Ten volunteers.",
    "finances": "Two signatories.",
    "involvement": "Open meetings.",
    "outcomes": "Tidier lawns.",
    "start_date": date(2027, 4, 1),
}


@pytest.fixture
def setting(app, db_session):
    """An area whose closed vote chose "delegate" for grass cutting, a group, an officer."""
    council = create_council(db_session)
    area = create_area(db_session, council=council, menu=create_menu(db_session, council))
    with app.app_context():
        voting_round, _, codes = create_round(db_session, area=area, voters=3)
        for code in codes:
            cast_ballot(
                session=db_session,
                voting_round=voting_round,
                code=find_code(session=db_session, voting_round=voting_round, typed=code),
                choices={"grass-cutting": "delegate", "caretaking": "consult"},
            )
    voting_round.closes_at = utcnow() - timedelta(minutes=1)
    db_session.flush()
    lead = create_user(db_session)
    group = create_group(db_session, council=council, lead=lead)
    officer = create_officer(db_session, area)
    return area, group, lead, officer


def claim_for(session, setting, level="delegate", function="grass-cutting", **texts):
    area, group, lead, _ = setting
    return draft_claim(
        session=session,
        group=group,
        area=area,
        function_key=function,
        level_key=level,
        by=lead,
        **{**TEXTS, **texts},
    )


def approve_ready(session, app, claim, setting):
    """Submit, review and evidence every condition of a claim."""
    _, _, lead, officer = setting
    transition(session=session, claim=claim, action="submit", actor=lead)
    transition(session=session, claim=claim, action="start_review", actor=officer)
    with app.app_context():
        evidence = store_evidence(
            session=session,
            claim=claim,
            data=PDF,
            filename="insurance.pdf",
            condition_key="insurance",
            by=lead,
        )
    check_condition(
        session=session, claim=claim, condition_key="insurance", evidence_id=evidence.id, by=officer
    )


def test_a_claim_the_vote_supports_goes_through_every_state(app, db_session, setting):
    _, _, _lead, officer = setting
    claim = claim_for(db_session, setting)
    approve_ready(db_session, app, claim, setting)
    for action in ("approve", "activate"):
        transition(session=db_session, claim=claim, action=action, actor=officer)
    assert claim.state == ClaimState.ACTIVE
    transition(
        session=db_session, claim=claim, action="suspend", actor=officer, reason="Mowing stopped"
    )
    transition(session=db_session, claim=claim, action="reinstate", actor=officer)
    transition(
        session=db_session, claim=claim, action="revoke", actor=officer, reason="Insurance lapsed"
    )
    trail = db_session.exec(
        select(AuditEvent.action, AuditEvent.from_state, AuditEvent.to_state)
        .where(AuditEvent.object_type == "claim", AuditEvent.object_id == claim.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [t[0] for t in trail] == [
        "drafted",
        "submit",
        "start_review",
        "condition_checked",
        "approve",
        "activate",
        "suspend",
        "reinstate",
        "revoke",
    ]
    assert trail[1][1:] == ("draft", "submitted")
    assert trail[-1][1:] == ("active", "revoked")


def test_the_vote_must_support_the_level(db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting, level="control")
    with pytest.raises(NoMandate):
        transition(session=db_session, claim=claim, action="submit", actor=lead)
    assert claim.state == ClaimState.DRAFT
    override_mandate(session=db_session, claim=claim, actor=officer, reason="Exceptional case")
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    assert claim.state == ClaimState.SUBMITTED


def test_no_closed_vote_means_no_mandate(db_session):
    council = create_council(db_session)
    area = create_area(db_session, council=council, menu=create_menu(db_session, council))
    lead = create_user(db_session)
    group = create_group(db_session, council=council, lead=lead)
    claim = draft_claim(
        session=db_session,
        group=group,
        area=area,
        function_key="grass-cutting",
        level_key="consult",
        by=lead,
        **TEXTS,
    )
    with pytest.raises(NoMandate):
        transition(session=db_session, claim=claim, action="submit", actor=lead)


def test_override_needs_an_officer_and_a_reason(db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting, level="control")
    with pytest.raises(NotAllowed):
        override_mandate(session=db_session, claim=claim, actor=lead, reason="Please")
    with pytest.raises(ReasonRequired):
        override_mandate(session=db_session, claim=claim, actor=officer, reason="  ")


def test_illegal_transitions_raise(db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    with pytest.raises(IllegalTransition):
        transition(session=db_session, claim=claim, action="approve", actor=officer)
    with pytest.raises(IllegalTransition):
        transition(session=db_session, claim=claim, action="fly", actor=officer)
    with pytest.raises(NotAllowed):
        transition(session=db_session, claim=claim, action="submit", actor=officer)
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    with pytest.raises(NotAllowed):
        transition(session=db_session, claim=claim, action="start_review", actor=lead)


def test_incomplete_claims_cannot_be_submitted(db_session, setting):
    claim = claim_for(db_session, setting, outcomes="  ")
    with pytest.raises(ClaimIncomplete):
        transition(session=db_session, claim=claim, action="submit", actor=setting[2])


def test_rejection_needs_a_reason_which_is_published(client, db_session, setting):
    area, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    with pytest.raises(ReasonRequired):
        transition(session=db_session, claim=claim, action="reject", actor=officer)
    transition(
        session=db_session,
        claim=claim,
        action="reject",
        actor=officer,
        reason="No safeguarding policy yet",
    )
    page = client.get(f"/areas/{area.slug}").get_data(as_text=True)
    assert "Reason: No safeguarding policy yet" in page


def test_approval_needs_every_condition_checked_against_evidence(app, db_session, setting):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    transition(session=db_session, claim=claim, action="start_review", actor=officer)
    with pytest.raises(ConditionsOutstanding):
        transition(session=db_session, claim=claim, action="approve", actor=officer)


def test_one_holder_per_function_in_services_and_database(app, db_session, setting):
    area, group, _lead, officer = setting
    claim = claim_for(db_session, setting)
    approve_ready(db_session, app, claim, setting)
    transition(session=db_session, claim=claim, action="approve", actor=officer)
    with pytest.raises(FunctionTaken):
        claim_for(db_session, setting)
    rival = Claim(
        group_id=group.id,
        area_id=area.id,
        menu_version_id=claim.menu_version_id,
        function_key="grass-cutting",
        level_key="consult",
        state=ClaimState.ACTIVE,
    )
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.add(rival)
        db_session.flush()


def test_claims_must_be_on_the_menu_and_in_the_council(db_session, setting):
    _area, group, lead, _ = setting
    with pytest.raises(NotOnMenu):
        claim_for(db_session, setting, level="involve")  # not offered on the test menu
    elsewhere = create_area(db_session, menu=create_menu(db_session, create_council(db_session)))
    with pytest.raises(WrongCouncil):
        draft_claim(
            session=db_session,
            group=group,
            area=elsewhere,
            function_key="grass-cutting",
            level_key="consult",
            by=lead,
        )


def test_evidence_is_checked_by_content_and_size(app, db_session, setting):
    claim = claim_for(db_session, setting)
    with app.app_context():
        with pytest.raises(EvidenceWrongType):
            store_evidence(
                session=db_session,
                claim=claim,
                data=b"<html>not a pdf</html>",
                filename="insurance.pdf",
                condition_key=None,
                by=setting[2],
            )
        with pytest.raises(EvidenceTooLarge):
            store_evidence(
                session=db_session,
                claim=claim,
                data=PDF + b"0" * (10 * 1024 * 1024),
                filename="big.pdf",
                condition_key=None,
                by=setting[2],
            )
        png = store_evidence(
            session=db_session,
            claim=claim,
            data=b"\x89PNG\r\n\x1a\n" + b"0" * 50,
            filename="../../etc/passwd.png",
            condition_key=None,
            by=setting[2],
        )
    assert png.content_type == "image/png"
    assert png.original_name == "passwd.png"
    assert len(png.stored_name) == 32 and "passwd" not in png.stored_name


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
    approve_ready(db_session, app, claim, setting)
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


def test_claim_pages_respect_membership(client, auth, app, db_session, setting):
    _area, _group, lead, officer = setting
    claim = claim_for(db_session, setting)
    with app.app_context():
        evidence = store_evidence(
            session=db_session,
            claim=claim,
            data=PDF,
            filename="plan.pdf",
            condition_key=None,
            by=lead,
        )
    urls = [f"/claims/{claim.id}", f"/claims/{claim.id}/evidence/{evidence.id}"]
    for user, expected in [
        (lead, 200),
        (officer, 200),
        (create_user(db_session), 404),
        (create_officer(db_session, create_area(db_session)), 404),
    ]:
        auth.login(user.email)
        for url in urls:
            with client.get(url) as response:
                assert response.status_code == expected, (user.email, url)
        auth.logout()


def test_upload_and_submit_through_the_pages(client, auth, db_session, setting):
    _, _group, lead, _ = setting
    auth.login(lead.email)
    claim = claim_for(db_session, setting)
    lie = client.post(
        f"/claims/{claim.id}/evidence",
        data={
            "file": (io.BytesIO(b"MZ\x90\x00 an exe"), "insurance.pdf"),
            "condition": "insurance",
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "whatever its name says" in lie.get_data(as_text=True)
    ok = client.post(
        f"/claims/{claim.id}/evidence",
        data={"file": (io.BytesIO(PDF), "insurance.pdf"), "condition": "insurance"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "insurance.pdf" in ok.get_data(as_text=True)
    response = client.post(f"/claims/{claim.id}/actions/submit", data={}, follow_redirects=True)
    assert "Submitted: waiting for the council" in response.get_data(as_text=True)


def test_drafting_a_claim_through_the_page(client, auth, db_session, setting):
    area, group, lead, _ = setting
    auth.login(lead.email)
    page = client.get(f"/groups/{group.id}/claims/new").get_data(as_text=True)
    assert f'<optgroup label="{area.name}">' in page
    form = {"service": f"{area.id}:grass-cutting", "level": "delegate", "delivery": "Mowing."}
    not_offered = client.post(f"/groups/{group.id}/claims/new", data={**form, "level": "involve"})
    assert not_offered.status_code == 422
    assert "not on this area" in not_offered.get_data(as_text=True)
    assert db_session.exec(select(func.count()).select_from(Claim)).one() == 0
    response = client.post(f"/groups/{group.id}/claims/new", data=form)
    assert response.status_code == 302
    assert "Draft saved" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_only_leads_and_treasurers_draft_claims(client, auth, db_session, setting):
    _, group, _, officer = setting
    member = add_member(db_session, group, role="member")
    auth.login(member.email)
    assert client.get(f"/groups/{group.id}/claims/new").status_code == 403
    auth.logout()
    auth.login(officer.email)
    assert client.get(f"/groups/{group.id}/claims/new").status_code == 403
