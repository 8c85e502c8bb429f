"""Adding a staff member: how often an admin may try, and the invitation's words."""

from tests.notifications.test_email_languages import words
from tests.staff.conftest import add_newcomer
from tests.staff.test_pages import ADD, _post_and_emails, _signed_in, _text
from webapp.notifications.services import OUTBOX_KEY, _message


def test_adding_is_limited_to_thirty_tries_an_hour_for_each_admin(
    app, db_session, office, security_log
):
    """Each refused address says it has an account somewhere on the site: an admin
    cannot use the form to test addresses by the thousand."""
    admin = _signed_in(app, office.admin)
    taken = {**ADD, "email": office.resident.email}
    statuses = [admin.post("/admin/staff", data=taken).status_code for _ in range(31)]
    assert statuses == [422] * 30 + [429]
    refused = admin.post("/admin/staff", data=ADD)
    assert refused.status_code == 429 and "Too many" in _text(refused)
    assert admin.get("/admin/staff").status_code == 200  # the page itself still opens
    assert [e["outcome"] for e in security_log if e["event"] == "rate_limit"] == ["refused"] * 2
    # Another admin's tries are their own.
    other, sent = _post_and_emails(app, _signed_in(app, office.second_admin), "/admin/staff", ADD)
    assert other.status_code == 303 and any(ADD["email"] in m["To"] for m in sent)


def test_the_invitation_names_the_role_in_the_language_it_is_written_in(app, db_session, office):
    """Added by an admin reading English, read in Welsh: the role is Welsh too."""
    with app.test_request_context("/?lang=en"):
        add_newcomer(db_session, office, role="finance_approver")
        [invitation] = [e for e in db_session.info[OUTBOX_KEY] if e.kind == "staff_account"]
        assert invitation.language == "en"
        welsh = _message(app.config, invitation._replace(language="cy")).get_content()
    role = words("cy").gettext("Finance approver")
    assert role != "Finance approver"
    assert f"“{role}”" in welsh and "Finance approver" not in welsh
