from webapp.requests import CleanRequest


def test_control_characters_are_dropped_from_query_and_form(app):
    with app.test_request_context(
        "/?q=a%00b&x%01=1", method="POST", data={"name": "Sam\x00\x07 Smith\n"}
    ):
        from flask import request

        assert isinstance(request, CleanRequest)
        assert request.args["q"] == "ab" and "x" in request.args
        assert request.form["name"] == "Sam Smith\n"
