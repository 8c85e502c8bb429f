"""How long a signed-in session lasts, and what does not end it."""

from tests.factories import create_round, create_user

HOME_WIFI, MOBILE_DATA = "192.0.2.10", "198.51.100.77"


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
