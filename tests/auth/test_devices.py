"""Device cookies: using up an account's sign-in limit does not lock its owner out."""

from tests.factories import create_user
from webapp.auth.devices import device_cookie, device_nonce

PASSWORD = "correct horse battery"


def _attempt(client, email, password, n):
    """A sign-in from a client address of its own, so only the per-account limit counts."""
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": f"203.0.113.{n}"},
    ).status_code


def _use_up_the_accounts_limit(client, email):
    statuses = [_attempt(client, email, f"wrong {n:02d} password", n) for n in range(20)]
    assert statuses == [422] * 20


def test_a_sign_in_gives_the_browser_a_device_cookie_for_that_account(app, client, db_session):
    user = create_user(db_session)
    assert _attempt(client, user.email, PASSWORD, 1) == 302
    cookie = client.get_cookie(app.config["DEVICE_COOKIE_NAME"])
    assert cookie is not None and cookie.http_only and cookie.path == "/"
    with app.test_request_context():
        assert device_nonce(user.email, cookie.value)
        assert device_nonce("someone.else@example.org", cookie.value) is None


def test_the_owners_browser_still_signs_in_when_others_used_up_the_limit(app, client, db_session):
    user = create_user(db_session)
    owner = app.test_client()
    assert _attempt(owner, user.email, PASSWORD, 250) == 302
    owner.post("/logout")
    _use_up_the_accounts_limit(client, user.email)
    stranger = app.test_client()  # the right password, from a browser the account never used
    assert _attempt(stranger, user.email, PASSWORD, 100) == 429
    assert _attempt(owner, user.email, PASSWORD, 101) == 302


def test_a_device_has_a_limit_of_its_own(app, db_session):
    user = create_user(db_session)
    owner = app.test_client()
    assert _attempt(owner, user.email, PASSWORD, 250) == 302
    owner.post("/logout")
    statuses = [_attempt(owner, user.email, f"wrong {n:02d} password", n) for n in range(21)]
    assert statuses == [422] * 20 + [429]
    assert _attempt(app.test_client(), user.email, PASSWORD, 100) == 302  # others are not held


def test_a_forged_or_borrowed_device_cookie_counts_as_no_cookie(app, client, db_session):
    user, other = create_user(db_session), create_user(db_session)
    _use_up_the_accounts_limit(client, user.email)
    with app.test_request_context():
        borrowed = device_cookie(other.email)  # a real cookie, for another account
    for value in (borrowed, borrowed[:-2] + "xx", "not a cookie"):
        browser = app.test_client()
        browser.set_cookie(app.config["DEVICE_COOKIE_NAME"], value)
        assert _attempt(browser, user.email, PASSWORD, 100) == 429
