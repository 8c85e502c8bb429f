import gzip

from webapp.bench.transfer import first_visit_gz_bytes


def test_first_visit_counts_the_page_and_every_asset_it_loads(app, client, db_session):
    page = client.get("/login").data
    with client.get("/static/css/site.css") as css, client.get("/static/js/htmx.min.js") as js:
        assets = [css.get_data(), js.get_data()]
    total = first_visit_gz_bytes(app, "/login")
    at_least = sum(len(gzip.compress(body)) for body in [page, *assets])
    assert total >= at_least
    assert total < at_least + 2000  # the page and the icon, nothing counted twice
