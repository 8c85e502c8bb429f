import re

import pytest
from sqlmodel import select

from tests.factories import create_area, create_council, create_menu, create_officer, create_user
from tests.ledger.conftest import make_world
from tests.support import reason_in
from webapp.audit.models import AuditEvent
from webapp.auth.models import Role
from webapp.claims.workflow import transition
from webapp.ledger.instalments import request_instalment
from webapp.ledger.models import Instalment, RebatePosting


def other_councils_area(session):
    council = create_council(session)
    return create_area(session, council=council, menu=create_menu(session, council))


def first_instalment(session, world):
    return session.exec(
        select(Instalment).where(
            Instalment.delegation_id == world.delegation.id, Instalment.number == 1
        )
    ).one()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead", 200),
        ("treasurer", 200),
        ("officer", 200),
        ("approver", 200),
        ("stranger", 404),
        ("other_officer", 404),
        ("anonymous", 302),
    ],
)
def test_delegation_page_access(client, auth, db_session, world, who, status):
    people = {
        "lead": world.lead,
        "treasurer": world.treasurer,
        "officer": world.officer,
        "approver": world.approver,
        "stranger": create_user(db_session),
        "other_officer": create_user(db_session, role=Role.FINANCE_APPROVER),
    }
    if who != "anonymous":
        auth.login(people[who].email)
    assert client.get(f"/delegations/{world.delegation.id}").status_code == status
    assert client.get(f"/statements/group/{world.group.id}").status_code == status


def test_request_approve_and_pay_through_the_pages(client, auth, db_session, world):
    instalment = first_instalment(db_session, world)
    base = f"/delegations/{world.delegation.id}/instalments/{instalment.id}"
    auth.login(world.treasurer.email)
    client.post(f"{base}/request")
    db_session.refresh(instalment)
    assert instalment.state == "requested"
    auth.logout()
    auth.login(world.approver.email)
    client.post(f"{base}/approve")
    unconfirmed = client.post(f"{base}/pay", data={}, follow_redirects=True)
    assert "Tick the box to confirm the payment." in unconfirmed.get_data(as_text=True)
    db_session.refresh(instalment)
    assert instalment.state == "approved"
    client.post(f"{base}/pay", data={"confirm": "y"})
    db_session.refresh(instalment)
    assert instalment.state == "paid"
    page = client.get(f"/delegations/{world.delegation.id}").get_data(as_text=True)
    assert "Paid so far" in page and "£3,750.00" in page
    csv_text = client.get(f"/statements/group/{world.group.id}.csv").get_data(as_text=True)
    assert csv_text.splitlines()[-1].endswith(",375000")


@pytest.mark.parametrize("action", ["approve", "pay"])
def test_another_councils_large_instalment_is_404_before_any_password_prompt(
    app, client, auth, db_session, action
):
    world = make_world(app, db_session, threshold=100_000)  # every instalment is large
    first = first_instalment(db_session, world)
    stranger = create_officer(
        db_session, other_councils_area(db_session), role=Role.FINANCE_APPROVER
    )
    db_session.commit()
    auth.login(stranger.email)
    with client.session_transaction() as cookie:
        cookie["auth_at"] = 0  # signed in a while ago
    base = f"/delegations/{world.delegation.id}/instalments"
    assert client.post(f"{base}/{first.id}/{action}").status_code == 404
    auth.logout()
    auth.login(world.approver.email)  # the council's own officer is asked for the password
    with client.session_transaction() as cookie:
        cookie["auth_at"] = 0
    response = client.post(f"{base}/{first.id}/{action}")
    assert response.status_code == 302 and "/reauthenticate" in response.location
    assert client.post(f"{base}/{first.id + 1000}/{action}").status_code == 404


