"""A forgotten password: a link by email that works once, within an hour."""

import email
import re
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from sqlmodel import select

from tests.factories import create_user
from tests.support import AuthActions
from webapp.audit.models import AuditEvent
from webapp.auth.languages import set_language
from webapp.auth.models import PasswordReset
from webapp.auth.services import authenticate
from webapp.db import utcnow

OLD = "correct horse battery"
NEW = "violet kettle harbour lantern"
LINK = re.compile(r"(/password/reset/[A-Za-z0-9_-]+)")


def _emails_after(app, action):
    outbox = Path(app.config["MAIL_OUTBOX"])
    before = set(outbox.glob("*.eml"))
    action()
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in set(outbox.glob("*.eml")) - before
    ]


def _ask(client, address):
    return client.post("/password/forgot", data={"email": address})


def _link_for(app, client, user):
    sent = _emails_after(app, lambda: _ask(client, user.email))
    assert len(sent) == 1 and user.email in sent[0]["To"]
    return LINK.search(sent[0].get_payload(decode=True).decode()).group(1)


def test_the_emailed_link_sets_a_new_password_once(app, client, db_session):
    user = create_user(db_session)
    link = _link_for(app, client, user)
    page = client.get(link)
    assert page.status_code == 200 and "Choose a new password" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page.headers["Cache-Control"]
    response = client.post(link, data={"password": NEW, "confirm": NEW})
    assert response.status_code == 302 and response.location.endswith("/login")
    db_session.expire_all()
    assert authenticate(session=db_session, email=user.email, password=NEW) == user
    assert authenticate(session=db_session, email=user.email, password=OLD) is None
    again = client.get(link)
    assert again.status_code == 410 and "has expired or has been used" in again.get_data(
        as_text=True
    )
    actions = db_session.exec(
        select(AuditEvent.action)
        .where(AuditEvent.object_type == "user", AuditEvent.object_id == user.id)
        .order_by(AuditEvent.id)
    )
    assert list(actions) == ["created", "password_reset"]


def test_the_email_has_a_short_subject_and_the_whole_link(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://menu.example.gov.uk")
    user = create_user(db_session)
    [message] = _emails_after(app, lambda: _ask(client, user.email))
    assert message["Subject"] == "Neighbourhood Menu: Reset your password"
    body = message.get_payload(decode=True).decode()
    assert "within an hour" in body
    assert re.search(r"^https://menu\.example\.gov\.uk/password/reset/[\w-]{43}$", body, re.M)


def test_the_email_is_in_the_accounts_language_else_in_the_pages(app, client, db_session):
    """Whoever asks, the email is for the address's owner (who may not have asked): in
    the language the account keeps; an account that keeps none gets the page's."""
    polish = create_user(db_session)
    set_language(session=db_session, user=polish, language="pl")
    [message] = _emails_after(
        app, lambda: client.post("/password/forgot?lang=en", data={"email": polish.email})
    )
    assert message["Subject"] == "Menu dla okolicy: Zresetuj swoje hasło"
    assert message.get_content().startswith("Ktoś poprosił o zresetowanie hasła")
    assert message["Content-Language"] == "pl"
    newcomer = create_user(db_session)
    [message] = _emails_after(
        app, lambda: client.post("/password/forgot?lang=cy", data={"email": newcomer.email})
    )
    assert message["Subject"] == "Bwydlen y Gymdogaeth: Ailosod eich cyfrinair"
    assert message.get_content().startswith("Mae rhywun wedi gofyn am ailosod cyfrinair")
    assert message["Content-Language"] == "cy"


def test_the_email_goes_after_the_answer_so_its_time_shows_nothing(
    app, client, db_session, monkeypatch
):
    """Unknown addresses send nothing: if sending delayed the answer, timing would tell."""
    from flask import has_request_context

    from webapp.notifications import services

    during_request = []
    monkeypatch.setattr(services, "deliver", lambda m: during_request.append(has_request_context()))
    user = create_user(db_session)
    assert _ask(client, user.email).status_code == 200
    assert during_request == [False]


# A CSRF token is signed with the second it was made in, so two pages a second
# apart differ there whatever the address.
SIGNED_TOKEN = re.compile(r'("X-CSRFToken": "|name="csrf_token" value=")[^"]+')


def _page_without(response, address: str) -> str:
    return SIGNED_TOKEN.sub(r"\1T", response.get_data(as_text=True)).replace(address, "X")


def test_an_unknown_address_gets_the_same_page_and_no_email(app, client, db_session):
    user = create_user(db_session)
    known = _ask(client, user.email)
    sent = _emails_after(app, lambda: _ask(client, "nobody@example.org"))
    unknown = _ask(client, "nobody@example.org")
    assert sent == [] and unknown.status_code == 200
    assert _page_without(known, user.email) == _page_without(unknown, "nobody@example.org")


def test_a_disabled_account_gets_no_link(app, client, db_session):
    user = create_user(db_session)
    user.active = False
    db_session.flush()
    assert _emails_after(app, lambda: _ask(client, user.email)) == []


def test_the_link_expires_after_an_hour(app, client, db_session):
    user = create_user(db_session)
    link = _link_for(app, client, user)
    reset = db_session.exec(select(PasswordReset).where(PasswordReset.user_id == user.id)).one()
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db_session.flush()
    assert client.post(link, data={"password": NEW, "confirm": NEW}).status_code == 410
    assert authenticate(session=db_session, email=user.email, password=OLD) == user


def test_asking_again_replaces_the_earlier_link(app, client, db_session):
    user = create_user(db_session)
    first = _link_for(app, client, user)
    second = _link_for(app, client, user)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    stored = db_session.exec(select(PasswordReset.token_hash)).all()
    assert all(second.rsplit("/", 1)[1] not in token_hash for token_hash in stored)


def test_resetting_ends_every_session_of_the_account(app, client, db_session):
    user = create_user(db_session)
    signed_in = app.test_client()
    AuthActions(signed_in).login(user.email, OLD)
    assert signed_in.get("/account/password").status_code == 200
    link = _link_for(app, client, user)
    client.post(link, data={"password": NEW, "confirm": NEW})
    assert signed_in.get("/account/password").status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"password": "short one", "confirm": "short one"}, "Use at least 12 characters."),
        ({"password": NEW, "confirm": NEW + "s"}, "The two passwords differ."),
        ({"password": "password1234", "confirm": "password1234"}, "too easy to guess"),
    ],
)
def test_a_bad_new_password_says_why_and_keeps_the_link(app, client, db_session, form, message):
    user = create_user(db_session)
    link = _link_for(app, client, user)
    response = client.post(link, data=form)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert client.get(link).status_code == 200
    assert authenticate(session=db_session, email=user.email, password=OLD) == user


