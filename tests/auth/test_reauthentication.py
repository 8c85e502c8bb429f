"""Confirming the password again before a large approval, and coming back after."""

import pytest

from tests.admin.conftest import HX
from tests.ledger.conftest import instalments, make_world
from webapp.ledger.instalments import request_instalment

PASSWORD = {"password": "correct horse battery"}


@pytest.fixture
def large(app, client, auth, db_session):
    """A requested instalment above the council's threshold, and its approver signed
    in long enough ago to be asked for the password."""
    world = make_world(app, db_session, threshold=100_000)
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    auth.login(world.approver.email)
    with client.session_transaction() as cookie:
        cookie["auth_at"] = 0
    return world, first


def _confirm(client, prompt: str) -> str:
    """Where confirming the password at the prompt leads."""
    return client.post(prompt, data=PASSWORD).headers["Location"]


def test_with_htmx_the_officer_comes_back_to_the_list_they_approved_from(client, large):
    _, first = large
    response = client.post(
        f"/admin/instalments/{first.id}/approve",
        headers={**HX, "Referer": "http://localhost/admin/instalments?state=requested"},
    )

    assert _confirm(client, response.headers["HX-Redirect"]) == "/admin/instalments?state=requested"


def test_without_htmx_the_officer_comes_back_to_the_delegation_page(client, large):
    world, first = large
    page = f"/delegations/{world.delegation.id}"
    response = client.post(
        f"{page}/instalments/{first.id}/approve", headers={"Referer": f"http://localhost{page}"}
    )

    assert response.status_code == 302
    assert _confirm(client, response.headers["Location"]) == page


@pytest.mark.parametrize(
    "referrer",
    [None, "https://elsewhere.example/admin/instalments", "http://localhost.example/admin/"],
    ids=["none", "another-site", "a-host-that-starts-alike"],
)
def test_from_anywhere_else_the_officer_comes_back_to_the_dashboard(client, large, referrer):
    _, first = large
    headers = {"Referer": referrer} if referrer else {}
    response = client.post(f"/admin/instalments/{first.id}/approve", headers=headers)

    assert _confirm(client, response.headers["Location"]) == "/admin/"
