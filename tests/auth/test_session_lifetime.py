"""How long a signed-in session lasts, and what does not end it."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import create_round, create_user

HOME_WIFI, MOBILE_DATA = "192.0.2.10", "198.51.100.77"
SIGNED_IN_ONLY = "/account/password"


class Clock:
    """The time the cookie's signature, the session's stamps and the sign-in rows read."""

    def __init__(self) -> None:
        self.now = time.time()

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta).total_seconds()


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: clock.now)
    monkeypatch.setattr(
        "webapp.auth.sign_ins.utcnow", lambda: datetime.fromtimestamp(clock.now, UTC)
    )
    return clock


def test_a_phone_that_changes_network_stays_signed_in(client, auth, db_session):
    user = create_user(db_session)
    client.environ_base["REMOTE_ADDR"] = HOME_WIFI
    auth.login(user.email)
    client.environ_base["REMOTE_ADDR"] = MOBILE_DATA

    response = client.get("/account/password")

    assert response.status_code == 200
    assert 'action="/logout"' in response.get_data(as_text=True)


def test_a_residents_ballot_draft_survives_a_change_of_network(app, client, auth, db_session):
    with app.app_context():
        _, area, codes = create_round(db_session, voters=3)
    user = create_user(db_session)
    client.environ_base["REMOTE_ADDR"] = HOME_WIFI
    auth.login(user.email)
    client.post(f"/areas/{area.slug}/vote", data={"code": codes[0]})
    client.post(
        f"/areas/{area.slug}/vote/ballot",
        data={"choice-grass-cutting": "delegate", "choice-caretaking": "none"},
    )
    client.environ_base["REMOTE_ADDR"] = MOBILE_DATA

    review = client.get(f"/areas/{area.slug}/vote/review")

    assert review.status_code == 200
    assert "Delegate" in review.get_data(as_text=True)
    assert client.get("/account/password").status_code == 200


def test_a_resident_in_use_all_day_stays_signed_in_and_one_idle_for_eight_hours_not(
    client, auth, db_session, clock
):
    auth.login(create_user(db_session).email)
    for _ in range(10):  # a group lead works on a claim all day, a page an hour
        clock.advance(hours=1)
        response = client.get(SIGNED_IN_ONLY)
        assert response.status_code == 200
        assert "Set-Cookie" in response.headers  # re-issued: its 8 hours start again
    clock.advance(hours=8, minutes=1)
    assert client.get(SIGNED_IN_ONLY).status_code == 302


def test_a_resident_in_use_is_signed_out_thirty_days_after_signing_in(
    client, auth, db_session, clock
):
    auth.login(create_user(db_session).email)
    for _ in range(4 * 30 - 1):  # a page every six hours
        clock.advance(hours=6)
        assert client.get(SIGNED_IN_ONLY).status_code == 200
    clock.advance(hours=6, minutes=1)  # 30 days and a minute
    response = client.get(SIGNED_IN_ONLY)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
