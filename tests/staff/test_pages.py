"""The staff accounts page: who may use it, and each change with htmx and without."""

import email
import re
import time
from pathlib import Path

import pytest
from sqlmodel import select

from tests.factories import create_user
from tests.staff.conftest import HX, PASSWORD
from tests.support import AuthActions
from webapp.audit.models import AuditEvent
from webapp.auth.models import Role, User

NEW = "violet kettle harbour lantern"
LINK = re.compile(r"(/password/reset/[A-Za-z0-9_-]+)")
ADD = {"name": "Nia New", "email": "nia.new@example.org", "role": "finance_approver"}


def _signed_in(app, user):
    client = app.test_client()
    AuthActions(client).login(user.email)
    return client


def _post_and_emails(app, client, url, data):
    """The answer to a POST, and the emails it sent."""
    outbox = Path(app.config["MAIL_OUTBOX"])
    before = set(outbox.glob("*.eml"))
    response = client.post(url, data=data)
    sent = [email.message_from_bytes(p.read_bytes()) for p in set(outbox.glob("*.eml")) - before]
    return response, sent


def _text(response) -> str:
    return response.get_data(as_text=True)


def _actions(session, user) -> list[tuple[str, int | None]]:
    return list(
        session.exec(
            select(AuditEvent.action, AuditEvent.actor_id)
            .where(AuditEvent.object_type == "user", AuditEvent.object_id == user.id)
            .order_by(AuditEvent.id)
        )
    )


# Who may use it -------------------------------------------------------------------------


def _requests(office):
    target = office.officer.id
    return [
        ("get", "/admin/staff", {}),
        ("get", f"/admin/staff/{target}", {}),
        ("post", "/admin/staff", ADD),
        ("post", f"/admin/staff/{target}/role", {"role": "admin"}),
        ("post", f"/admin/staff/{target}/disable", {}),
        ("post", f"/admin/staff/{target}/enable", {}),
    ]


@pytest.mark.parametrize("who", ["officer", "finance", "resident", "other_officer"])
def test_only_admins_may_use_it_others_get_403_and_change_nothing(app, db_session, office, who):
    client = _signed_in(app, getattr(office, who))
    for method, url, data in _requests(office):
        assert getattr(client, method)(url, data=data).status_code == 403, url
    db_session.refresh(office.officer)
    assert (office.officer.role, office.officer.active) == (Role.OFFICER, True)
    assert db_session.exec(select(User).where(User.email == ADD["email"])).first() is None


def test_signed_out_visitors_are_sent_to_sign_in(client, db_session, office):
    for method, url, data in _requests(office):
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 302 and "/login" in response.location, url


@pytest.mark.parametrize("whose", ["other_officer", "other_admin", "resident", "nobody"])
def test_an_account_that_is_not_the_councils_staff_is_404(app, db_session, office, whose):
    client = _signed_in(app, office.admin)
    assert client.get(f"/admin/staff/{office.officer.id}").status_code == 200  # the council's
    user_id = 999_999 if whose == "nobody" else getattr(office, whose).id
    assert client.get(f"/admin/staff/{user_id}").status_code == 404
    for action, data in (("role", {"role": "admin"}), ("disable", {}), ("enable", {})):
        assert client.post(f"/admin/staff/{user_id}/{action}", data=data).status_code == 404
        assert (
            client.post(f"/admin/staff/{user_id}/{action}", data=data, headers=HX).status_code
            == 404
        )
    if whose != "nobody":
        account = getattr(office, whose)
        before = (account.role, account.active)
        db_session.refresh(account)
        assert (account.role, account.active) == before


def test_only_admins_see_the_link_in_the_admin_navigation(app, db_session, office):
    assert 'href="/admin/staff"' in _text(_signed_in(app, office.admin).get("/admin/"))
    assert 'href="/admin/staff"' not in _text(_signed_in(app, office.officer).get("/admin/"))
    assert 'href="/admin/staff"' not in _text(_signed_in(app, office.finance).get("/admin/"))


# The list ---------------------------------------------------------------------------------


