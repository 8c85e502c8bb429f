"""Claims through the pages: who may see and draft them, upload and submit."""

import io

import pytest
from sqlmodel import func, select

from tests.claims.conftest import PDF, TEXTS, claim_for
from tests.factories import (
    add_member,
    create_area,
    create_officer,
    create_user,
)
from tests.support import reason_in
from webapp.audit.models import AuditEvent
from webapp.claims.evidence import download_name, store_evidence
from webapp.claims.models import Claim, Evidence
from webapp.claims.workflow import transition


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
    assert "1 KB" in ok.get_data(as_text=True)  # a file under 512 bytes is not "0 KB"
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


def _upload(client, session, claim, name: str, data: bytes) -> Evidence:
    client.post(
        f"/claims/{claim.id}/evidence",
        data={"file": (io.BytesIO(data), name), "condition": "insurance"},
        content_type="multipart/form-data",
    )
    return session.exec(select(Evidence).where(Evidence.claim_id == claim.id)).one()


@pytest.mark.parametrize(
    ("name", "data", "downloaded"),
    [
        ("insurance.html", PDF + b"<script>alert(1)</script>", "insurance.html.pdf"),
        ("insurance.bat", PDF + b"\r\nstart calc.exe\r\n", "insurance.bat.pdf"),
        ("photo.JPEG", b"\xff\xd8\xff" + b"0" * 50, "photo.JPEG"),
        ("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50, "scan.pdf.png"),
    ],
)
def test_evidence_downloads_with_the_extension_of_its_checked_type(
    client, auth, db_session, setting, name, data, downloaded
):
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    auth.login(lead.email)
    evidence = _upload(client, db_session, claim, name, data)
    auth.logout()
    auth.login(officer.email)
    response = client.get(f"/claims/{claim.id}/evidence/{evidence.id}")
    assert response.headers["Content-Disposition"] == f"attachment; filename={downloaded}"


def test_control_characters_are_dropped_from_evidence_names(
    app, client, auth, db_session, setting, monkeypatch
):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    _, _, lead, officer = setting
    claim = claim_for(db_session, setting)
    auth.login(lead.email)
    body = (  # a line break can only be sent percent-encoded, in filename*=
        b"--XyZ\r\n"
        b"Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''insurance%0D%0A%00.pdf\r\n"
        b"Content-Type: application/pdf\r\n\r\n" + PDF + b"\r\n"
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="condition"\r\n\r\ninsurance\r\n'
        b"--XyZ--\r\n"
    )
    client.post(
        f"/claims/{claim.id}/evidence", data=body, content_type="multipart/form-data; boundary=XyZ"
    )
    evidence = db_session.exec(select(Evidence).where(Evidence.claim_id == claim.id)).one()
    assert evidence.original_name == "insurance.pdf"
    auth.logout()
    auth.login(officer.email)
    response = client.get(f"/claims/{claim.id}/evidence/{evidence.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=insurance.pdf"


@pytest.mark.parametrize("sent", ["\x00\x01\r\n", "  ", ""])
def test_an_evidence_name_of_nothing_printable_is_document(app, db_session, setting, sent):
    with app.app_context():
        evidence = store_evidence(
            session=db_session,
            claim=claim_for(db_session, setting),
            data=PDF,
            filename=sent,
            condition_key=None,
            by=setting[2],
        )
    assert evidence.original_name == "document"
    assert download_name(evidence) == "document.pdf"


def test_uploads_and_draft_edits_are_in_the_claims_history(app, client, auth, db_session, setting):
    _, _, lead, _ = setting
    claim = claim_for(db_session, setting)
    auth.login(lead.email)
    _upload(client, db_session, claim, "insurance.pdf", PDF)
    client.post(
        f"/claims/{claim.id}/edit",
        data={**TEXTS, "delivery": "A different plan.", "start_date": "2027-05-01"},
    )
    trail = db_session.exec(
        select(AuditEvent)
        .where(AuditEvent.object_type == "claim", AuditEvent.object_id == claim.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id, reason_in(app, e)) for e in trail[1:]] == [
        ("evidence_uploaded", lead.id, "insurance.pdf, for “Public liability insurance”"),
        ("draft_edited", lead.id, "Changed: What will the group deliver? and Start date"),
    ]
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Document added" in page and "Draft changed" in page


@pytest.mark.parametrize("lang", ["ur", "bn", "so", "pa"])
def test_claim_form_errors_are_never_wtforms_english(client, auth, db_session, setting, lang):
    area, group, lead, _ = setting
    auth.login(lead.email)
    client.get(f"/groups/{group.id}/claims/new?lang={lang}")
    response = client.post(
        f"/groups/{group.id}/claims/new",
        data={
            "service": f"{area.id}:grass-cutting",
            "level": "",
            "delivery": "x" * 5001,
            "start_date": "2027-02-31",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'<html lang="{lang}"' in page
    for english in ("Not a valid", "cannot be longer than", "This field is required"):
        assert english not in page


def test_levels_are_named_in_the_menus_words_the_residents_voted_with(
    client, auth, db_session, setting
):
    """The menu names its ladder ("Rhedeg o ddydd i ddydd" in Welsh); the claim form and
    the claim's mandate use those names, not a second set of the interface's own."""
    _area, group, lead, _ = setting
    claim = claim_for(db_session, setting)
    db_session.commit()
    auth.login(lead.email)
    form = client.get(f"/groups/{group.id}/claims/new?lang=cy").get_data(as_text=True)
    assert '<option value="delegate">Rhedeg o ddydd i ddydd</option>' in form
    page = client.get(f"/claims/{claim.id}?lang=cy").get_data(as_text=True)
    assert "“Rhedeg o ddydd i ddydd”" in page


def test_an_officer_is_told_why_a_condition_cannot_be_checked_yet(
    client, auth, db_session, setting
):
    _area, _group, lead, officer = setting
    claim = claim_for(db_session, setting)
    transition(session=db_session, claim=claim, action="submit", actor=lead)
    db_session.commit()
    auth.login(officer.email)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "The group has not added any documents yet" in page
