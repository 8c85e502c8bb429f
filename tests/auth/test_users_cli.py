"""`flask users`: staff accounts and ending sessions from the server."""

from sqlmodel import select

from tests.factories import create_council, create_user
from tests.support import reason_in
from webapp.audit.models import AuditEvent
from webapp.auth.models import PasswordReset, Role, SignIn
from webapp.auth.resets import request_reset
from webapp.auth.services import authenticate, user_by_email

PASSWORD = "correct horse battery"
SIGNED_IN_ONLY = "/account/password"


def _actions(db_session, user):
    events = db_session.exec(
        select(AuditEvent)
        .where(AuditEvent.object_type == "user", AuditEvent.object_id == user.id)
        .order_by(AuditEvent.id)
    )
    return [event.action for event in events]


def test_create_an_officer_of_a_council(app, runner, db_session):
    council = create_council(db_session)
    options = [
        "--role",
        "officer",
        "--council",
        council.slug,
        "--password",
        "violet kettle harbour",
    ]
    result = runner.invoke(
        args=["users", "create", "New.Officer@Example.org", "--name", "New Officer", *options]
    )
    assert result.exit_code == 0, result.output
    user = user_by_email(session=db_session, email="new.officer@example.org")
    assert (user.role, user.council_id) == (Role.OFFICER, council.id)
    assert authenticate(session=db_session, email=user.email, password="violet kettle harbour")
    [event] = db_session.exec(
        select(AuditEvent)
        .where(AuditEvent.object_type == "user", AuditEvent.object_id == user.id)
        .order_by(AuditEvent.id)
    )
    assert (event.action, event.to_state, event.actor_id) == ("created", "officer", None)
    assert reason_in(app, event) == "Created on the server with flask users create"


def test_the_password_is_asked_for_hidden_when_not_given(runner, db_session):
    result = runner.invoke(
        args=["users", "create", "asked@example.org", "--name", "Asked"],
        input="violet kettle harbour\nviolet kettle harbour\n",
    )
    assert result.exit_code == 0, result.output
    assert "violet kettle harbour" not in result.output
    assert user_by_email(session=db_session, email="asked@example.org")


def test_bad_accounts_are_refused_and_nothing_is_created(runner, db_session):
    create_user(db_session, email="taken@example.org")
    cases = [
        (["taken@example.org", "--name", "Again"], "already exists"),
        (["weak@example.org", "--name", "Weak", "--password", "password1234"], "too easy"),
        (["staff@example.org", "--name", "S", "--role", "officer"], "must belong to a council"),
        (["lost@example.org", "--name", "L", "--council", "nowhere"], "No council has"),
    ]
    for args, message in cases:
        if "--password" not in args:
            args = [*args, "--password", "violet kettle harbour"]
        result = runner.invoke(args=["users", "create", *args])
        assert result.exit_code == 1 and message in result.output, (args, result.output)
    for email in ("weak@example.org", "staff@example.org", "lost@example.org"):
        assert user_by_email(session=db_session, email=email) is None


def test_disabling_an_account_ends_its_sessions_and_stops_sign_in(
    app, runner, client, auth, db_session
):
    user = create_user(db_session)
    auth.login(user.email)
    assert client.get(SIGNED_IN_ONLY).status_code == 200
    result = runner.invoke(args=["users", "disable", user.email])
    assert result.exit_code == 0, result.output
    assert client.get(SIGNED_IN_ONLY).status_code == 302
    assert auth.login(user.email).status_code == 422
    runner.invoke(args=["users", "enable", user.email])
    assert auth.login(user.email).status_code == 302
    assert _actions(db_session, user) == ["created", "disabled", "enabled"]


def test_signing_out_one_account_or_everyone(app, runner, db_session):
    one, other = create_user(db_session), create_user(db_session)
    browsers = {}
    for user in (one, other):
        browsers[user.id] = app.test_client()
        browsers[user.id].post("/login", data={"email": user.email, "password": PASSWORD})
    result = runner.invoke(args=["users", "sign-out", one.email])
    assert result.exit_code == 0, result.output
    assert browsers[one.id].get(SIGNED_IN_ONLY).status_code == 302
    assert browsers[other.id].get(SIGNED_IN_ONLY).status_code == 200
    assert _actions(db_session, one) == ["created", "sessions_ended"]
    result = runner.invoke(args=["users", "sign-out", "--everyone"])
    assert result.exit_code == 0 and "1 sessions ended." in result.output
    assert browsers[other.id].get(SIGNED_IN_ONLY).status_code == 302
    assert db_session.exec(select(SignIn).where(SignIn.ended_at.is_(None))).all() == []


def test_signing_everyone_out_voids_reset_links_and_is_audited(app, runner, db_session):
    """As for one account: after a break-in, an intruder's reset link must not outlive
    the fix, and the audit trail says it was done, and to how many."""
    one, other = create_user(db_session), create_user(db_session)
    app.test_client().post("/login", data={"email": one.email, "password": PASSWORD})
    with app.test_request_context():
        for user in (one, other):
            request_reset(session=db_session, email=user.email)
    db_session.commit()

    result = runner.invoke(args=["users", "sign-out", "--everyone"])

    assert result.exit_code == 0, result.output
    assert "1 sessions ended. 2 unused password reset links voided." in result.output
    db_session.expire_all()
    assert db_session.exec(select(PasswordReset)).all() == []
    event = db_session.exec(select(AuditEvent).where(AuditEvent.object_type == "site")).one()
    assert (event.action, event.actor_id) == ("sessions_ended", None)
    assert reason_in(app, event) == "Every account: 1 session ended, 2 unused reset links voided"


def test_unknown_addresses_and_unclear_requests_say_so(runner, db_session):
    for args in (["disable", "nobody@example.org"], ["sign-out", "nobody@example.org"]):
        result = runner.invoke(args=["users", *args])
        assert result.exit_code == 1 and "No account has" in result.output
    result = runner.invoke(args=["users", "sign-out"])
    assert result.exit_code == 1 and "--everyone" in result.output


def test_list_shows_staff_with_their_council_and_state(runner, db_session):
    council = create_council(db_session)
    officer = create_user(db_session, role=Role.OFFICER, council=council)
    create_user(db_session)
    result = runner.invoke(args=["users", "list", "--council", council.slug])
    assert result.output.splitlines() == [f"{officer.email}\tofficer\t{council.slug}\tactive"]
