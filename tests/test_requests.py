import pytest

from webapp.requests import CleanRequest


def test_control_characters_are_dropped_from_query_and_form(app):
    with app.test_request_context(
        "/?q=a%00b&x%01=1", method="POST", data={"name": "Sam\x00\x07 Smith\n"}
    ):
        from flask import request

        assert isinstance(request, CleanRequest)
        assert request.args["q"] == "ab" and "x" in request.args
        assert request.form["name"] == "Sam Smith\n"


def test_an_id_too_big_for_any_column_is_no_page(client, auth, db_session):
    from tests.factories import create_user

    auth.login(create_user(db_session).email)
    huge = "9" * 20
    assert client.get(f"/rounds/{huge}/results").status_code == 404
    assert client.post(f"/account/sessions/{huge}/end").status_code == 404
    assert client.get(f"/rounds/{2**31}/results").status_code == 404
    assert client.get(f"/rounds/{2**31 - 1}/results").status_code == 404  # the largest: looked up


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0", 0),
        ("42", 42),
        (str(2**31 - 1), 2**31 - 1),
        (str(2**31), None),
        ("9" * 19, None),
        ("²", None),
        ("٣", None),
        ("-1", None),
        ("1.5", None),
        (" 7", None),
        ("", None),
        (None, None),
    ],
)
def test_whole_numbers_are_ascii_digits_a_column_can_hold(text, number):
    from webapp.requests import whole_number

    assert whole_number(text) == number
