import re

from tests.factories import create_user


def test_content_security_policy_is_strict(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client):
    for url in ["/", "/login", "/areas/none"]:
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert "<style" not in page and " style=" not in page, url
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", page), url
        assert "javascript:" not in page, url


def test_post_without_csrf_token_is_refused(csrf_client, db_session):
    user = create_user(db_session)
    response = csrf_client.post(
        "/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert "Sign out" not in csrf_client.get("/").get_data(as_text=True)


def test_htmx_requests_send_the_csrf_token_as_a_header(csrf_client, db_session):
    user = create_user(db_session)
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    form = {"email": user.email, "password": "correct horse battery"}
    response = csrf_client.post("/login", data=form, headers={"X-CSRFToken": token})
    assert response.status_code == 302


def test_session_cookie_flags(client, db_session):
    user = create_user(db_session)
    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_personal_pages_are_kept_by_no_cache_and_signing_out_clears_the_browsers(
    client, auth, db_session, app
):
    from tests.factories import create_round
    from webapp.security import PERSONAL_SESSION_KEYS
    from webapp.voting.views import DRAFT

    assert DRAFT in PERSONAL_SESSION_KEYS
    with app.app_context():
        _round, area, codes = create_round(db_session, voters=1)
    public = client.get(f"/areas/{area.slug}")
    assert public.status_code == 200 and "no-store" not in public.headers.get("Cache-Control", "")
    static = client.get("/static/css/site.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()

    client.post(f"/areas/{area.slug}/vote", data={"code": codes[0]})  # a ballot under way
    assert client.get(f"/areas/{area.slug}/vote/ballot").headers["Cache-Control"] == "no-store"

    user = create_user(db_session)
    auth.login(user.email)
    for path in ("/", f"/areas/{area.slug}", "/account/password", "/no/such/page"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    signed_out = client.post("/logout")
    assert signed_out.headers["Clear-Site-Data"] == '"cache", "storage"'
