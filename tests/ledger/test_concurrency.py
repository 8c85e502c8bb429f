"""Money decisions at once: twenty approvals and payments of one instalment post once; a
revocation and a payment queue on their row locks, so neither undoes the other."""

import threading
import time

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from tests.ledger.conftest import instalments, make_world
from tests.support import app_on_a_new_database
from webapp.areas.models import Council
from webapp.claims.models import Claim
from webapp.claims.workflow import transition
from webapp.db import get_db
from webapp.ledger.delegations import budget_account, group_account, uplift_account
from webapp.ledger.instalments import approve_instalment, pay_instalment, request_instalment
from webapp.ledger.models import Instalment, LedgerTransaction
from webapp.ledger.posting import balance

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


# Revocation and payment (PostgreSQL, READ COMMITTED) --------------------------------------------


def approved_first_instalment(session, world) -> Instalment:
    first = instalments(session, world)[0]
    request_instalment(session=session, instalment_id=first.id, actor=world.treasurer)
    approve_instalment(session=session, instalment_id=first.id, officer=world.approver)
    return first


class Seen(list):
    """(entity name, FOR UPDATE or not) of each SELECT seen; stop() stops listening."""


def selects_of(session, entities) -> Seen:
    """Every SELECT of the given entities from now on."""
    seen = Seen()

    @event.listens_for(session, "do_orm_execute")
    def record(state):
        if state.is_select:
            for d in state.statement.column_descriptions:
                if d.get("entity") in entities:
                    seen.append((d["entity"].__name__, state.statement._for_update_arg is not None))

    seen.stop = lambda: event.remove(session, "do_orm_execute", record)
    return seen


def test_revocation_locks_the_instalments_it_cancels(db_session, world):
    approved_first_instalment(db_session, world)
    db_session.expire_all()
    seen = selects_of(db_session, {Instalment})
    transition(
        session=db_session, claim=world.claim, action="revoke", actor=world.officer, reason="Stop"
    )
    seen.stop()
    assert seen and all(locked for _entity, locked in seen), seen


@pytest.mark.parametrize("decide", [approve_instalment, pay_instalment])
def test_approving_and_paying_lock_the_claim_before_the_instalment(db_session, world, decide):
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    if decide is pay_instalment:
        approve_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    seen = selects_of(db_session, {Claim, Instalment})
    decide(session=db_session, instalment_id=first.id, officer=world.second_approver)
    seen.stop()
    # The order a revocation takes them in: the claim, then its instalments; never a deadlock.
    assert [s for s in seen if s[1]][:2] == [("Claim", True), ("Instalment", True)], seen


def test_a_payment_landing_while_a_revocation_runs_stays_paid_and_its_uplift_returns(
    db_session, world, monkeypatch
):
    """Officer B revokes while officer A's payment holds the instalment's row lock. B's
    SELECT ... FOR UPDATE waits for A's commit and then reads the instalment as paid.
    Simulated in one session: A pays right after B's select of the open instalments."""
    first = approved_first_instalment(db_session, world)
    uplift_before = balance(db_session, uplift_account(db_session, world.delegation).id)
    paid_meanwhile = []

    @event.listens_for(db_session, "do_orm_execute")
    def pay_meanwhile(state):
        sql = str(state.statement)
        if paid_meanwhile or not state.is_select or "instalment.state IN" not in sql:
            return None
        if "JOIN" in sql:
            return None
        paid_meanwhile.append(True)
        result = state.invoke_statement().freeze()  # B's read: instalment 1 'approved'
        # A found the claim active before B changed it; in this one session B's change is
        # already visible, so A's check is skipped.
        monkeypatch.setattr("webapp.ledger.instalments.ensure_active", lambda claim: None)
        pay_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
        monkeypatch.undo()
        return result()

    transition(
        session=db_session, claim=world.claim, action="revoke", actor=world.officer, reason="Stop"
    )
    event.remove(db_session, "do_orm_execute", pay_meanwhile)
    db_session.flush()
    assert paid_meanwhile
    db_session.refresh(first)
    assert first.transaction_id is not None and first.state == "paid"
    # The recovery took the whole payment back, its 75,000p uplift to the ring-fenced account.
    assert balance(db_session, group_account(db_session, world.delegation).id) == 0
    assert balance(db_session, uplift_account(db_session, world.delegation).id) == uplift_before


def test_the_uplift_recovered_follows_the_ledger_not_the_instalments_state(db_session, world):
    first = approved_first_instalment(db_session, world)
    pay_instalment(session=db_session, instalment_id=first.id, officer=world.approver)
    uplift_before = balance(db_session, uplift_account(db_session, world.delegation).id)
    first.state = "cancelled"  # as a revocation racing the payment used to leave it
    db_session.flush()
    transition(
        session=db_session, claim=world.claim, action="revoke", actor=world.officer, reason="Stop"
    )
    uplift_after = balance(db_session, uplift_account(db_session, world.delegation).id)
    assert uplift_after == uplift_before + first.uplift_pence


# An account's first use, twice at once (PostgreSQL, READ COMMITTED) -----------------------------


def test_two_transactions_creating_one_account_at_once_share_it(committed_world):
    """Two claims of one function approved at once both reach for the council's budget
    account. The second INSERT waits on the unique key, then finds the first's account
    instead of failing (a 500, rolled back) once the first commits."""
    app, _ids = committed_world
    with get_db(app).session_scope() as session:
        council_id = session.exec(select(Council.id)).first()
    first_flushed, ids, errors = threading.Event(), [], []

    def first():
        try:
            with get_db(app).session_scope() as session:
                ids.append(budget_account(session, council_id, "race-test").id)
                first_flushed.set()
                time.sleep(0.5)  # the second is waiting on the key meanwhile
        except Exception as exc:  # reported by the assertion below
            errors.append(repr(exc))
            first_flushed.set()

    def second():
        try:
            first_flushed.wait(30)
            with get_db(app).session_scope() as session:
                ids.append(budget_account(session, council_id, "race-test").id)
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(ids) == 2 and ids[0] == ids[1]
