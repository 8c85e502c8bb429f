"""Changing one's own password ends every other session of the account."""

import pytest
from sqlmodel import select

from tests.factories import create_user
from tests.support import AuthActions
from webapp.audit.models import AuditEvent
from webapp.auth.services import (
    GuessablePassword,
    SamePassword,
    WrongPassword,
    authenticate,
    change_password,
)
from webapp.auth.sign_ins import begin_sign_in, live_sign_in

OLD = "correct horse battery"
NEW = "violet kettle harbour lantern"


def _form(current=OLD, new=NEW, confirm=None):
    return {"current": current, "password": new, "confirm": confirm or new}


def test_the_new_password_works_and_the_old_one_does_not(db_session):
    user = create_user(db_session)
    change_password(session=db_session, user=user, current=OLD, new=NEW)
    assert authenticate(session=db_session, email=user.email, password=NEW) == user
    assert authenticate(session=db_session, email=user.email, password=OLD) is None
    event = db_session.exec(
        select(AuditEvent).where(AuditEvent.object_type == "user", AuditEvent.action != "created")
    ).one()
    assert (event.object_id, event.action, event.actor_id) == (user.id, "password_changed", user.id)


@pytest.mark.parametrize(
    ("current", "new", "refusal"),
    [
        ("not the password", NEW, WrongPassword),
        (OLD, OLD, SamePassword),
        (OLD, "password1234", GuessablePassword),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(db_session, current, new, refusal):
    user = create_user(db_session)
    token = begin_sign_in(session=db_session, user=user)
    with pytest.raises(refusal):
        change_password(session=db_session, user=user, current=current, new=new)
    assert authenticate(session=db_session, email=user.email, password=OLD) == user
    assert live_sign_in(session=db_session, user_id=user.id, token=token)[0] == user


def test_changing_the_password_signs_out_everywhere_else(app, client, auth, db_session):
    user = create_user(db_session)
    auth.login(user.email)
    elsewhere = app.test_client()
    AuthActions(elsewhere).login(user.email, OLD)
    assert elsewhere.get("/account/password").status_code == 200
    with client.session_transaction() as cookie:
        cookie["login_at"] = signed_in_at = cookie["login_at"] - 3600
    copy = app.test_client()  # a copy of this very session's cookie, taken before the change
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/account/password").status_code == 200
    response = client.post("/account/password", data=_form())
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Anywhere else you were signed in, you are now signed out." in page
    assert client.get("/account/password").status_code == 200  # this session stays
    with client.session_transaction() as cookie:
        assert cookie["login_at"] == signed_in_at  # the 8-hour staff limit does not restart
    assert elsewhere.get("/account/password").status_code == 302  # to the sign-in page
    assert "Sign in" in elsewhere.get("/").get_data(as_text=True)
    assert copy.get("/account/password").status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (_form(current="not the password"), "That password is not right."),
        (_form(new=OLD), "Choose a new password, not the one you have now."),
        (_form(confirm="violet kettle harbour lanterns"), "The two passwords differ."),
        (_form(new="short one", confirm="short one"), "Use at least 12 characters."),
        (_form(new="password1234"), "too easy to guess"),
    ],
)
def test_the_form_says_what_is_wrong(client, auth, db_session, form, message):
    user = create_user(db_session)
    auth.login(user.email)
    response = client.post("/account/password", data=form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert authenticate(session=db_session, email=user.email, password=OLD) == user


def test_guessing_the_current_password_is_throttled(client, auth, db_session):
    user = create_user(db_session)
    auth.login(user.email)
    for _ in range(3):  # a weak new password is not a guess and is not counted
        assert client.post("/account/password", data=_form(new="password1234")).status_code == 422
    statuses = [
        client.post("/account/password", data=_form(current=f"wrong {n:02d} guess")).status_code
        for n in range(11)
    ]
    assert statuses == [422] * 10 + [429]


def test_signing_out_everywhere_ends_every_session_this_one_included(app, client, auth, db_session):
    user = create_user(db_session)
    auth.login(user.email)
    elsewhere = app.test_client()
    AuthActions(elsewhere).login(user.email, OLD)
    response = client.post("/account/sessions/end")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert "You are signed out everywhere" in client.get("/login").get_data(as_text=True)
    for browser in (client, elsewhere):
        assert browser.get("/account/password").status_code == 302
    event = db_session.exec(select(AuditEvent).where(AuditEvent.action == "sessions_ended")).one()
    assert event.actor_id == user.id
    auth.login(user.email)  # signing in again works as before
    assert client.get("/account/password").status_code == 200
