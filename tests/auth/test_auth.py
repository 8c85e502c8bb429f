import pytest
from sqlmodel import select

from tests.factories import create_user
from webapp.auth.models import Role, User
from webapp.auth.services import InvalidPassword, authenticate
from webapp.auth.services import create_user as create_account


def test_passwords_are_hashed_with_scrypt_outside_the_tests(db_session):
    from webapp.auth import services

    assert services.DEFAULT_PASSWORD_METHOD.startswith("scrypt:")
    user = create_user(db_session, email="a@example.org")
    assert user.password_hash.startswith(services.PASSWORD_METHOD.split(":")[0])
    assert "correct horse battery" not in user.password_hash


def test_short_passwords_are_refused(db_session):
    with pytest.raises(InvalidPassword):
        create_account(session=db_session, email="b@example.org", name="B", password="short")


def test_council_roles_need_a_council(db_session):
    with pytest.raises(Exception, match="must belong to a council"):
        create_account(
            session=db_session,
            email="c@example.org",
            name="C",
            password="long enough password",
            role=Role.OFFICER,
        )


def test_authenticate(db_session):
    user = create_user(db_session, email="Dee@Example.org")
    assert (
        authenticate(
            session=db_session, email=" dee@example.ORG ", password="correct horse battery"
        )
        == user
    )
    assert authenticate(session=db_session, email="dee@example.org", password="wrong") is None
    assert authenticate(session=db_session, email="nobody@example.org", password="x") is None
    user.active = False
    assert (
        authenticate(session=db_session, email="dee@example.org", password="correct horse battery")
        is None
    )


@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_sign_in_and_out(client, auth, db_session, role):
    user = create_user(db_session, role=role)
    response = auth.login(user.email)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert user.name in page and "Sign out" in page
    assert auth.logout().status_code == 302
    assert "Sign in" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, auth, db_session):
    user = create_user(db_session)
    response = auth.login(user.email, "not the password")
    assert response.status_code == 422
    assert "do not match" in response.get_data(as_text=True)


def test_login_only_returns_to_local_pages(client, db_session):
    user = create_user(db_session)
    form = {"email": user.email, "password": "correct horse battery"}
    response = client.post("/login?next=https://evil.example/", data=form)
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/areas/x", data=form)
    assert response.headers["Location"] == "/areas/x"


def test_logout_is_post_only(client):
    assert client.get("/logout").status_code == 405


def test_user_is_stored_with_lowercase_email(db_session):
    create_user(db_session, email="MiXeD@Example.org")
    assert db_session.exec(select(User.email).where(User.email == "mixed@example.org")).one()


@pytest.mark.parametrize(
    "password", ["password1234", "qwertyuiop12", "aaaaaaaaaaaa", "123456789012"]
)
def test_guessable_passwords_are_refused(db_session, password):
    from webapp.auth.services import GuessablePassword

    with pytest.raises(GuessablePassword):
        create_account(session=db_session, email="g@example.org", name="G", password=password)


def test_registering_with_a_common_password_says_why(client, db_session):
    form = {
        "name": "Sam",
        "email": "sam@example.org",
        "password": "password1234",
        "confirm": "password1234",
    }
    response = client.post("/register", data=form)
    assert response.status_code == 422
    assert "too easy to guess" in response.get_data(as_text=True)


def test_guessing_passwords_is_throttled(client, db_session):
    user = create_user(db_session)
    statuses = [
        client.post(
            "/login", data={"email": user.email, "password": f"wrong {n:02d} password"}
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10:] == [429, 429]


def test_guessing_the_password_at_reauthentication_is_throttled(client, auth, db_session):
    """A stolen session cannot be used to guess the officer's password."""
    user = create_user(db_session, role=Role.OFFICER)
    auth.login(user.email)
    statuses = [
        client.post("/reauthenticate", data={"password": f"wrong {n:02d} password"}).status_code
        for n in range(11)
    ]
    assert statuses == [422] * 10 + [429]
    assert client.get("/reauthenticate").status_code == 200  # the page itself still opens
