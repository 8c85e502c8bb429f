"""Every form reads what a browser sends (form fields and files), never a JSON body."""

import re

import pytest
from sqlmodel import select

from tests.factories import create_user
from webapp.auth.models import User

PASSWORD = "violet kettle harbour lantern"


@pytest.mark.parametrize(
    "body",
    [
        {"email": 123, "password": "x"},
        {"email": {"a": 1}, "password": ["x"]},
        {"email": "a@example.org", "password": 5, "name": True, "confirm": 5},
        ["not", "an", "object"],
    ],
    ids=["number", "object-and-list", "not-strings", "a-list"],
)
@pytest.mark.parametrize("url", ["/login", "/register", "/password/forgot"])
def test_a_json_body_of_any_values_is_an_empty_form(client, db_session, url, body):
    response = client.post(url, json=body)

    assert response.status_code == 422
    assert "Please fill this in." in response.get_data(as_text=True)


def test_the_right_password_signs_in_from_a_form_but_not_from_json(client, db_session):
    user = create_user(db_session)
    right = {"email": user.email, "password": "correct horse battery"}

    assert client.post("/login", json=right).status_code == 422
    assert client.get("/account/password").status_code == 302  # to the sign-in page
    assert client.post("/login", data=right).status_code == 302
    assert client.get("/account/password").status_code == 200


def test_a_json_body_cannot_carry_control_characters_into_an_account(client, db_session):
    body = {"name": "Ann\x00\x1bExample", "email": "ann@example.org"}

    client.post("/register", json={**body, "password": PASSWORD, "confirm": PASSWORD})

    assert db_session.exec(select(User).where(User.email == "ann@example.org")).first() is None


def test_a_json_body_with_a_good_csrf_token_is_an_empty_form_too(csrf_client, db_session):
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)

    response = csrf_client.post(
        "/login", json={"email": 123, "password": "x"}, headers={"X-CSRFToken": token}
    )

    assert response.status_code == 422