def test_the_list_shows_the_councils_staff_and_no_one_else(app, db_session, office):
    client = _signed_in(app, office.admin)
    _signed_in(app, office.officer)  # has been active; the others never signed in
    office.finance.active = False
    db_session.flush()
    page = _text(client.get("/admin/staff"))
    rows = re.findall(r'<tr id="staff-row-(\d+)">(.*?)</tr>', page, re.S)
    shown = {int(user_id): " ".join(re.sub(r"<[^>]+>", " ", row).split()) for user_id, row in rows}
    assert set(shown) == {
        office.admin.id,
        office.second_admin.id,
        office.officer.id,
        office.finance.id,
    }
    officer = shown[office.officer.id]
    assert "Olu Officer" in officer and office.officer.email in officer and "Officer" in officer
    assert "Active" in officer and "Never signed in" not in officer
    assert "Disabled" in shown[office.finance.id] and "Finance approver" in shown[office.finance.id]
    assert "Never signed in" in shown[office.second_admin.id]
    assert "(you)" in shown[office.admin.id] and "Change role" not in shown[office.admin.id]
    assert [int(i) for i, _row in rows][-1] == office.finance.id  # disabled accounts last
    assert "4 accounts" in page
    for stranger in (office.resident, office.other_admin, office.other_officer):
        assert stranger.email not in page


def test_the_list_comes_in_pages_of_fifty(app, db_session, office):
    for n in range(50):
        create_user(db_session, role=Role.OFFICER, council=office.council, name=f"Zed {n:02}")
    client = _signed_in(app, office.admin)
    first, second = _text(client.get("/admin/staff")), _text(client.get("/admin/staff?page=2"))
    assert first.count('<tr id="staff-row-') == 50 and "Page 1 of 2" in first
    assert second.count('<tr id="staff-row-') == 4 and "Zed 49" in second
    assert "?page=2" in first and "?page=1" in second
    assert _text(client.get("/admin/staff?page=99")).count('<tr id="staff-row-') == 4
    assert client.get("/admin/staff?page=x").status_code == 200


# Adding a staff member ------------------------------------------------------------------------


def test_adding_staff_emails_a_link_to_choose_a_password_that_works(app, db_session, office):
    client = _signed_in(app, office.admin)
    _response, sent = _post_and_emails(app, client, "/admin/staff", ADD)
    [message] = [m for m in sent if ADD["email"] in m["To"]]
    assert message["Subject"] == "Neighbourhood Menu: Choose the password of your new account"
    body = message.get_payload(decode=True).decode()
    assert f"Alex Admin has made you a Neighbourhood Menu account for {office.council.name}" in (
        " ".join(body.split())
    )
    assert "“Finance approver”" in body and "within three days" in body
    flash = _text(client.get("/admin/staff"))
    assert "Account added for Nia New" in flash and "the link works for three days" in flash

    newcomer = app.test_client()
    link = LINK.search(body).group(1)
    assert newcomer.get(link).status_code == 200
    assert newcomer.post(link, data={"password": NEW, "confirm": NEW}).status_code == 302
    AuthActions(newcomer).login(ADD["email"], NEW)
    assert newcomer.get("/admin/instalments").status_code == 200  # staff of the council
    user = db_session.exec(select(User).where(User.email == ADD["email"])).one()
    assert (user.role, user.council_id) == (Role.FINANCE_APPROVER, office.council.id)
    assert _actions(db_session, user) == [("created", office.admin.id), ("password_reset", None)]


def test_the_answer_to_adding_is_a_redirect_so_reloading_adds_nothing(app, db_session, office):
    response = _signed_in(app, office.admin).post("/admin/staff", data=ADD)
    assert response.status_code == 303 and response.location == "/admin/staff"


def test_an_address_in_use_is_refused_in_the_same_words_whoever_has_it(app, db_session, office):
    """A resident's address is refused too, so no one becomes staff unawares; the
    answer never says whose the account is."""
    client = _signed_in(app, office.admin)
    errors = set()
    for owner in (office.resident, office.other_officer, office.officer):
        data = {**ADD, "email": f" {owner.email.upper()} ", "role": "admin"}
        response, sent = _post_and_emails(app, client, "/admin/staff", data)
        assert response.status_code == 422 and sent == []
        errors.add(re.search(r'id="email-error">(.*?)</p>', _text(response), re.S).group(1))
        db_session.refresh(owner)
        assert owner.role != Role.ADMIN
    assert errors == {
        "That email address already has an account on this site, so it cannot be added. If it "
        "is one of your council&#39;s staff, find it in the list; otherwise use another address, "
        "such as the person&#39;s work email."
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**ADD, "name": ""}, "Please fill this in."),
        ({**ADD, "email": "not an address"}, "That is not an email address"),
        ({**ADD, "role": "resident"}, "Choose one of the options offered."),
    ],
)
def test_an_incomplete_form_is_shown_again_with_what_to_fix(app, db_session, office, data, message):
    response = _signed_in(app, office.admin).post("/admin/staff", data=data)
    assert response.status_code == 422 and message in _text(response)
    assert db_session.exec(select(User).where(User.name == "Nia New")).first() is None


