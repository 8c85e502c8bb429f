"""ledger_post_per_s and statement_100k_entries_ms."""

import statistics
import time

from sqlmodel import select

from webapp.bench.bulk import bulk_insert
from webapp.db import get_db, utcnow
from webapp.groups.models import Group
from webapp.ledger.delegations import budget_account, group_account
from webapp.ledger.models import Delegation
from webapp.ledger.posting import Leg, post


def measure_posting(app, *, count: int = 2000) -> float:
    """Balanced, chained postings per second, each in its own committed transaction."""
    database = get_db(app)
    with app.app_context(), database.session_scope() as session:
        delegation = session.exec(select(Delegation)).first()
        source = budget_account(session, delegation.council_id, delegation.function_key).id
        target = group_account(session, delegation).id
        council_id = delegation.council_id
    started = time.perf_counter()
    for n in range(count):
        with database.session_scope() as session:
            post(
                session=session,
                council_id=council_id,
                idempotency_key=f"bench:post:{n}",
                kind="bench",
                description="bench",
                legs=[Leg(source, -100), Leg(target, 100)],
            )
    return count / (time.perf_counter() - started)


def _entries(council_id: int, source: int, target: int, count: int, first_id: int):
    now = utcnow().replace(tzinfo=None)
    yield (
        "ledger_transaction",
        (
            "id",
            "council_id",
            "idempotency_key",
            "kind",
            "description",
            "created_at",
            "prev_hash",
            "hash",
        ),
        [
            (
                first_id + n,
                council_id,
                f"bench:bulk:{n}",
                "bench",
                f"Bench entry {n}",
                now,
                "0" * 64,
                f"{first_id + n:064x}",
            )
            for n in range(count)
        ],
    )
    yield (
        "ledger_entry",
        ("transaction_id", "account_id", "amount_pence"),
        [
            row
            for n in range(count)
            for row in ((first_id + n, source, -(n % 500 + 1)), (first_id + n, target, n % 500 + 1))
        ],
    )


def measure_statement(app, *, entries: int = 100_000, runs: int = 5) -> float:
    """Server milliseconds (median) for the statement page of a group account with `entries` entries."""
    database = get_db(app)
    with app.app_context(), database.session_scope() as session:
        group = session.exec(
            select(Group).where(Group.name == "Little Hadley Parish Council")
        ).one()
        delegation = session.exec(select(Delegation).where(Delegation.group_id == group.id)).one()
        source = budget_account(session, delegation.council_id, delegation.function_key).id
        target = group_account(session, delegation).id
        council_id, group_id = delegation.council_id, group.id
    bulk_insert(database.engine, _entries(council_id, source, target, entries, 10_000_000))
    app.config["WTF_CSRF_ENABLED"] = False  # the test client signs in without a form page
    client = app.test_client()
    client.post(
        "/login", data={"email": "lead@ashworth.example", "password": "demo-group-password"}
    )
    timings = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = client.get(f"/statements/group/{group_id}")
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"statement page answered {response.status_code}")
    return statistics.median(timings[1:])
