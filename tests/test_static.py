import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = [p for p in (ROOT / "webapp").rglob("*.html")]


def test_vendored_htmx_matches_its_recorded_hash():
    record = (ROOT / "static/js/VENDORED.md").read_text()
    recorded = re.search(r"`htmx\.min\.js` \| `htmx\.org` .*? \| `([0-9a-f]{64})`", record)
    actual = hashlib.sha256((ROOT / "static/js/htmx.min.js").read_bytes()).hexdigest()
    assert recorded and recorded.group(1) == actual


def test_templates_load_nothing_from_other_sites():
    for path in TEMPLATES:
        text = path.read_text()
        assert not re.search(r'(src|href)="(https?:)?//', text), path


def test_static_files_are_served_with_a_content_hash(client):
    page = client.get("/login").get_data(as_text=True)
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', page).group(1)
    js = re.search(r'src="(/static/js/htmx\.min\.js\?v=[0-9a-f]{12})"', page).group(1)
    for url in (css, js):
        with client.get(url) as response:
            assert response.status_code == 200
            assert "max-age=31536000" in response.headers["Cache-Control"]


def test_stylesheet_uses_logical_properties():
    css = (ROOT / "static/css/site.css").read_text()
    assert not re.search(r"(margin|padding|border)-(left|right)\b", css)
    assert not re.search(r"text-align:\s*(left|right)", css)


def test_error_pages_use_the_site_layout(client):
    for status in (403, 404, 500):
        assert (ROOT / f"webapp/templates/errors/{status}.html").exists()
    page = client.get("/areas/missing").get_data(as_text=True)
    assert 'class="site-header"' in page and "Page not found" in page


def test_forbidden_page_uses_the_site_layout(database_url):
    from flask import abort

    from webapp import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url})

    @app.get("/_test/forbidden")
    def forbidden():
        abort(403)

    response = app.test_client().get("/_test/forbidden")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert 'class="site-header"' in page and "You cannot see this page" in page