# Changing a role, disabling, enabling -------------------------------------------------------


def test_changing_a_role_signs_the_person_out_and_is_audited(app, db_session, office):
    officer = _signed_in(app, office.officer)
    response = _signed_in(app, office.admin).post(
        f"/admin/staff/{office.officer.id}/role", data={"role": "finance_approver"}
    )
    assert response.status_code == 303 and response.location == "/admin/staff"
    assert officer.get("/admin/").status_code == 302  # signed out by the change
    db_session.refresh(office.officer)
    assert office.officer.role == Role.FINANCE_APPROVER
    assert _actions(db_session, office.officer)[-2:] == [
        ("role_changed", office.admin.id),
        ("sessions_ended", office.admin.id),
    ]


def test_disabling_signs_the_person_out_and_enabling_lets_them_back(app, db_session, office):
    officer = _signed_in(app, office.officer)
    admin = _signed_in(app, office.admin)
    assert admin.post(f"/admin/staff/{office.officer.id}/disable").status_code == 303
    assert "Account disabled. Olu Officer can no longer sign in" in _text(admin.get("/admin/staff"))
    assert officer.get("/admin/").status_code == 302
    assert AuthActions(officer).login(office.officer.email).status_code == 422
    assert admin.post(f"/admin/staff/{office.officer.id}/enable").status_code == 303
    assert AuthActions(officer).login(office.officer.email).status_code == 302
    assert _actions(db_session, office.officer)[-2:] == [
        ("disabled", office.admin.id),
        ("enabled", office.admin.id),
    ]


@pytest.mark.parametrize(("action", "data"), [("role", {"role": "officer"}), ("disable", {})])
def test_an_admin_cannot_demote_or_disable_themselves(app, db_session, office, action, data):
    admin = _signed_in(app, office.admin)
    assert admin.post(f"/admin/staff/{office.admin.id}/{action}", data=data).status_code == 303
    assert "You cannot disable your own account or change your own role" in _text(
        admin.get("/admin/staff")
    )  # still signed in, still an admin
    db_session.refresh(office.admin)
    assert (office.admin.role, office.admin.active) == (Role.ADMIN, True)


@pytest.mark.parametrize(("action", "data"), [("role", {"role": "officer"}), ("disable", {})])
def test_the_councils_last_active_admin_stays(app, db_session, office, action, data):
    admin = _signed_in(app, office.admin)
    admin.post(f"/admin/staff/{office.second_admin.id}/disable")
    response = admin.post(f"/admin/staff/{office.admin.id}/{action}", data=data, headers=HX)
    assert response.status_code == 422
    assert "The council needs at least one active admin" in _text(response)
    db_session.refresh(office.admin)
    assert (office.admin.role, office.admin.active) == (Role.ADMIN, True)


