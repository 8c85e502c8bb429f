import time

import pytest

from tests.factories import create_officer, create_round


@pytest.fixture
def kiosk(app, db_session, client):
    with app.app_context():
        _round, area, codes = create_round(db_session, voters=2)
    client.post(f"/kiosk/{area.slug}")  # "Start the kiosk"
    return area, codes


def press(client, area, key):
    return client.post(f"/kiosk/{area.slug}/code", data={"key": key})


def type_code(client, area, code):
    """Type a code on the keypad, key by key, and press Continue."""
    for key in ["clear", *code.replace("-", "")]:
        press(client, area, key)
    return press(client, area, "go")


def test_language_first(client, kiosk):
    area, _ = kiosk
    page = client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    for name in ("Cymraeg", "العربية", "اردو", "polski", "বাংলা", "Soomaali"):
        assert name in page
    assert 'class="kiosk' in page and "kiosk.js" in page


def test_a_link_alone_never_turns_a_browser_into_a_kiosk(app, db_session, client):
    with app.app_context():
        _round, area, codes = create_round(db_session, voters=1)
    client.post(f"/areas/{area.slug}/vote", data={"code": codes[0]})  # a ballot under way
    page = client.get(f"/kiosk/{area.slug}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Start the kiosk" in text
    assert 'class="kiosk-languages' not in text and "kiosk.js" not in text
    with client.session_transaction() as cookie:
        assert "kiosk" not in cookie and "ballot" in cookie  # nothing was cleared
    assert client.get("/login").status_code == 200  # nor is sign-in refused

    started = client.post(f"/kiosk/{area.slug}")
    assert started.status_code == 302 and started.headers["Location"].endswith(
        f"/kiosk/{area.slug}"
    )
    with client.session_transaction() as cookie:
        assert cookie["kiosk"] == area.slug and "ballot" not in cookie
    assert 'class="kiosk-languages' in client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    assert client.get("/login").status_code == 403


def test_the_keypad_types_without_javascript(client, kiosk):
    area, codes = kiosk
    code = codes[0].replace("-", "")
    for key in code[:5]:
        page = press(client, area, key).get_data(as_text=True)
    assert f">{code[:4]}-{code[4]}</output>" in page
    page = press(client, area, "back").get_data(as_text=True)
    assert f">{code[:4]}</output>" in page
    for key in code[4:]:
        press(client, area, key)
    response = press(client, area, "go")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/areas/{area.slug}/vote/ballot"
    )


def test_a_wrong_code_on_the_keypad_says_so(client, kiosk):
    area, _ = kiosk
    response = type_code(client, area, "2222222222")
    assert response.status_code == 422
    assert "We do not recognise that code" in response.get_data(as_text=True)


def test_kiosk_sessions_cannot_reach_staff_pages(client, auth, db_session, kiosk):
    area, _ = kiosk
    for url in ("/admin/", "/officer", "/login", "/groups", f"/officer/areas/{area.slug}"):
        assert client.get(url).status_code == 403, url
    assert (
        client.post("/login", data={"email": "x@example.org", "password": "y"}).status_code == 403
    )


def test_kiosk_pages_are_not_cached_and_htmx_history_is_off(client, kiosk):
    area, _ = kiosk
    response = client.get(f"/kiosk/{area.slug}/code")
    assert response.headers["Cache-Control"] == "no-store"
    assert '"history": false' in response.get_data(as_text=True)
    session_cookies = [
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")
    ]
    assert all("Expires" not in c and "Max-Age" not in c for c in session_cookies)  # session only


def test_reset_ends_the_ballot_session(client, kiosk):
    area, codes = kiosk
    type_code(client, area, codes[0])
    assert client.get(f"/areas/{area.slug}/vote/ballot").status_code == 200
    client.post(f"/kiosk/{area.slug}/reset")
    after = client.get(f"/areas/{area.slug}/vote/ballot")
    assert after.status_code == 302 and after.headers["Location"].endswith(
        f"/kiosk/{area.slug}/code"
    )


