"""Each change to a staff account is told to the council's other admins, in the app
and by email, each in their own language; a change that changes nothing is neither
told, nor audited, nor logged."""

import html

import pytest
from sqlmodel import select

from tests.factories import create_user
from tests.notifications.test_email_languages import emails_after, text_of, words
from tests.staff.conftest import HX
from tests.staff.test_pages import ADD, _actions, _signed_in, _text
from webapp.auth.languages import set_language
from webapp.auth.models import Role, User
from webapp.notifications.models import Notification
from webapp.notifications.services import OUTBOX_KEY
from webapp.staff.services import add_staff, change_staff_role, disable_staff, enable_staff

ROLE_CHANGED = "%(by)s changed the role of %(name)s (%(email)s) from “%(old_role)s” to “%(role)s”."
SUBJECT = "Check this change to your council's staff accounts"


def _told(session, kind: str) -> set[int]:
    """Who has a notification of this kind."""
    return set(session.exec(select(Notification.user_id).where(Notification.kind == kind)))


def _emailed(session, kind: str) -> set[str]:
    return {e.to for e in session.info.get(OUTBOX_KEY, []) if e.kind == kind}


@pytest.fixture
def admins(db_session, office):
    """A third admin, and a disabled one, of the council: the disabled one is not told."""
    third = create_user(db_session, role=Role.ADMIN, council=office.council, name="Cai Admin")
    gone = create_user(db_session, role=Role.ADMIN, council=office.council, name="Dee Admin")
    gone.active = False
    db_session.flush()
    return third, gone


def test_every_change_is_told_to_the_other_active_admins_only(app, db_session, office, admins):
    third, _gone = admins
    changes = [
        ("staff_disabled", disable_staff, {"user": office.officer}),
        ("staff_enabled", enable_staff, {"user": office.officer}),
        ("staff_role_changed", change_staff_role, {"user": office.finance, "role": "officer"}),
        (
            "staff_added",
            add_staff,
            {"council_id": office.council.id, "role": "admin", "email": ADD["email"], "name": "N"},
        ),
    ]
    for kind, change, arguments in changes:
        with app.test_request_context():
            change(session=db_session, by=office.admin, **arguments)
        assert _told(db_session, kind) == {office.second_admin.id, third.id}, kind
        assert _emailed(db_session, kind) == {office.second_admin.email, third.email}, kind
    [added] = db_session.exec(
        select(Notification).where(
            Notification.kind == "staff_added", Notification.user_id == third.id
        )
    )
    user = db_session.exec(select(User).where(User.email == ADD["email"])).one()
    assert added.params == {
        "by": "Alex Admin",
        "name": "N",
        "email": ADD["email"],
        "role": {"role": "admin"},
    }
    assert added.url == f"/admin/staff/{user.id}"


def test_an_admin_demoted_or_disabled_is_told_too(db_session, office, admins):
    """Told as one of the admins the change was made under: the demoted admin by email
    and in the app, the disabled one by email (the app no longer lets them in)."""
    third, _gone = admins
    disable_staff(session=db_session, user=third, by=office.admin)
    change_staff_role(session=db_session, user=office.second_admin, role="officer", by=office.admin)
    assert _emailed(db_session, "staff_disabled") == {office.second_admin.email, third.email}
    assert _told(db_session, "staff_role_changed") == {office.second_admin.id}


def test_another_councils_admins_are_not_told(db_session, office):
    disable_staff(session=db_session, user=office.officer, by=office.admin)
    assert office.other_admin.id not in _told(db_session, "staff_disabled")


def test_each_admin_reads_the_notice_in_their_own_language(app, db_session, office):
    """An admin reading English changes a role; a Welsh admin's email, and a Polish
    admin's notification, name both roles in their own words."""
    polish = create_user(db_session, role=Role.ADMIN, council=office.council, name="Pola Admin")
    set_language(session=db_session, user=office.second_admin, language="cy")
    set_language(session=db_session, user=polish, language="pl")
    db_session.commit()
    admin = _signed_in(app, office.admin)
    url = f"/admin/staff/{office.officer.id}/role?lang=en"
    sent = emails_after(app, lambda: admin.post(url, data={"role": "finance_approver"}))

    cy = words("cy")
    to_welsh = sent[office.second_admin.email]
    assert to_welsh["Content-Language"] == "cy"
    assert (
        " ".join(to_welsh["Subject"].split())
        == f"{cy.gettext('Neighbourhood Menu')}: {cy.gettext(SUBJECT)}"
    )
    assert text_of(to_welsh) == cy.gettext(ROLE_CHANGED) % {
        "by": "Alex Admin",
        "name": "Olu Officer",
        "email": office.officer.email,
        "old_role": cy.gettext("Officer"),
        "role": cy.gettext("Finance approver"),
    }
    assert cy.gettext("Finance approver") != "Finance approver"
    assert office.admin.email not in sent  # the admin who made it is not told

    reader = _signed_in(app, polish)
    inbox = html.unescape(_text(reader.get("/notifications?lang=pl")))
    pl = words("pl")
    assert (
        pl.gettext(ROLE_CHANGED)
        % {
            "by": "Alex Admin",
            "name": "Olu Officer",
            "email": office.officer.email,
            "old_role": pl.gettext("Officer"),
            "role": pl.gettext("Finance approver"),
        }
        in inbox
    )
    assert pl.gettext("Finance approver") != "Finance approver"
    assert f'href="/admin/staff/{office.officer.id}"' in inbox


@pytest.mark.parametrize(
    ("action", "data", "told", "message"),
    [
        ("role", {"role": "officer"}, "staff_role_changed", "that is their role already"),
        ("enable", {}, "staff_enabled", "the account is active already"),
    ],
)
def test_a_change_that_changes_nothing_is_neither_told_nor_logged(
    app, db_session, office, security_log, action, data, told, message
):
    before = _actions(db_session, office.officer)
    admin = _signed_in(app, office.admin)
    response = admin.post(f"/admin/staff/{office.officer.id}/{action}", data=data, headers=HX)
    assert response.status_code == 200 and f"Nothing to change: {message}." in _text(response)
    assert _told(db_session, told) == set()
    assert _actions(db_session, office.officer) == before
    assert [e for e in security_log if e["event"] == "staff_account"] == []


def test_disabling_twice_is_logged_and_told_once(app, db_session, office, security_log):
    admin = _signed_in(app, office.admin)
    url = f"/admin/staff/{office.officer.id}/disable"
    assert admin.post(url).status_code == 303
    assert admin.post(url).status_code == 303
    assert "Nothing to change: the account is disabled already." in _text(admin.get("/admin/staff"))
    outcomes = [e["outcome"] for e in security_log if e["event"] == "staff_account"]
    assert outcomes == ["disabled"]
    assert [a for a, _by in _actions(db_session, office.officer)].count("disabled") == 1
    assert (
        len(
            db_session.exec(select(Notification).where(Notification.kind == "staff_disabled")).all()
        )
        == 1
    )
