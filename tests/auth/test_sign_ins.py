"""Sign-ins kept on the server: signing out ends a session, copies of its cookie too."""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.factories import create_user
from tests.support import AuthActions
from webapp.auth.models import Role, SignIn
from webapp.auth.sign_ins import LONGEST_SIGN_IN, begin_sign_in, end_sign_ins, live_sign_in
from webapp.db import utcnow

SIGNED_IN_ONLY = "/account/password"


def _copy_of(app, client):
    """Another browser holding a copy of this client's session cookie."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def test_signing_out_ends_the_session_for_a_copy_of_its_cookie(app, client, auth, db_session):
    user = create_user(db_session)
    auth.login(user.email)
    copy = _copy_of(app, client)
    assert copy.get(SIGNED_IN_ONLY).status_code == 200
    assert auth.logout().status_code == 302
    assert client.get(SIGNED_IN_ONLY).status_code == 302
    assert copy.get(SIGNED_IN_ONLY).status_code == 302  # to the sign-in page
    row = db_session.exec(select(SignIn).where(SignIn.user_id == user.id)).one()
    assert row.ended_at is not None


def test_signing_out_leaves_the_accounts_other_sessions(app, client, auth, db_session):
    user = create_user(db_session)
    auth.login(user.email)
    elsewhere = app.test_client()
    AuthActions(elsewhere).login(user.email)
    auth.logout()
    assert elsewhere.get(SIGNED_IN_ONLY).status_code == 200


def test_a_cookie_naming_no_sign_in_signs_nobody_in(client, auth, db_session):
    user = create_user(db_session)
    auth.login(user.email)
    with client.session_transaction() as cookie:  # as a cookie from before sign-ins were kept
        del cookie["sign_in"]
    assert client.get(SIGNED_IN_ONLY).status_code == 302


def test_only_a_hash_of_the_token_is_stored(db_session):
    user = create_user(db_session)
    token = begin_sign_in(session=db_session, user=user)
    row = db_session.exec(select(SignIn).where(SignIn.user_id == user.id)).one()
    assert token not in row.token_hash and len(row.token_hash) == 64
    assert live_sign_in(session=db_session, user_id=user.id, token=token)[0] == user
    assert live_sign_in(session=db_session, user_id=user.id, token=token + "x") is None
    assert live_sign_in(session=db_session, user_id=user.id, token=None) is None


def test_a_token_signs_in_only_its_own_account(db_session):
    user, other = create_user(db_session), create_user(db_session)
    token = begin_sign_in(session=db_session, user=user)
    assert live_sign_in(session=db_session, user_id=other.id, token=token) is None


def test_a_sign_in_lasts_thirty_days_at_most(db_session):
    user = create_user(db_session)
    token = begin_sign_in(session=db_session, user=user)
    row = db_session.exec(select(SignIn).where(SignIn.user_id == user.id)).one()
    row.started_at = utcnow() - LONGEST_SIGN_IN + timedelta(minutes=1)
    db_session.flush()
    assert live_sign_in(session=db_session, user_id=user.id, token=token)[0] == user
    row.started_at -= timedelta(minutes=2)
    db_session.flush()
    assert live_sign_in(session=db_session, user_id=user.id, token=token) is None


def test_signing_in_clears_the_accounts_ended_and_old_rows_only(db_session):
    user, other = create_user(db_session), create_user(db_session)
    begin_sign_in(session=db_session, user=user)
    end_sign_ins(session=db_session, user=user)
    old = begin_sign_in(session=db_session, user=user)
    for row in db_session.exec(select(SignIn).where(SignIn.ended_at.is_(None))):
        row.started_at = utcnow() - LONGEST_SIGN_IN - timedelta(days=1)
    others = begin_sign_in(session=db_session, user=other)
    end_sign_ins(session=db_session, user=other)
    db_session.flush()
    live = begin_sign_in(session=db_session, user=user)
    db_session.expire_all()
    rows = db_session.exec(select(SignIn).where(SignIn.user_id == user.id)).all()
    assert len(rows) == 1 and live_sign_in(session=db_session, user_id=user.id, token=live)
    assert live_sign_in(session=db_session, user_id=user.id, token=old) is None
    assert len(db_session.exec(select(SignIn).where(SignIn.user_id == other.id)).all()) == 1
    assert live_sign_in(session=db_session, user_id=other.id, token=others) is None


def test_confirming_the_password_again_gives_the_session_a_new_sign_in(
    app, client, auth, db_session
):
    user = create_user(db_session)
    auth.login(user.email)
    copy = _copy_of(app, client)
    response = client.post(
        "/reauthenticate?next=/account/password", data={"password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get(SIGNED_IN_ONLY).status_code == 200
    assert copy.get(SIGNED_IN_ONLY).status_code == 302
    rows = db_session.exec(select(SignIn).where(SignIn.user_id == user.id)).all()
    assert [row.ended_at for row in rows] == [None]  # the old one ended, and was cleared


def test_a_staff_session_that_expires_ends_for_its_copies_too(app, client, auth, db_session):
    officer = create_user(db_session, role=Role.OFFICER)
    auth.login(officer.email)
    copy = _copy_of(app, client)  # a copy that someone keeps using
    with client.session_transaction() as cookie:
        cookie["seen_at"] -= app.config["STAFF_IDLE_SECONDS"] + 60
    assert client.get(SIGNED_IN_ONLY).status_code == 302  # idle: signed out
    assert copy.get(SIGNED_IN_ONLY).status_code == 302


ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.mark.parametrize(
    ("user_agent", "expected"),
    [
        (ANDROID_CHROME, ("Chrome", "Android")),
        (WINDOWS_FIREFOX, ("Firefox", "Windows")),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            ("Safari", "iPhone"),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            ("Edge", "Windows"),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            ("Safari", "macOS"),
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0",
            ("Edge", "Android"),
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
            ("Chrome", "iPhone"),
        ),
        ("Mozilla/5.0 (Linux; Android 14; Edge Phone X) Firefox/133.0", ("Firefox", "Android")),
        ("curl/8.5.0", (None, None)),
        (None, (None, None)),
    ],
)
def test_a_sign_in_names_its_browser_and_system(user_agent, expected):
    from webapp.auth.sign_ins import describe_user_agent

    assert describe_user_agent(user_agent) == expected


def test_a_person_sees_where_they_are_signed_in_and_ends_one_session(app, client, auth, db_session):
    from webapp.audit.models import AuditEvent

    user = create_user(db_session)
    client.environ_base["HTTP_USER_AGENT"] = WINDOWS_FIREFOX  # each browser keeps its own
    auth.login(user.email)
    phone = app.test_client()
    phone.environ_base["HTTP_USER_AGENT"] = ANDROID_CHROME
    AuthActions(phone).login(user.email)
    page = client.get(SIGNED_IN_ONLY).get_data(as_text=True)
    assert "Firefox on Windows" in page and "Chrome on Android" in page
    assert page.count("This browser") == 1 and page.count("Sign out there") == 1
    on_phone = db_session.exec(
        select(SignIn).where(SignIn.user_id == user.id, SignIn.system == "Android")
    ).one()

    response = client.post(f"/account/sessions/{on_phone.id}/end")
    assert response.status_code == 302 and response.headers["Location"].endswith(SIGNED_IN_ONLY)
    on_the_phone = phone.get(SIGNED_IN_ONLY)
    assert on_the_phone.status_code == 302  # the phone is signed out ...
    assert on_the_phone.headers["Clear-Site-Data"] == '"cache", "storage"'  # ... and forgets
    with phone.session_transaction() as cookie:
        assert "_user_id" not in cookie
    assert "Clear-Site-Data" not in phone.get("/").headers  # once
    page = client.get(SIGNED_IN_ONLY).get_data(as_text=True)  # this browser is not
    assert "That browser is signed out." in page and "Chrome on Android" not in page
    event = db_session.exec(select(AuditEvent).where(AuditEvent.action == "session_ended")).one()
    assert (event.object_id, event.actor_id) == (user.id, user.id)
    assert client.post(f"/account/sessions/{on_phone.id}/end").status_code == 404  # ended


def test_nobody_ends_another_accounts_session(app, client, auth, db_session):
    owner, other = create_user(db_session), create_user(db_session)
    elsewhere = app.test_client()
    AuthActions(elsewhere).login(owner.email)
    owners = db_session.exec(select(SignIn).where(SignIn.user_id == owner.id)).one()
    auth.login(other.email)
    assert client.post(f"/account/sessions/{owners.id}/end").status_code == 404
    assert elsewhere.get(SIGNED_IN_ONLY).status_code == 200
    assert client.post("/account/sessions/999999/end").status_code == 404


def test_ending_this_browsers_own_session_signs_it_out(client, auth, db_session):
    user = create_user(db_session)
    auth.login(user.email)
    mine = db_session.exec(select(SignIn).where(SignIn.user_id == user.id)).one()
    response = client.post(f"/account/sessions/{mine.id}/end")
    assert response.status_code == 302 and response.headers["Clear-Site-Data"]
    assert client.get(SIGNED_IN_ONLY).status_code == 302


def _set_times(db_session, sign_in_id, **times):
    from sqlalchemy import update

    statement = update(SignIn).where(SignIn.id == sign_in_id).values(**times)
    db_session.execute(statement.execution_options(synchronize_session=False))
    db_session.commit()


def test_a_session_in_use_is_noted_as_seen_every_few_minutes(client, auth, db_session):
    from webapp.auth.sign_ins import SEEN_EVERY

    user = create_user(db_session)
    auth.login(user.email)
    row = db_session.exec(select(SignIn).where(SignIn.user_id == user.id)).one()
    begun = row.last_seen_at
    assert begun is not None
    client.get(SIGNED_IN_ONLY)
    db_session.refresh(row)
    assert row.last_seen_at == begun  # seen a moment ago: no write
    a_while_ago = utcnow() - SEEN_EVERY - timedelta(seconds=1)
    _set_times(db_session, row.id, last_seen_at=a_while_ago)
    client.get(SIGNED_IN_ONLY)
    db_session.refresh(row)
    assert row.last_seen_at > a_while_ago + SEEN_EVERY


def test_the_list_leaves_out_sessions_whose_cookies_have_expired(app, client, auth, db_session):
    user = create_user(db_session)
    staff = create_user(db_session, role=Role.OFFICER)
    for account in (user, staff, staff):
        AuthActions(app.test_client()).login(account.email)  # an idle browser
    rows = db_session.exec(select(SignIn)).all()
    lifetime = app.permanent_session_lifetime
    idle = next(row for row in rows if row.user_id == user.id)
    _set_times(db_session, idle.id, last_seen_at=utcnow() - lifetime - timedelta(minutes=10))
    staff_rows = [row for row in rows if row.user_id == staff.id]
    nine_hours, an_hour = utcnow() - timedelta(hours=9), utcnow() - timedelta(hours=1)
    _set_times(db_session, staff_rows[0].id, started_at=nine_hours, last_seen_at=utcnow())
    _set_times(db_session, staff_rows[1].id, last_seen_at=an_hour)  # idle past 30 minutes

    auth.login(user.email)
    page = client.get(SIGNED_IN_ONLY).get_data(as_text=True)
    assert page.count("last active") == 1 and "Sign out there" not in page  # only this one
    auth.logout()
    auth.login(staff.email)
    page = client.get(SIGNED_IN_ONLY).get_data(as_text=True)
    assert page.count("last active") == 1 and "Sign out there" not in page
