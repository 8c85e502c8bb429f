"""Print every benchmark figure as `name: value`, one per line.

Each figure runs on a new throwaway database: a SQLite file by default, or a new
database on the PostgreSQL server of BENCH_DATABASE_URL.
"""

import os
import sys

from webapp.bench.admin import measure_admin
from webapp.bench.ballots import measure_ballots
from webapp.bench.ledger import measure_posting, measure_statement
from webapp.bench.load_vote import measure_load
from webapp.bench.setup import bench_app
from webapp.bench.tally import measure_tally
from webapp.bench.transfer import first_visit_gz_bytes, kiosk_first_screen_gz_bytes


def main() -> int:
    backend = "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite"
    print(f"bench_database: {backend}")
    with bench_app() as app:
        print(f"area_page_transfer_gz_bytes: {first_visit_gz_bytes(app, '/areas/ashworth-estate')}")
        print(
            f"kiosk_page_transfer_gz_bytes: {kiosk_first_screen_gz_bytes(app, 'ashworth-estate')}"
        )
        ballots, inserts = measure_ballots(app)
    if ballots.errors or inserts.errors:
        print(f"errors: {ballots.errors} ballot, {inserts.errors} insert", file=sys.stderr)
        return 1
    print(f"ballot_submit_per_s: {ballots.per_second:.0f}")
    print(f"ballot_submit_p95_ms: {ballots.p95_ms:.1f}")
    print(f"baseline_insert_per_s: {inserts.per_second:.0f}")
    print(f"ballot_submit_ratio: {ballots.per_second / inserts.per_second:.2f}")
    with bench_app() as app:
        print(f"ledger_post_per_s: {measure_posting(app):.0f}")
        print(f"statement_100k_entries_ms: {measure_statement(app):.0f}")
    with bench_app() as app:
        queue_ms, filter_ms = measure_admin(app)
        print(f"admin_queue_ms: {queue_ms:.0f}")
        print(f"admin_filter_ms: {filter_ms:.0f}")
    with bench_app(demo=False) as app:
        print(f"tally_1m_s: {measure_tally(app):.2f}")
    if backend == "postgresql":  # the load test is specified against PostgreSQL
        with bench_app() as app:
            load = measure_load(app)
        print(f"load_vote_errors: {load['errors']}")
        print(f"load_vote_accepted_ballots: {load['accepted_codes']}")
        print(f"load_vote_counted_ballots: {load['counted_new_ballots']}")
        print(f"load_vote_requests: {load['requests']}")
        print(f"load_vote_p95_ms: {load['p95_ms']:.0f}")
        if load["errors"] or load["accepted_codes"] != load["counted_new_ballots"]:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
