"""Bookkeeping writes on a real engine: a sign-in noted as seen, or ended as expired,
on a POST as on a GET. (The usual fixture binds every session to one connection, so
it cannot see two connections of one request wait on each other.)"""

import time
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from tests.factories import create_user
from tests.support import AuthActions, app_on_a_new_database
from webapp.auth.models import Role, SignIn
from webapp.auth.sign_ins import SEEN_EVERY
from webapp.db import get_db, utcnow


@pytest.fixture
def real_app(database_url, tmp_path):
    with app_on_a_new_database(database_url, tmp_path) as app:
        yield app


def _account(app, role=Role.RESIDENT):
    with app.app_context(), get_db(app).session_scope() as session:
        user = create_user(session, role=role)
        return user.id, user.email


def _age(app, user_id, **times):
    with app.app_context(), get_db(app).session_scope() as session:
        session.execute(update(SignIn).where(SignIn.user_id == user_id).values(**times))


def _row(app, user_id) -> SignIn:
    with app.app_context(), get_db(app).session_scope() as session:
        return session.exec(select(SignIn).where(SignIn.user_id == user_id)).one()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_session_is_noted_as_seen_on_any_request(real_app, method):
    user_id, email = _account(real_app)
    client = real_app.test_client()
    AuthActions(client).login(email)
    long_ago = utcnow() - SEEN_EVERY - timedelta(minutes=1)
    _age(real_app, user_id, last_seen_at=long_ago)
    began = time.monotonic()
    path = "/account/password" if method == "GET" else "/notifications/read"
    response = client.open(path, method=method)
    assert response.status_code in (200, 302) and time.monotonic() - began < 5
    assert _row(real_app, user_id).last_seen_at > long_ago + SEEN_EVERY


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_expired_staff_session_ends_on_any_request(real_app, method):
    user_id, email = _account(real_app, role=Role.OFFICER)
    client = real_app.test_client()
    AuthActions(client).login(email)
    with client.session_transaction() as cookie:
        cookie["seen_at"] = int(time.time()) - 3600  # idle for an hour
    began = time.monotonic()
    response = client.open("/admin/" if method == "GET" else "/notifications/read", method=method)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert time.monotonic() - began < 5 and response.headers["Clear-Site-Data"]
    assert _row(real_app, user_id).ended_at is not None
