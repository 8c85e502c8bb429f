import time

import pytest

from tests.admin.conftest import HX
from tests.factories import create_officer, create_user
from tests.ledger.conftest import instalments, make_world
from webapp.auth.models import Role
from webapp.ledger.instalments import approve_instalment, request_instalment


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/claims", "/admin/instalments", "/admin/overview", "/admin/overview.csv"],
)
def test_admin_is_for_council_staff(client, auth, db_session, desk, url):
    world, _, _ = desk
    assert client.get(url).status_code == 302
    auth.login(world.lead.email)
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login(world.officer.email)
    assert client.get(url).status_code == 200


def test_another_councils_records_are_404(client, auth, db_session, desk):
    _world, first, claim = desk
    stranger = create_user(db_session, role=Role.FINANCE_APPROVER)
    auth.login(stranger.email)
    assert client.post(f"/admin/claims/{claim.id}/start_review").status_code == 404
    assert client.post(f"/admin/instalments/{first.id}/approve").status_code == 404
    page = client.get("/admin/claims").get_data(as_text=True)
    assert "0 claims" in page


@pytest.mark.parametrize("url", ["/admin/claims", "/admin/instalments"])
def test_queues_serve_page_or_results_and_vary(client, auth, desk, url):
    auth.login(desk[0].officer.email)
    full = client.get(url)
    fragment = client.get(url, headers=HX)
    assert "<html" in full.get_data(as_text=True)
    assert 'id="results"' not in fragment.get_data(as_text=True)  # what goes inside it
    assert 'id="results"' in full.get_data(as_text=True)
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


def test_inline_claim_decision_updates_the_row_and_the_counts(client, auth, db_session, desk):
    world, _, claim = desk
    auth.login(world.officer.email)
    response = client.post(f"/admin/claims/{claim.id}/start_review", headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr id="claim-row-{claim.id}"')
    assert "Under review" in body
    assert 'id="admin-nav" hx-swap-oob="true"' in body


def test_reject_without_reason_is_a_422_row_and_changes_nothing(client, auth, db_session, desk):
    world, _, claim = desk
    auth.login(world.officer.email)
    response = client.post(f"/admin/claims/{claim.id}/reject", data={"reason": ""}, headers=HX)
    assert response.status_code == 422
    assert "Give a reason" in response.get_data(as_text=True)
    db_session.refresh(claim)
    assert claim.state == "submitted"


def test_plain_forms_work_without_javascript(client, auth, db_session, desk):
    world, _, claim = desk
    auth.login(world.officer.email)
    response = client.post(
        f"/admin/claims/{claim.id}/reject",
        data={"reason": "Not enough members"},
        headers={"Referer": "http://localhost/admin/claims"},
    )
    assert response.status_code == 302
    db_session.refresh(claim)
    assert (claim.state, claim.rejection_reason) == ("rejected", "Not enough members")


def test_a_stale_page_cannot_decide_twice(client, auth, db_session, desk):
    world, _, claim = desk
    auth.login(world.officer.email)
    client.post(f"/admin/claims/{claim.id}/reject", data={"reason": "No"}, headers=HX)
    again = client.post(f"/admin/claims/{claim.id}/start_review", headers=HX)
    assert again.status_code == 422
    assert "cannot be done" in again.get_data(as_text=True)


def test_tampered_ids_and_actions_are_404(client, auth, desk):
    auth.login(desk[0].officer.email)
    assert client.post("/admin/claims/999999/approve").status_code == 404
    assert client.post(f"/admin/claims/{desk[2].id}/delete").status_code == 404
    assert client.post("/admin/instalments/999999/pay").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "min=abc&max=-5",
        "from=2020-13-45&to=yesterday",
        "page=-7&sort=drop",
        "area=%27%3B--&q=%00%25",
        "page=999999",
    ],
)
def test_nonsense_filters_never_fail(client, auth, desk, query):
    auth.login(desk[0].officer.email)
    for url in ("/admin/claims", "/admin/instalments"):
        assert client.get(f"{url}?{query}").status_code == 200


def test_filters_narrow_the_queue(client, auth, desk):
    world, _, _ = desk
    auth.login(world.approver.email)
    assert "1 instalment" in client.get("/admin/instalments?max=5000").get_data(as_text=True)
    assert "0 instalments" in client.get("/admin/instalments?min=5000").get_data(as_text=True)
    assert "0 instalments" in client.get("/admin/instalments?q=nobody").get_data(as_text=True)
    assert "1 instalment" in client.get(f"/admin/instalments?area={world.area.slug}").get_data(
        as_text=True
    )


