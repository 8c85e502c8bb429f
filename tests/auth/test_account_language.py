"""An account's language: kept from the switcher, at sign-up and at sign-in, and never
from a link alone (a GET changes nothing)."""

import pytest
from sqlmodel import select

from tests.factories import create_user
from tests.support import AuthActions
from webapp.audit.models import AuditEvent
from webapp.auth.languages import UnknownLanguage, set_language
from webapp.auth.services import user_by_email

PASSWORD = "correct horse battery"


def language_of(db_session, user) -> str | None:
    db_session.expire(user)
    return user.language


def test_a_new_account_keeps_the_language_it_was_made_in(client, db_session):
    form = {"name": "Ana", "email": "ana@example.org", "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/register?lang=ro", data=form).status_code == 302
    assert user_by_email(session=db_session, email="ana@example.org").language == "ro"


def test_signing_in_fills_in_the_language_and_a_chosen_one_replaces_it(app, db_session):
    user = create_user(db_session)
    guessed = app.test_client()  # only the browser's settings speak: they fill in
    guessed.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"Accept-Language": "pl"},
    )
    assert language_of(db_session, user) == "pl"
    elsewhere = app.test_client()  # a guess never replaces the account's language
    elsewhere.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"Accept-Language": "bn"},
    )
    assert language_of(db_session, user) == "pl"
    chosen = app.test_client()  # a language picked in this browser does
    chosen.get("/?lang=cy")
    AuthActions(chosen).login(user.email)
    assert language_of(db_session, user) == "cy"
    changes = db_session.exec(
        select(AuditEvent.from_state, AuditEvent.to_state).where(
            AuditEvent.object_id == user.id, AuditEvent.action == "language_changed"
        )
    ).all()
    assert changes == [("pl", "cy")]  # the first fill-in is no change


def test_the_switcher_keeps_the_language_of_a_signed_in_account(client, auth, db_session):
    user = create_user(db_session)
    auth.login(user.email)
    assert language_of(db_session, user) == "en"
    page = client.get("/notifications").get_data(as_text=True)
    assert 'action="/account/language"' in page and 'name="language" value="ar"' in page
    assert 'href="/notifications?lang=ar"' not in page
    assert "We write your emails in English." in page
    response = client.post(
        "/account/language", data={"language": "ar", "next": "/notifications?lang=en"}
    )
    assert response.status_code == 302 and response.location == "/notifications?lang=ar"
    assert language_of(db_session, user) == "ar"
    arabic = client.get(response.location).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in arabic
    assert "We write your emails in Arabic." in client.get("/notifications?lang=en").get_data(
        as_text=True
    )
    client.get("/?lang=pl")  # a link (or one sent from another site) changes only the page
    assert language_of(db_session, user) == "ar"


def test_the_switcher_goes_back_to_this_site_only(client, auth, db_session):
    auth.login(create_user(db_session).email)
    response = client.post("/account/language", data={"language": "pl", "next": "//evil.example/"})
    assert response.location == "/?lang=pl"


def test_an_anonymous_visitor_keeps_links_and_a_cookie(client, db_session):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/?lang=pl"' in page and "/account/language" not in page
    assert "We write your emails" not in page
    response = client.get("/?lang=pl")
    assert "lang=pl" in response.headers["Set-Cookie"]
    refused = client.post("/account/language", data={"language": "cy", "next": "/"})
    assert refused.status_code == 302 and refused.location.startswith("/login")


@pytest.mark.parametrize("value", ["xx", "", "EN", "pl;", "en_GB", None])
def test_a_language_not_offered_is_refused(client, auth, db_session, value):
    user = create_user(db_session)
    auth.login(user.email)
    data = {"next": "/"} if value is None else {"language": value, "next": "/"}
    assert client.post("/account/language", data=data).status_code == 400
    assert language_of(db_session, user) == "en"


def test_the_service_refuses_a_language_not_offered(db_session):
    user = create_user(db_session)
    with pytest.raises(UnknownLanguage):
        set_language(session=db_session, user=user, language="de")
    assert user.language is None


@pytest.mark.parametrize(
    ("referrer", "back_to"),
    [
        ("http://localhost/claims/4?tab=money", "/claims/4?tab=money"),
        ("https://evil.example/x", "/"),
        (None, "/"),
    ],
)
def test_switching_language_on_a_page_answering_a_post_returns_to_the_page_of_the_form(
    app, referrer, back_to
):
    """A form sent back with its errors is shown at an address that takes POSTs only:
    the switcher goes back to the page the form was on (same site), never to it."""
    from webapp.i18n import language_url, this_page

    headers = {"Referer": referrer} if referrer else {}
    with app.test_request_context("/claims/4/edit", method="POST", headers=headers):
        assert this_page() == back_to
        assert language_url("cy") == back_to + ("&" if "?" in back_to else "?") + "lang=cy"
    with app.test_request_context("/areas/ashworth-estate?x=1", method="GET", headers=headers):
        assert this_page() == "/areas/ashworth-estate?x=1"