def test_the_server_resets_an_idle_kiosk_itself(client, kiosk):
    area, codes = kiosk
    type_code(client, area, codes[0])
    with client.session_transaction() as cookie:
        cookie["kiosk_seen"] = int(time.time()) - 600
    response = client.get(f"/areas/{area.slug}/vote/ballot")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/kiosk/{area.slug}"
    )
    assert client.get(f"/areas/{area.slug}/vote/ballot").status_code == 302


def test_text_size_and_contrast_toggles(client, kiosk):
    area, _ = kiosk
    client.post(f"/kiosk/{area.slug}/display", data={"toggle": "kiosk_text"})
    client.post(f"/kiosk/{area.slug}/display", data={"toggle": "kiosk_contrast"})
    page = client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    assert "kiosk--large" in page and "kiosk--contrast" in page


def test_the_switcher_lists_languages_by_their_own_names(client, db_session):
    page = client.get("/").get_data(as_text=True)
    assert 'hreflang="cy"' in page and "Cymraeg" in page and "العربية" in page


def test_officers_still_work_outside_kiosks(client, auth, db_session, app):
    with app.app_context():
        _, area, _ = create_round(db_session, voters=1)
    auth.login(create_officer(db_session, area).email)
    assert client.get("/admin/").status_code == 200


HX = {"HX-Request": "true"}


def test_continue_tapped_twice_goes_to_the_ballot_and_counts_no_failure(client, kiosk):
    """htmx sends a second tap on Continue after the first was accepted (the code is
    no longer typed): it goes to the same ballot, and no failed entry is counted
    against the kiosk's shared address."""
    area, codes = kiosk
    for key in codes[0].replace("-", ""):
        press(client, area, key)
    first = client.post(f"/kiosk/{area.slug}/code", data={"key": "go"}, headers=HX)
    assert first.status_code == 204
    assert first.headers["HX-Redirect"].endswith(f"/areas/{area.slug}/vote/ballot")
    for _ in range(12):  # more than the ten failures a minute the kiosk may make
        again = client.post(f"/kiosk/{area.slug}/code", data={"key": "go"}, headers=HX)
        assert (
            again.status_code == 204
            and again.headers["HX-Redirect"] == first.headers["HX-Redirect"]
        )


def test_the_next_person_starts_with_an_empty_keypad(client, kiosk):
    area, codes = kiosk
    for key in codes[0].replace("-", "")[:6]:
        press(client, area, key)
    client.post(f"/kiosk/{area.slug}/reset")
    client.post(f"/kiosk/{area.slug}/code", data={"key": "A"})  # the next person's first key
    page = client.get(f"/kiosk/{area.slug}/code").get_data(as_text=True)
    assert ">A</output>" in page


def test_an_idle_reset_answers_a_key_with_a_new_page_not_inside_the_keypad(client, kiosk):
    area, _ = kiosk
    with client.session_transaction() as cookie:
        cookie["kiosk_seen"] = int(time.time()) - 600
    response = client.post(f"/kiosk/{area.slug}/code", data={"key": "A"}, headers=HX)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].endswith(f"/kiosk/{area.slug}")


def test_to_htmx_a_key_fills_the_keypad_and_the_display_that_stays(client, kiosk):
    area, _ = kiosk
    answer = client.post(f"/kiosk/{area.slug}/code", data={"key": "A"}, headers=HX)
    body = answer.get_data(as_text=True)
    assert "<form" not in body and 'class="keypad__key"' in body  # inside #keypad
    assert '<span id="code-display" hx-swap-oob="innerHTML">A</span>' in body
    page = client.get(f"/kiosk/{area.slug}/code").get_data(as_text=True)
    assert page.index('id="code-display"') < page.index('id="keypad"')  # outside the form
