import pytest
from sqlmodel import select

from tests.factories import create_user
from tests.support import reason_in
from webapp.auth.models import Role, User
from webapp.auth.services import InvalidPassword, authenticate
from webapp.auth.services import create_user as create_account


def test_passwords_are_hashed_with_scrypt_outside_the_tests(db_session):
    from webapp.auth import services

    assert services.DEFAULT_PASSWORD_METHOD.startswith("scrypt:")
    user = create_user(db_session, email="a@example.org")
    assert user.password_hash.startswith(services.PASSWORD_METHOD.split(":")[0])
    assert "correct horse battery" not in user.password_hash


def test_the_default_scrypt_settings_meet_owasps_minimum():
    from webapp.auth import services

    _, n, r, p = services.DEFAULT_PASSWORD_METHOD.split(":")
    # OWASP's equal-strength scrypt settings: N = 2^17 with p = 1 ... N = 2^13 with p = 10.
    minimum_p = {2**17: 1, 2**16: 2, 2**15: 3, 2**14: 5, 2**13: 10}
    assert int(r) >= 8 and int(p) >= minimum_p[int(n)]


def test_a_password_kept_with_older_settings_is_hashed_again_at_sign_in(
    app, client, auth, db_session
):
    from werkzeug.security import check_password_hash, generate_password_hash

    from webapp.audit.models import AuditEvent
    from webapp.auth.services import PASSWORD_METHOD

    user = create_user(db_session)
    older = "pbkdf2:sha256:600" if PASSWORD_METHOD != "pbkdf2:sha256:600" else "pbkdf2:sha256:700"
    user.password_hash = generate_password_hash("correct horse battery", method=older)
    db_session.add(user)
    db_session.commit()
    wrong = client.post("/login", data={"email": user.email, "password": "wrong horse battery"})
    assert wrong.status_code == 422
    db_session.refresh(user)
    assert user.password_hash.startswith(older + "$")  # a wrong password changes nothing

    assert auth.login(user.email).status_code == 302
    db_session.refresh(user)
    assert user.password_hash.startswith(PASSWORD_METHOD + "$")
    assert check_password_hash(user.password_hash, "correct horse battery")
    event = db_session.exec(
        select(AuditEvent).where(AuditEvent.action == "password_rehashed")
    ).one()
    assert (event.object_id, reason_in(app, event)) == (
        user.id,
        f"{older} replaced by {PASSWORD_METHOD}",
    )
    auth.logout()
    auth.login(user.email)
    rehashed = db_session.exec(select(AuditEvent).where(AuditEvent.action == "password_rehashed"))
    assert len(rehashed.all()) == 1  # once only


@pytest.mark.parametrize(
    ("stored", "current", "weaker"),
    [
        ("scrypt:32768:8:1", "scrypt:32768:8:3", True),
        ("scrypt:16384:8:1", "scrypt:32768:8:3", True),
        ("scrypt:32768:8:3", "scrypt:32768:8:3", False),
        ("scrypt:131072:8:1", "scrypt:32768:8:3", False),  # as strong, another way
        ("pbkdf2:sha256:600000", "scrypt:32768:8:3", True),
        ("scrypt:32768:8:3", "pbkdf2:sha256:1000000", False),  # never towards PBKDF2
        ("pbkdf2:sha256:600000", "pbkdf2:sha256:1000000", True),
        ("pbkdf2:sha512:600000", "pbkdf2:sha256:1000000", False),
        ("scrypt:32768:8:3", "scrypt:16384:8:1", False),  # a cheaper setting weakens nothing
    ],
)
def test_only_weaker_hashes_are_redone(monkeypatch, stored, current, weaker):
    from webapp.auth import services

    monkeypatch.setattr(services, "CURRENT_METHOD", current)
    assert services.weaker_than_current(stored) is weaker


def test_a_password_changed_while_being_checked_is_not_hashed_back(db_session):
    from sqlalchemy import update
    from werkzeug.security import generate_password_hash

    user = create_user(db_session)
    older = generate_password_hash("correct horse battery", method="pbkdf2:sha256:600")
    user.password_hash = older
    db_session.add(user)
    db_session.commit()
    assert user.password_hash == older  # this session's copy of the account
    reset = generate_password_hash("a brand new passphrase", method="pbkdf2:sha256:600")
    another_request = update(User).where(User.id == user.id).values(password_hash=reset)
    db_session.execute(another_request.execution_options(synchronize_session=False))
    signed_in = authenticate(session=db_session, email=user.email, password="correct horse battery")
    assert signed_in is None  # the old password no longer signs in ...
    stored = db_session.exec(select(User.password_hash).where(User.id == user.id)).one()
    assert stored == reset  # ... and the new one stays


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


def test_passwords_built_on_the_sites_words_are_refused(db_session):
    """ASVS V6.1.2: the product's words and the names of the site's councils and areas
    count as known words, as the person's own name does."""
    from tests.factories import create_area, create_council
    from webapp.auth.services import GuessablePassword

    def register(password, n):
        return create_account(
            session=db_session, email=f"w{n}@example.org", name="W", password=password
        )

    register("Quennell2026!", 1)  # not yet a word of this site
    register("HarrowgateLane!", 2)
    council = create_council(db_session, name="Quennell District Council")
    create_area(db_session, council=council, name="Harrowgate Lane")
    for n, password in enumerate(["Quennell2026!", "HarrowgateLane!", "neighbourhoodmenu1"]):
        with pytest.raises(GuessablePassword):
            register(password, 10 + n)


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


def test_sign_ins_naming_no_address_share_no_per_account_limit(client, db_session):
    """A JSON body is an empty form: it names no address, checks no password, and
    counts against its client address only, never one bucket shared by all of them."""
    user = create_user(db_session)
    statuses = [
        client.post(
            "/login",
            json={"email": user.email, "password": f"wrong {n:02d} password"},
            environ_base={"REMOTE_ADDR": f"203.0.113.{n}"},
        ).status_code
        for n in range(25)
    ]
    assert statuses == [422] * 25