def test_with_htmx_the_row_is_answered_in_place(app, db_session, office):
    admin = _signed_in(app, office.admin)
    response = admin.post(
        f"/admin/staff/{office.officer.id}/role", data={"role": "admin"}, headers=HX
    )
    body = _text(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith(f'<tr id="staff-row-{office.officer.id}">')
    assert "<html" not in body and 'role="status">Role changed to “Admin”.' in body
    disabled = admin.post(f"/admin/staff/{office.officer.id}/disable", headers=HX)
    assert disabled.status_code == 200 and "Disabled" in _text(disabled)
    assert f'action="/admin/staff/{office.officer.id}/enable"' in _text(disabled)


def test_without_javascript_a_change_goes_back_to_the_page_it_came_from(app, db_session, office):
    admin = _signed_in(app, office.admin)
    page = f"/admin/staff/{office.officer.id}"
    for referrer, back in [
        (f"http://localhost{page}", page),
        ("http://localhost/admin/staff?page=1", "/admin/staff?page=1"),
        ("https://elsewhere.example/admin/staff/1", "/admin/staff"),
        (None, "/admin/staff"),
    ]:
        headers = {"Referer": referrer} if referrer else {}
        response = admin.post(f"{page}/role", data={"role": "officer"}, headers=headers)
        assert (response.status_code, response.location) == (303, back)


def test_the_account_page_shows_its_history_with_who_did_what(app, db_session, office):
    admin = _signed_in(app, office.admin)
    admin.post(f"/admin/staff/{office.officer.id}/role", data={"role": "finance_approver"})
    admin.post(f"/admin/staff/{office.officer.id}/disable")
    page = " ".join(
        re.sub(r"<[^>]+>", " ", _text(admin.get(f"/admin/staff/{office.officer.id}"))).split()
    )
    assert "Alex Admin Role changed (Officer → Finance approver)" in page
    assert "Alex Admin Signed out everywhere" in page
    assert "Alex Admin Account disabled" in page
    assert "Enable the account" in page


def test_a_tampered_role_is_refused(app, db_session, office):
    admin = _signed_in(app, office.admin)
    for role in ("resident", "root", ""):
        response = admin.post(f"/admin/staff/{office.officer.id}/role", data={"role": role})
        assert response.status_code == 400
    db_session.refresh(office.officer)
    assert office.officer.role == Role.OFFICER


# Re-authentication ------------------------------------------------------------------------------


@pytest.fixture
def stale_admin(app, db_session, office):
    """The admin, signed in long enough ago to be asked for the password again."""
    client = _signed_in(app, office.admin)
    with client.session_transaction() as cookie:
        cookie["auth_at"] = int(time.time()) - 6 * 60
    return client


def test_the_page_asks_for_the_password_first_and_comes_back(stale_admin, office):
    response = stale_admin.get("/admin/staff?page=1")
    assert response.status_code == 302
    prompt = response.location
    assert prompt.startswith("/reauthenticate?") and "why=staff" in prompt
    page = _text(stale_admin.get(prompt))
    assert "Changes to staff accounts need a recent password check." in page
    assert "Please confirm your password to manage staff accounts." in page
    confirmed = stale_admin.post(prompt, data={"password": PASSWORD})
    assert confirmed.location == "/admin/staff?page=1"
    assert stale_admin.get("/admin/staff").status_code == 200


@pytest.mark.parametrize(
    ("action", "data"),
    [("role", {"role": "admin"}), ("disable", {}), ("enable", {}), (None, ADD)],
)
def test_a_change_asks_for_the_password_first_and_changes_nothing(
    db_session, stale_admin, office, action, data
):
    url = f"/admin/staff/{office.officer.id}/{action}" if action else "/admin/staff"
    page = f"/admin/staff/{office.officer.id}"
    response = stale_admin.post(url, data=data, headers={"Referer": f"http://localhost{page}"})
    assert response.status_code == 302 and response.location.startswith("/reauthenticate?")
    to_htmx = stale_admin.post(url, data=data, headers=HX)
    assert to_htmx.status_code == 204
    assert to_htmx.headers["HX-Redirect"].startswith("/reauthenticate?")
    db_session.refresh(office.officer)
    assert (office.officer.role, office.officer.active) == (Role.OFFICER, True)
    assert db_session.exec(select(User).where(User.email == ADD["email"])).first() is None
    assert stale_admin.post(response.location, data={"password": PASSWORD}).location == page


# The security log ------------------------------------------------------------------------------


def test_each_change_and_each_refusal_is_a_security_event(app, db_session, office, security_log):
    admin = _signed_in(app, office.admin)
    admin.post("/admin/staff", data=ADD)
    admin.post("/admin/staff", data=ADD)  # the address is in use now
    admin.post(f"/admin/staff/{office.officer.id}/role", data={"role": "admin"})
    admin.post(f"/admin/staff/{office.officer.id}/disable")
    admin.post(f"/admin/staff/{office.admin.id}/disable")
    events = [
        (e["outcome"], e.get("change"), e.get("refusal"), e.get("role"))
        for e in security_log
        if e["event"] == "staff_account"
    ]
    assert events == [
        ("added", None, None, "finance_approver"),
        ("refused", "add", "StaffEmailTaken", None),
        ("role_changed", None, None, "admin"),
        ("disabled", None, None, "admin"),
        ("refused", "disabled", "OwnAccount", None),
    ]
    assert all(e["user_id"] == str(office.admin.id) for e in security_log[1:])


def test_an_accounts_history_names_its_email_languages(app, db_session, office):
    """Language codes never show: a change reads "(Polish → Welsh)" in the reader's words."""
    from webapp.auth.languages import set_language

    for language in ("pl", "cy"):
        set_language(session=db_session, user=office.officer, language=language)
    db_session.commit()
    page = _text(_signed_in(app, office.admin).get(f"/admin/staff/{office.officer.id}"))
    assert "Email language changed (Polish → Welsh)" in page
