"""Security events: one JSON line each on the webapp.security logger, nothing secret."""

import json
import logging

import pytest

from tests.factories import create_area, create_group, create_officer, create_user
from webapp.security_events import JsonLines, logger


@pytest.fixture
def security_log():
    """The JSON lines the webapp.security logger writes during the test."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(JsonLines().format(record)))

    handler = Collect()
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_sign_ins_their_failures_and_sign_outs_are_logged(client, auth, db_session, security_log):
    user = create_user(db_session)
    auth.login(user.email, "not the password at all")
    auth.login(user.email.upper())
    auth.logout()
    failed, succeeded, signed_out = security_log
    assert failed["event"] == "sign_in" and failed["outcome"] == "failed"
    assert failed["account"] == user.email and failed["user_id"] is None
    assert failed["route"] == "/login" and failed["method"] == "POST" and failed["client"]
    assert failed["time"].endswith("+00:00")
    assert (succeeded["outcome"], succeeded["user_id"]) == ("succeeded", str(user.id))
    assert (signed_out["event"], signed_out["user_id"]) == ("sign_out", str(user.id))
    assert "not the password" not in json.dumps(security_log)
    assert "correct horse" not in json.dumps(security_log)


def test_a_typed_value_cannot_forge_a_log_line(client, auth, db_session, security_log):
    auth.login('x@example.org"}\u2028{"event": "sign_in", "outcome": "succeeded')
    formatted = JsonLines().format(
        logging.makeLogRecord({"security_event": security_log[0], "msg": ""})
    )
    assert len(formatted.splitlines()) == 1 and "\u2028" not in formatted
    assert security_log[0]["outcome"] == "failed"


def test_refusals_and_throttling_are_logged(client, auth, db_session, security_log):
    resident = create_user(db_session)
    auth.login(resident.email)
    assert client.get("/admin/").status_code == 403
    auth.logout()
    for _ in range(11):
        auth.login("nobody@example.org", "wrong password here")
    events = [(e["event"], e["outcome"]) for e in security_log]
    assert ("access", "refused") in events
    throttled = [e for e in security_log if e["event"] == "rate_limit"]
    assert (
        throttled
        and throttled[0]["route"] == "/login"
        and "10 per 1 minute" in throttled[0]["limit"]
    )


def test_reauthentication_and_expired_staff_sessions_are_logged(
    client, auth, db_session, security_log
):
    officer = create_officer(db_session, create_area(db_session))
    auth.login(officer.email)
    client.post("/reauthenticate", data={"password": "wrong password here"})
    client.post("/reauthenticate", data={"password": "correct horse battery"})
    with client.session_transaction() as cookie:
        cookie["seen_at"] = 0
    client.get("/admin/")
    events = [(e["event"], e["outcome"], e.get("reason")) for e in security_log]
    assert ("reauthenticate", "failed", None) in events
    assert ("reauthenticate", "succeeded", None) in events
    assert ("session_expired", "signed_out", "idle") in events


def test_csrf_failures_are_logged(csrf_client, db_session, security_log):
    csrf_client.post("/login", data={"email": "a@example.org", "password": "whatever it is"})
    assert security_log[-1]["event"] == "csrf" and security_log[-1]["outcome"] == "refused"
    assert "CSRF" in security_log[-1]["reason"]


def test_records_hidden_from_a_viewer_are_logged_as_refusals(
    client, auth, db_session, security_log
):
    group = create_group(db_session)
    outsider = create_user(db_session)
    auth.login(outsider.email)
    assert client.get(f"/groups/{group.id}").status_code == 404
    assert client.get("/groups/999999").status_code == 404  # not there at all: not a refusal
    refusals = [e for e in security_log if e["event"] == "access"]
    assert len(refusals) == 1
    assert refusals[0]["answered_as"] == "not_found"
    assert refusals[0]["user_id"] == str(outsider.id)
    assert refusals[0]["route"] == "/groups/<int:group_id>"
