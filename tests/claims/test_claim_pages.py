"""Claims through the pages: who may see and draft them, upload and submit."""

import io

from sqlmodel import func, select

from tests.claims.conftest import PDF, claim_for
from tests.factories import (
    add_member,
    create_area,
    create_officer,
    create_user,
)
from webapp.claims.evidence import store_evidence
from webapp.claims.models import Claim


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