def test_rebate_export_is_for_officers(client, auth, db_session, world, register):
    auth.login(world.lead.email)
    assert client.get(f"/delegations/{world.delegation.id}/rebates.csv").status_code == 403
    auth.logout()
    auth.login(create_officer(db_session, world.area).email)
    client.post(f"/delegations/{world.delegation.id}/rebates", data={"period": "2027"})
    response = client.get(f"/delegations/{world.delegation.id}/rebates.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert len(response.get_data(as_text=True).splitlines()) == 1 + len(register)


def test_rebates_are_not_posted_for_a_suspended_delegation_from_the_page(
    client, auth, db_session, world, register
):
    transition(
        session=db_session, claim=world.claim, action="suspend", actor=world.officer, reason="Audit"
    )
    db_session.commit()
    auth.login(world.officer.email)
    page = client.post(
        f"/delegations/{world.delegation.id}/rebates",
        data={"period": "2027"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The delegation is not active" in page
    assert db_session.exec(select(RebatePosting)).all() == []


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (" ", "Enter the period to post"),
        ("2027-Q1-extra", "That is too long for a period"),
        ("2027-13", "A period is a year (2027), a quarter (2027-Q1) or a month (2027-04)."),
    ],
)
def test_a_mistaken_rebate_period_comes_back_with_a_message_and_the_text_kept(
    client, auth, db_session, world, period, message, register
):
    auth.login(world.officer.email)
    response = client.post(f"/delegations/{world.delegation.id}/rebates", data={"period": period})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    [field] = re.findall(r'<input[^>]*id="period"[^>]*>', page)
    assert f'value="{period.strip()}"' in field
    assert db_session.exec(select(RebatePosting)).all() == []


def test_a_rebate_form_without_its_csrf_token_is_refused(csrf_client, db_session, world, register):
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    csrf_client.post(
        "/login",
        data={"email": world.officer.email, "password": "correct horse battery"},
        headers={"X-CSRFToken": token},
    )
    response = csrf_client.post(
        f"/delegations/{world.delegation.id}/rebates", data={"period": "2027"}
    )
    assert response.status_code == 400
    assert db_session.exec(select(RebatePosting)).all() == []


def test_the_reject_reason_and_the_period_are_as_long_as_their_forms_allow(
    client, auth, db_session, world
):
    request_instalment(
        session=db_session,
        instalment_id=first_instalment(db_session, world).id,
        actor=world.treasurer,
    )
    db_session.commit()
    auth.login(world.officer.email)
    page = client.get(f"/delegations/{world.delegation.id}").get_data(as_text=True)
    reason = re.search(r'<input type="text" name="reason"[^>]*>', page).group(0)
    assert 'maxlength="2000"' in reason
    period = re.search(r'<input[^>]*id="period"[^>]*>', page).group(0)
    assert 'maxlength="10"' in period


def test_posting_rebates_is_audited_and_shown_in_the_delegations_history(
    app, client, auth, db_session, world, register
):
    auth.login(world.officer.email)
    client.post(f"/delegations/{world.delegation.id}/rebates", data={"period": "2027-Q2"})
    [event] = db_session.exec(select(AuditEvent).where(AuditEvent.action == "rebates_posted")).all()
    assert (event.object_type, event.object_id, event.actor_id) == (
        "delegation",
        world.delegation.id,
        world.officer.id,
    )
    assert (event.reason_params["period"], event.reason_params["households"]) == (
        {"period": "2027-Q2"},
        len(register),
    )
    worded = reason_in(app, event)
    assert worded.startswith("Q2 2027: £") and worded.endswith(f" for {len(register)} households")
    assert event.council_id == world.council.id
    page = client.get(f"/delegations/{world.delegation.id}").get_data(as_text=True)
    history = page[page.index('id="history-heading"') :]
    assert "Rebates posted" in history and worded in history
    assert world.officer.name in history


def test_area_page_tells_households_their_rebate(client, world):
    page = client.get(f"/areas/{world.area.slug}").get_data(as_text=True)
    assert "Your rebate on the Service charge: £1.50 a year" in page


def test_360giving_is_public_open_data(client, world):
    response = client.get(f"/councils/{world.council.slug}/360giving.json")
    assert response.status_code == 200
    assert response.json["grants"][0]["currency"] == "GBP"
    assert client.get(f"/councils/{world.council.slug}/360giving.csv").mimetype == "text/csv"
    assert client.get("/councils/nowhere/360giving.json").status_code == 404


def test_statements_of_areas_and_the_council_are_for_staff(client, auth, db_session, world):
    auth.login(world.lead.email)
    assert client.get(f"/statements/council/{world.council.slug}").status_code == 404
    auth.logout()
    auth.login(world.officer.email)
    assert client.get(f"/statements/area/{world.area.slug}").status_code == 200
    assert client.get(f"/statements/council/{world.council.slug}").status_code == 200
    assert client.get("/statements/planet/earth").status_code == 404
    # Only its own council, and only services it has accounts for; a service by its name.
    assert client.get("/statements/council/another-council").status_code == 404
    assert client.get("/statements/function/no-such-service").status_code == 404
    page = client.get(f"/statements/function/{world.claim.function_key}?lang=cy")
    assert page.status_code == 200 and "Torri gwair" in page.get_data(as_text=True)


def test_a_group_named_like_a_formula_reaches_officers_spreadsheets_as_text(
    client, auth, db_session, world
):
    world.group.name = '=HYPERLINK("http://evil.example","Click")'
    db_session.add(world.group)
    db_session.commit()
    giving = client.get(f"/councils/{world.council.slug}/360giving.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in giving and ',"=HYPERLINK' not in giving
    auth.login(world.officer.email)
    overview = client.get("/admin/overview.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in overview and ',"=HYPERLINK' not in overview


def test_the_360giving_csv_opens_in_excel_as_utf8_but_the_billing_export_stays_plain(
    client, auth, db_session, world, register
):
    world.group.name = "Cymdeithas Tŷ Gwyn"
    db_session.add(world.group)
    db_session.commit()
    giving = client.get(f"/councils/{world.council.slug}/360giving.csv").get_data()
    assert giving.startswith(b"\xef\xbb\xbf") and "Tŷ Gwyn" in giving.decode("utf-8-sig")
    auth.login(create_officer(db_session, world.area).email)
    client.post(f"/delegations/{world.delegation.id}/rebates", data={"period": "2027"})
    billing = client.get(f"/delegations/{world.delegation.id}/rebates.csv").get_data()
    assert billing.startswith(b'"uprn","charge","period","amount_pence"\r\n')


def test_a_delegation_without_a_rebate_says_so_under_its_heading(client, auth, db_session, world):
    world.delegation.rebate_per_household_pence = 0
    db_session.commit()
    auth.login(world.officer.email)
    page = client.get(f"/delegations/{world.delegation.id}").get_data(as_text=True)
    assert "This delegation grants no rebate." in page