def test_instalment_approval_shows_who_gave_the_first(app, client, auth, db_session):
    world = make_world(app, db_session, threshold=100_000)
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    auth.login(world.approver.email)
    body = client.post(f"/admin/instalments/{first.id}/approve", headers=HX).get_data(as_text=True)
    assert f"1 of 2 approvals: {world.approver.name}" in body
    again = client.post(f"/admin/instalments/{first.id}/approve", headers=HX)
    assert again.status_code == 422 and "second officer" in again.get_data(as_text=True)


def test_paying_needs_a_confirmation(client, auth, db_session, desk):
    world, first, _ = desk
    auth.login(world.approver.email)
    client.post(f"/admin/instalments/{first.id}/approve", headers=HX)
    unconfirmed = client.post(f"/admin/instalments/{first.id}/pay", headers=HX)
    assert unconfirmed.status_code == 422
    db_session.refresh(first)
    assert first.state == "approved"
    paid = client.post(f"/admin/instalments/{first.id}/pay", data={"confirm": "yes"}, headers=HX)
    assert paid.status_code == 200 and "Paid" in paid.get_data(as_text=True)


def test_bulk_approval_checks_each_row(app, client, auth, db_session):
    world = make_world(app, db_session)
    plan = instalments(db_session, world)
    for instalment in plan[:3]:
        request_instalment(session=db_session, instalment_id=instalment.id, actor=world.treasurer)
    approve_instalment(session=db_session, instalment_id=plan[2].id, officer=world.approver)
    auth.login(world.second_approver.email)
    body = client.post(
        "/admin/instalments/bulk-approve",
        data={"ids": [plan[0].id, plan[1].id, plan[2].id, 999999]},
        headers=HX,
    ).get_data(as_text=True)
    listed = body.split('<ul class="results-list">')[1].split("</ul>")[0]
    assert listed.count("Approved") == 2
    status = body.split('id="results-status"')[1]  # said once by screen readers
    assert status.count("Approved") == 2 and "Not found." in status
    assert "in its current state" in body  # approved already
    assert "Not found." in body


def test_large_approvals_need_a_fresh_password(app, client, auth, db_session):
    world = make_world(app, db_session, threshold=100_000)
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    auth.login(world.approver.email)
    with client.session_transaction() as cookie:
        cookie["auth_at"] = int(time.time()) - 3600
    response = client.post(f"/admin/instalments/{first.id}/approve", headers=HX)
    assert response.status_code == 204 and "/reauthenticate" in response.headers["HX-Redirect"]
    client.post("/reauthenticate", data={"password": "correct horse battery"})
    assert client.post(f"/admin/instalments/{first.id}/approve", headers=HX).status_code == 200


@pytest.mark.parametrize("stamp", ["login_at", "seen_at"])
def test_officer_sessions_expire(client, auth, db_session, desk, stamp):
    auth.login(desk[0].officer.email)
    with client.session_transaction() as cookie:
        cookie[stamp] = int(time.time()) - 9 * 3600
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/admin/").status_code == 302  # signed out


def test_overview_counts_money_and_turnout(client, auth, desk):
    auth.login(desk[0].officer.email)
    page = client.get("/admin/overview").get_data(as_text=True)
    assert "£15,000.00" in page
    csv_text = client.get("/admin/overview.csv").get_data(as_text=True)
    assert "grass-cutting" in csv_text and ",1500000," in csv_text


def test_officers_of_the_council_see_round_and_area_history(client, auth, db_session, app):
    from tests.factories import create_round

    with app.app_context():
        voting_round, area, _ = create_round(db_session, voters=1)
    auth.login(create_officer(db_session, area).email)
    client.post(f"/officer/rounds/{voting_round.id}/letters/1", data={"reissue": "1"})
    page = client.get(f"/officer/rounds/{voting_round.id}").get_data(as_text=True)
    assert "Unused ballot codes reissued" in page


def test_an_active_delegation_is_suspended_inline_with_a_reason(client, auth, db_session, desk):
    world, _, _ = desk
    auth.login(world.officer.email)
    page = client.get("/admin/claims?status=active").get_data(as_text=True)
    assert f"claim-row-{world.claim.id}" in page and "Suspend" in page
    missing = client.post(
        f"/admin/claims/{world.claim.id}/suspend", data={"reason": ""}, headers=HX
    )
    assert missing.status_code == 422
    done = client.post(
        f"/admin/claims/{world.claim.id}/suspend", data={"reason": "Audit"}, headers=HX
    )
    assert done.status_code == 200 and "Suspended" in done.get_data(as_text=True)


def test_filters_with_nul_bytes_find_nothing_rather_than_failing(client, auth, desk):
    auth.login(desk[0].officer.email)
    for url in ("/admin/claims", "/admin/instalments"):
        assert (
            client.get(
                url, query_string={"q": "\x00", "area": "a\x00b", "function": "\x00"}
            ).status_code
            == 200
        )
