"""Twenty approvals and payments of one instalment at once: one posting, no server error."""

import threading

import pytest
from sqlmodel import func, select

from tests.ledger.conftest import make_world
from tests.support import app_on_a_new_database
from webapp.db import get_db
from webapp.ledger.instalments import request_instalment
from webapp.ledger.models import Instalment, LedgerTransaction

REQUESTS = 20


@pytest.fixture
def committed_world(database_url, tmp_path):
    with app_on_a_new_database(database_url, tmp_path) as app:
        with app.app_context(), get_db(app).session_scope() as session:
            world = make_world(app, session)
            first = session.exec(
                select(Instalment).where(
                    Instalment.delegation_id == world.delegation.id, Instalment.number == 1
                )
            ).one()
            request_instalment(session=session, instalment_id=first.id, actor=world.treasurer)
            ids = (world.delegation.id, first.id, world.approver.email, world.second_approver.email)
        yield app, ids


def test_concurrent_approvals_and_payments_post_once(committed_world):
    app, (delegation_id, instalment_id, approver, second) = committed_world
    start = threading.Barrier(REQUESTS, timeout=60)
    statuses, errors = [], []
    base = f"/delegations/{delegation_id}/instalments/{instalment_id}"

    def officer(n: int):
        try:
            client = app.test_client()
            email = approver if n % 2 else second
            client.post("/login", data={"email": email, "password": "correct horse battery"})
            action = "approve" if n % 3 == 0 else "pay"
            start.wait()
            statuses.append(client.post(f"{base}/{action}", data={"confirm": "y"}).status_code)
        except Exception as exc:  # reported by the assertion below
            errors.append(repr(exc))

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert set(statuses) == {302}, statuses
    with get_db(app).session_scope() as session:
        postings = session.exec(
            select(func.count())
            .select_from(LedgerTransaction)
            .where(LedgerTransaction.idempotency_key == f"instalment:{instalment_id}:pay")
        ).one()
        state = session.get(Instalment, instalment_id).state
    assert postings == 1
    assert state == "paid"
