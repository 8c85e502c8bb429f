"""A newcomer's link to choose a password outlives the changes an admin makes to the
account before it is used: a role change or an enable, which void it, send a new one."""

import html

from sqlmodel import select

from tests.staff.conftest import add_newcomer
from tests.staff.test_pages import ADD, LINK, NEW, _post_and_emails, _signed_in, _text
from tests.support import AuthActions
from webapp.auth.models import User

INVITATION = "Choose the password of your new account"


def _invite(app, admin):
    """Add the newcomer; the link their email holds."""
    _response, sent = _post_and_emails(app, admin, "/admin/staff", ADD)
    [invitation] = [m for m in sent if ADD["email"] in m["To"]]
    return LINK.search(invitation.get_payload(decode=True).decode()).group(1)


def _invitations(sent) -> list[str]:
    """The bodies of the invitations among `sent`."""
    return [
        m.get_payload(decode=True).decode()
        for m in sent
        if ADD["email"] in m["To"] and m["Subject"].endswith(INVITATION)
    ]


def _flash(admin) -> str:
    return " ".join(html.unescape(_text(admin.get("/admin/staff"))).split())


def _choose_password_and_sign_in(app, link) -> None:
    newcomer = app.test_client()
    assert newcomer.get(link).status_code == 200
    assert newcomer.post(link, data={"password": NEW, "confirm": NEW}).status_code == 302
    assert AuthActions(newcomer).login(ADD["email"], NEW).status_code == 302


def _newcomer(db_session) -> User:
    return db_session.exec(select(User).where(User.email == ADD["email"])).one()


def test_a_role_change_before_the_first_sign_in_sends_a_new_link(app, db_session, office):
    admin = _signed_in(app, office.admin)
    first = _invite(app, admin)
    url = f"/admin/staff/{_newcomer(db_session).id}/role"
    _response, sent = _post_and_emails(app, admin, url, {"role": "officer"})
    [body] = _invitations(sent)
    assert "“Officer”" in body and "within three days" in body
    assert (
        "Role changed to “Officer”. Nia New had not chosen a password yet, so a new link to "
        "choose one has gone to nia.new@example.org; it works for three days."
    ) in _flash(admin)
    assert app.test_client().get(first).status_code == 410  # the change voided it
    _choose_password_and_sign_in(app, LINK.search(body).group(1))


def test_enabling_before_the_first_sign_in_sends_a_new_link(app, db_session, office):
    admin = _signed_in(app, office.admin)
    first = _invite(app, admin)
    account = f"/admin/staff/{_newcomer(db_session).id}"
    _response, sent = _post_and_emails(app, admin, f"{account}/disable", {})
    assert _invitations(sent) == []  # disabling voids the link, and sends none
    assert app.test_client().get(first).status_code == 410
    _response, sent = _post_and_emails(app, admin, f"{account}/role", {"role": "officer"})
    assert _invitations(sent) == []  # no link for an account that cannot use it
    _response, sent = _post_and_emails(app, admin, f"{account}/enable", {})
    [body] = _invitations(sent)
    assert (
        "Account enabled. Nia New had not chosen a password yet, so a new link to choose one "
        "has gone to nia.new@example.org; it works for three days."
    ) in _flash(admin)
    assert "can sign in again" not in _flash(admin)
    _choose_password_and_sign_in(app, LINK.search(body).group(1))


def test_once_a_password_is_chosen_no_new_link_is_sent(app, db_session, office):
    admin = _signed_in(app, office.admin)
    _choose_password_and_sign_in(app, _invite(app, admin))
    account = f"/admin/staff/{_newcomer(db_session).id}"
    for url, data in [
        (f"{account}/role", {"role": "admin"}),
        (f"{account}/disable", {}),
        (f"{account}/enable", {}),
    ]:
        _response, sent = _post_and_emails(app, admin, url, data)
        assert _invitations(sent) == [], url
    assert "Account enabled. Nia New can sign in again." in _flash(admin)


def test_awaiting_a_first_password_is_read_from_the_accounts_history(app, db_session, office):
    """Only an account an admin added, until a password is chosen for it: never one its
    owner registered or the server made."""
    from webapp.auth.resets import awaiting_first_password, reset_password
    from webapp.notifications.services import OUTBOX_KEY

    with app.test_request_context():
        user = add_newcomer(db_session, office)
    assert awaiting_first_password(session=db_session, user=user)
    token = LINK.search(
        next(e.url for e in db_session.info[OUTBOX_KEY] if e.kind == "staff_account")
    ).group(1)
    reset_password(session=db_session, token=token.rsplit("/", 1)[1], new=NEW)
    assert not awaiting_first_password(session=db_session, user=user)
    for made_elsewhere in (office.officer, office.resident):
        assert not awaiting_first_password(session=db_session, user=made_elsewhere)
