"""Every group and claim page, for every kind of person: who may see and change what."""

import pytest

from tests.claims.conftest import PDF, TEXTS
from tests.factories import (
    add_member,
    create_area,
    create_council,
    create_group,
    create_menu,
    create_officer,
    create_user,
)
from webapp.auth.models import Role
from webapp.claims.evidence import store_evidence
from webapp.claims.services import draft_claim

ROLES = ["anonymous", "stranger", "member", "treasurer", "lead", "officer", "other_officer"]
SEES = {"member", "treasurer", "lead", "officer"}


@pytest.fixture
def world(app, db_session):
    council = create_council(db_session)
    area = create_area(db_session, council=council, menu=create_menu(db_session, council))
    lead = create_user(db_session)
    group = create_group(db_session, council=council, lead=lead)
    claim = draft_claim(
        session=db_session,
        group=group,
        area=area,
        function_key="grass-cutting",
        level_key="delegate",
        by=lead,
        **TEXTS,
    )
    with app.app_context():
        evidence = store_evidence(
            session=db_session, claim=claim, data=PDF, filename="a.pdf", condition_key=None, by=lead
        )
    people = {
        "stranger": create_user(db_session),
        "member": add_member(db_session, group, "member"),
        "treasurer": add_member(db_session, group, "treasurer"),
        "lead": lead,
        "officer": create_officer(db_session, area),
        "other_officer": create_user(db_session, role=Role.OFFICER),
    }
    return {"group": group, "claim": claim, "evidence": evidence, "people": people}


def expected(view: str, role: str) -> int:
    if role == "anonymous":
        return 302
    if view in ("group", "claim", "evidence"):
        return 200 if role in SEES else 404
    if view in ("new_claim", "edit"):
        if role in ("stranger", "other_officer"):
            return 404
        return 200 if role in ("lead", "treasurer") else 403
    if view == "invite":
        if role in ("stranger", "other_officer"):
            return 404
        return 200 if role == "lead" else 403
    raise AssertionError(view)


VIEWS = {
    "group": ("GET", "/groups/{group}", {}),
    "claim": ("GET", "/claims/{claim}", {}),
    "evidence": ("GET", "/claims/{claim}/evidence/{evidence}", {}),
    "new_claim": ("GET", "/groups/{group}/claims/new", {}),
    "invite": ("POST", "/groups/{group}/invitations", {"role": "member"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_access(client, auth, world, view, role):
    method, url, data = VIEWS[view]
    url = url.format(
        group=world["group"].id, claim=world["claim"].id, evidence=world["evidence"].id
    )
    if role != "anonymous":
        auth.login(world["people"][role].email)
    with client.open(url, method=method, data=data) as response:
        assert response.status_code == expected(view, role)


@pytest.mark.parametrize("role", ["stranger", "member", "officer", "other_officer"])
def test_only_group_editors_submit(client, auth, world, role):
    auth.login(world["people"][role].email)
    response = client.post(f"/claims/{world['claim'].id}/actions/submit", follow_redirects=True)
    if role in ("stranger", "other_officer"):
        assert response.status_code == 404
    else:
        assert "You are not allowed to do that" in response.get_data(as_text=True)
        assert world["claim"].state == "draft"


@pytest.mark.parametrize("role", ["member", "treasurer", "lead"])
def test_group_members_cannot_take_officer_steps(client, auth, world, role):
    auth.login(world["people"][role].email)
    for action in ("start_review", "approve", "reject"):
        response = client.post(
            f"/claims/{world['claim'].id}/actions/{action}",
            data={"reason": "x"},
            follow_redirects=True,
        )
        page = response.get_data(as_text=True)
        assert "cannot be done" in page or "not allowed" in page
    assert world["claim"].state == "draft"


def test_an_officer_in_the_group_is_offered_no_officer_step_and_is_told_why(
    client, auth, db_session, world
):
    claim, officer = world["claim"], world["people"]["officer"]
    auth.login(officer.email)
    assert 'id="override-reason"' in client.get(f"/claims/{claim.id}").get_data(as_text=True)
    add_member(db_session, world["group"], "member", user=officer)
    assert 'id="override-reason"' not in client.get(f"/claims/{claim.id}").get_data(as_text=True)
    response = client.post(
        f"/claims/{claim.id}/override", data={"reason": "Mine"}, follow_redirects=True
    )
    assert "a colleague at the council must decide it" in response.get_data(as_text=True)
    assert claim.mandate_override_reason is None
