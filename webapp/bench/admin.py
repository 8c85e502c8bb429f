"""admin_queue_ms and admin_filter_ms: the officers' queues over 10,000 instalments and 5,000 claims."""

import statistics
import time
from datetime import date, timedelta

from sqlmodel import select

from webapp.areas.menus import latest_version
from webapp.areas.models import Area
from webapp.bench.bulk import bulk_insert
from webapp.db import get_db, utcnow
from webapp.groups.models import Group

CLAIMS, DELEGATIONS, PER_DELEGATION = 5_000, 500, 20
FIRST_ID = 1_000_000
FUNCTIONS = ("grass-cutting", "caretaking", "community-hall", "bulky-waste", "play-areas")


def _rows(council_id: int, areas: list[tuple[int, int]], group_id: int):
    now = utcnow().replace(tzinfo=None)
    yield (
        "claim",
        (
            "id",
            "group_id",
            "area_id",
            "menu_version_id",
            "function_key",
            "level_key",
            "state",
            "delivery",
            "capability",
            "finances",
            "involvement",
            "outcomes",
            "created_at",
            "submitted_at",
        ),
        [
            (
                FIRST_ID + n,
                group_id,
                areas[n % len(areas)][0],
                areas[n % len(areas)][1],
                FUNCTIONS[n % 5],
                "collaborate",
                "submitted" if n % 3 else "under_review",
                "x",
                "x",
                "x",
                "x",
                "x",
                now,
                now - timedelta(minutes=n),
            )
            for n in range(CLAIMS)
        ],
    )
    yield (
        "delegation",
        (
            "id",
            "claim_id",
            "council_id",
            "area_id",
            "group_id",
            "function_key",
            "annual_budget_pence",
            "uplift_pence",
            "rebate_per_household_pence",
            "households",
            "schedule",
            "start_date",
            "end_date",
            "created_at",
        ),
        [
            (
                FIRST_ID + n,
                FIRST_ID + n,
                council_id,
                areas[n % len(areas)][0],
                group_id,
                FUNCTIONS[n % 5],
                2_000_000,
                0,
                0,
                1000,
                "monthly",
                date(2027, 1, 1),
                date(2027, 12, 31),
                now,
            )
            for n in range(DELEGATIONS)
        ],
    )
    yield (
        "instalment",
        (
            "id",
            "delegation_id",
            "number",
            "due_on",
            "amount_pence",
            "uplift_pence",
            "state",
            "requested_at",
        ),
        [
            (
                FIRST_ID + d * PER_DELEGATION + k,
                FIRST_ID + d,
                k + 1,
                date(2027, 1, 1) + timedelta(days=(d + k * 7) % 365),
                10_000 + (d * 37 + k * 101) % 900_000,
                0,
                "requested",
                now,
            )
            for d in range(DELEGATIONS)
            for k in range(PER_DELEGATION)
        ],
    )


def _median_ms(client, url: str, runs: int, headers=None) -> float:
    timings = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = client.get(url, headers=headers or {})
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return statistics.median(timings[1:])


def measure_admin(app, *, runs: int = 7) -> tuple[float, float]:
    """(slowest queue page, slowest filtered htmx request), median server milliseconds."""
    database = get_db(app)
    with app.app_context(), database.session_scope() as session:
        areas = [
            (a.id, latest_version(session, a.menu_id).id)
            for a in session.exec(select(Area))
            if a.menu_id
        ]
        group = session.exec(select(Group)).first()
        council_id = session.get(Area, areas[0][0]).council_id
    bulk_insert(database.engine, _rows(council_id, areas, group.id))
    with database.engine.begin() as connection:  # as autovacuum would, on a live database
        connection.exec_driver_sql("ANALYZE")
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post(
        "/login", data={"email": "finance@millbrook.example", "password": "demo-finance-password"}
    )
    queue = max(
        _median_ms(client, "/admin/instalments", runs), _median_ms(client, "/admin/claims", runs)
    )
    hx = {"HX-Request": "true"}
    filtered = max(
        _median_ms(
            client,
            "/admin/instalments?area=canal-side&min=100&max=5000&sort=-amount&page=2",
            runs,
            hx,
        ),
        _median_ms(
            client,
            "/admin/claims?area=ashworth-estate&status=under_review&sort=group&q=Canal",
            runs,
            hx,
        ),
    )
    return queue, filtered
