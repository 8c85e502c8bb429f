"""Answers to htmx that are not the part it asked for: redirects and error pages."""

HX = {"HX-Request": "true"}


def test_a_redirect_answering_htmx_moves_the_browser_instead(client, db_session):
    plain = client.get("/account/ballots")  # signing in is needed
    assert plain.status_code == 302 and "/login" in plain.headers["Location"]
    to_htmx = client.get("/account/ballots", headers=HX)
    assert to_htmx.status_code == 204 and to_htmx.get_data() == b""
    assert to_htmx.headers["HX-Redirect"] == plain.headers["Location"]
    assert "Location" not in to_htmx.headers
    assert "HX-Request" in plain.headers["Vary"] and "HX-Request" in to_htmx.headers["Vary"]


def test_an_error_page_answering_htmx_takes_the_whole_page(client, db_session):
    plain = client.get("/areas/no-such-area")
    assert plain.status_code == 404 and "HX-Retarget" not in plain.headers
    to_htmx = client.get("/areas/no-such-area", headers=HX)
    assert to_htmx.status_code == 404 and "<html" in to_htmx.get_data(as_text=True)
    assert to_htmx.headers["HX-Retarget"] == "body"
    assert to_htmx.headers["HX-Reswap"] == "outerHTML"
