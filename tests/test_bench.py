import gzip

from webapp.bench.load import LoadResult
from webapp.bench.transfer import first_visit_gz_bytes


def test_first_visit_counts_the_page_and_every_asset_it_loads(app, client, db_session):
    page = client.get("/login").data
    with client.get("/static/css/site.css") as css, client.get("/static/js/htmx.min.js") as js:
        assets = [css.get_data(), js.get_data()]
    total = first_visit_gz_bytes(app, "/login")
    at_least = sum(len(gzip.compress(body)) for body in [page, *assets])
    assert total >= at_least
    assert total < at_least + 2000  # the page and the icon, nothing counted twice


def test_slices_of_one_load_combine_into_its_rate_and_latencies():
    slices = [LoadResult(300, 0, 2.0, [1.0] * 300), LoadResult(100, 1, 2.0, [9.0] * 100)]
    combined = LoadResult.combined(slices)
    assert (combined.requests, combined.errors, combined.seconds) == (400, 1, 4.0)
    assert combined.per_second == 100.0
    assert sorted(combined.latencies_ms) == [1.0] * 300 + [9.0] * 100
    assert combined.p95_ms == 9.0
