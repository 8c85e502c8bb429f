import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from webapp.bench.load import LoadResult, run_load
from webapp.bench.transfer import first_visit_gz_bytes, kiosk_first_screen_gz_bytes


def test_first_visit_counts_the_page_and_every_asset_it_loads(app, client, db_session):
    page = client.get("/login").data
    with client.get("/static/css/site.css") as css, client.get("/static/js/htmx.min.js") as js:
        assets = [css.get_data(), js.get_data()]
    total = first_visit_gz_bytes(app, "/login")
    at_least = sum(len(gzip.compress(body)) for body in [page, *assets])
    assert total >= at_least
    assert total < at_least + 2000  # the page and the icon, nothing counted twice


def test_the_kiosk_figure_is_the_started_kiosks_language_screen(app, db_session, csrf_client):
    from tests.factories import create_round

    with app.app_context():
        _round, area, _codes = create_round(db_session, voters=1)
    protected = csrf_client.application  # the kiosk starts with a real CSRF token
    confirm = first_visit_gz_bytes(protected, f"/kiosk/{area.slug}", client=csrf_client)
    assert "kiosk.js" not in csrf_client.get(f"/kiosk/{area.slug}").get_data(as_text=True)
    assert kiosk_first_screen_gz_bytes(protected, area.slug) > confirm + 500  # kiosk.js too


def test_slices_of_one_load_combine_into_its_rate_and_latencies():
    slices = [LoadResult(300, 0, 2.0, [1.0] * 300), LoadResult(100, 1, 2.0, [9.0] * 100)]
    combined = LoadResult.combined(slices)
    assert (combined.requests, combined.errors, combined.seconds) == (400, 1, 4.0)
    assert combined.per_second == 100.0
    assert sorted(combined.latencies_ms) == [1.0] * 300 + [9.0] * 100
    assert combined.p95_ms == 9.0


class _NoContent(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # the name http.server calls
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_load_client_stops_when_it_has_nothing_more_to_send():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NoContent)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"

        def three_each(_client, n):
            return ("POST", "/", b"", {}) if n < 3 else None

        result = run_load(base, three_each, clients=2, seconds=60)
    finally:
        server.shutdown()
        server.server_close()
    assert (result.requests, result.errors) == (6, 0)