def test_unknown_links_are_refused_and_guessing_is_throttled(client, db_session):
    statuses = [client.get(f"/password/reset/guess{n}").status_code for n in range(21)]
    assert statuses == [410] * 20 + [429]


def test_one_address_gets_three_emails_an_hour_at_most(app, client, db_session):
    user = create_user(db_session)
    statuses = [
        client.post(
            "/password/forgot",
            data={"email": user.email},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_owners_browser_still_gets_an_email_when_others_used_up_the_three(
    app, client, db_session
):
    user = create_user(db_session)
    owner = app.test_client()
    owner.post("/login", data={"email": user.email, "password": "correct horse battery"})
    owner.post("/logout")  # the browser keeps its device cookie
    for n in range(3):
        _ask_from(client, user.email, n)
    assert _ask_from(app.test_client(), user.email, 10).status_code == 429
    sent = _emails_after(app, lambda: _ask_from(owner, user.email, 11))
    assert len(sent) == 1 and user.email in sent[0]["To"]
    for n in range(2):
        assert _ask_from(owner, user.email, 12 + n).status_code == 200
    assert _ask_from(owner, user.email, 14).status_code == 429  # three a device, too


def _ask_from(client, address, n):
    """Ask from a client address of its own, so only the per-account limit counts."""
    return client.post(
        "/password/forgot", data={"email": address}, environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}
    )


def test_a_malformed_address_is_refused_with_a_message(app, client, db_session):
    responses = []
    assert _emails_after(app, lambda: responses.append(_ask(client, "not an address"))) == []
    assert responses[0].status_code == 422
    assert "That is not an email address (such as name@example.org)." in responses[0].get_data(
        as_text=True
    )


def test_the_sign_in_page_links_to_it(client):
    assert "/password/forgot" in client.get("/login").get_data(as_text=True)


def test_a_link_dies_with_a_password_change_or_a_disabled_account(app, client, db_session):
    from webapp.auth.services import change_password, set_active

    user = create_user(db_session)
    link = _link_for(app, client, user)
    change_password(session=db_session, user=user, current=OLD, new=NEW)
    db_session.flush()
    assert client.get(link).status_code == 410
    link = _link_for(app, client, user)
    set_active(session=db_session, user=user, active=False)
    set_active(session=db_session, user=user, active=True)
    db_session.flush()
    assert client.get(link).status_code == 410  # enabling again does not revive it


def test_two_requests_racing_with_one_link_change_the_password_once(
    app, client, db_session, monkeypatch
):
    from webapp.auth import resets

    user = create_user(db_session)
    token = _link_for(app, client, user).rsplit("/", 1)[1]
    checked = resets._live_link(db_session, token)  # both requests passed the check...
    resets.reset_password(session=db_session, token=token, new=NEW)  # ...one got here first
    monkeypatch.setattr(resets, "_live_link", lambda session, token: checked)
    with pytest.raises(resets.ResetLinkInvalid):
        resets.reset_password(session=db_session, token=token, new="another long passphrase")


def test_requests_naming_no_address_share_no_per_address_limit(app, client, db_session):
    """A JSON body is an empty form: it sends no email, and like a form with no
    address it counts against its client address only, not one bucket for all."""
    user = create_user(db_session)

    def in_json(n):
        return client.post(
            "/password/forgot",
            json={"email": user.email},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
        ).status_code

    statuses = []
    sent = _emails_after(app, lambda: statuses.extend(in_json(n) for n in range(5)))
    assert statuses == [422] * 5 and sent == []
    assert [_ask_from(client, "", 20 + n).status_code for n in range(5)] == [422] * 5
