"""Faults in the middle of paying an instalment, and a database that goes away and comes back."""

import contextlib
import multiprocessing
import os
import signal
import socket
import threading
import time

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import func, select

from tests.ledger.conftest import make_world
from tests.support import app_for_database, app_on_a_new_database, fresh_database, scratch_database
from webapp import create_app
from webapp.db import get_db
from webapp.ledger import instalments as instalment_service
from webapp.ledger.instalments import approve_instalment, pay_instalment, request_instalment
from webapp.ledger.models import Instalment, LedgerEntry, LedgerTransaction
from webapp.ledger.posting import verify_chain


@pytest.fixture
def approved(database_url, tmp_path):
    """A committed world with instalment 1 requested and approved, on its own database."""
    with app_on_a_new_database(database_url, tmp_path) as app:
        with app.app_context(), get_db(app).session_scope() as session:
            world = make_world(app, session)
            first = session.exec(
                select(Instalment).where(
                    Instalment.delegation_id == world.delegation.id, Instalment.number == 1
                )
            ).one()
            request_instalment(session=session, instalment_id=first.id, actor=world.treasurer)
            approve_instalment(session=session, instalment_id=first.id, officer=world.approver)
            ids = (first.id, world.delegation.id, world.approver.id, world.approver.email)
        yield app, app.config["DATABASE_URL"], ids


def ledger_size(app) -> tuple[int, int]:
    with get_db(app).session_scope() as session:
        return (
            session.exec(select(func.count()).select_from(LedgerTransaction)).one(),
            session.exec(select(func.count()).select_from(LedgerEntry)).one(),
        )


def state_of(app, instalment_id: int) -> str:
    with get_db(app).session_scope() as session:
        return session.get(Instalment, instalment_id).state


def test_an_exception_after_posting_leaves_nothing_and_a_retry_pays_once(approved, monkeypatch):
    app, _url, (instalment_id, delegation_id, _approver_id, email) = approved
    before = ledger_size(app)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": "correct horse battery"})
    url = f"/delegations/{delegation_id}/instalments/{instalment_id}/pay"

    real_audit = instalment_service._audit

    def failing_audit(session, instalment, council, action, *args, **kwargs):
        if action == "paid":  # the posting is written; the fault strikes before the commit
            raise RuntimeError("injected fault between posting and commit")
        return real_audit(session, instalment, council, action, *args, **kwargs)

    monkeypatch.setattr(instalment_service, "_audit", failing_audit)
    assert client.post(url, data={"confirm": "y"}).status_code == 500
    assert ledger_size(app) == before
    assert state_of(app, instalment_id) == "approved"

    monkeypatch.setattr(instalment_service, "_audit", real_audit)
    assert client.post(url, data={"confirm": "y"}).status_code == 302
    assert client.post(url, data={"confirm": "y"}).status_code == 302  # refused politely
    transactions, entries = ledger_size(app)
    assert (transactions, entries - before[1]) == (before[0] + 1, 3)
    assert state_of(app, instalment_id) == "paid"
    with get_db(app).session_scope() as session:
        assert verify_chain(session) == []


def _pay_and_hang(url: str, folder: str, instalment_id: int, approver_id: int, ready) -> None:
    """In a child process: post the payment, then wait to be killed before committing."""
    os.environ["APP_ENV"] = "testing"
    app = create_app({"DATABASE_URL": url, "UPLOAD_FOLDER": folder, "MAIL_OUTBOX": folder})
    from webapp.auth.models import User

    with app.app_context():
        session = get_db(app).session_factory()
        officer = session.get(User, approver_id)
        pay_instalment(session=session, instalment_id=instalment_id, officer=officer)
        session.flush()
        ready.set()
        time.sleep(60)  # killed here, mid-transaction


def test_a_killed_worker_leaves_no_partial_payment(approved, tmp_path):
    app, url, (instalment_id, _delegation_id, approver_id, _email) = approved
    before = ledger_size(app)
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    worker = context.Process(
        target=_pay_and_hang, args=(url, str(tmp_path), instalment_id, approver_id, ready)
    )
    worker.start()
    assert ready.wait(60), "the worker never reached the middle of the payment"
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(10)
    assert ledger_size(app) == before
    assert state_of(app, instalment_id) == "approved"
    from webapp.auth.models import User

    with app.app_context(), get_db(app).session_scope() as session:
        pay_instalment(
            session=session, instalment_id=instalment_id, officer=session.get(User, approver_id)
        )
    assert ledger_size(app)[0] == before[0] + 1
    with get_db(app).session_scope() as session:
        assert verify_chain(session) == []


class Cable:
    """A TCP relay to PostgreSQL that can be unplugged and plugged back in."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.plugged = True
        self.links: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.plugged:
                client.close()
                continue
            server = socket.create_connection(self.target)
            self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.close()

    def unplug(self):
        self.plugged = False
        for link in self.links:
            with contextlib.suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
        self.links.clear()

    def plug(self):
        self.plugged = True

    def close(self):
        self.listener.close()


def test_pages_answer_503_while_the_database_is_away_and_recover(database_url, tmp_path):
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("an embedded SQLite file cannot go away; this is for a database server")
    cable = Cable(url.host or "127.0.0.1", url.port or 5432)
    try:
        relayed = url.set(host="127.0.0.1", port=cable.port).render_as_string(hide_password=False)
        app = app_for_database(relayed, tmp_path)
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 200
        cable.unplug()
        assert client.get("/healthz").status_code == 503
        page = client.get("/")
        assert page.status_code == 503 and "The service is unavailable" in page.get_data(
            as_text=True
        )
        cable.plug()
        assert client.get("/healthz").status_code == 200  # no restart
        assert client.get("/").status_code == 200
        get_db(app).engine.dispose()
    finally:
        cable.close()


def test_a_ballot_sent_as_the_database_goes_away_gets_503_then_counts_once_it_is_back(
    database_url, tmp_path
):
    """The cast runs on a DBAPI cursor: a connection lost under it must give the
    503 page (not a 500 from rolling back on the dead connection), and the same
    ballot must go through once the database is back."""
    from sqlalchemy import event

    from tests.factories import create_round
    from webapp.voting.models import Ballot

    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("an embedded SQLite file cannot go away; this is for a database server")
    with scratch_database(database_url, tmp_path) as url:
        fresh_database(url)
        scratch = make_url(url)
        cable = Cable(scratch.host or "127.0.0.1", scratch.port or 5432)
        try:
            relayed = scratch.set(host="127.0.0.1", port=cable.port)
            app = app_for_database(relayed.render_as_string(hide_password=False), tmp_path)
            engine = get_db(app).engine
            with app.app_context(), get_db(app).session_scope() as session:
                _round, area, codes = create_round(session, voters=1)
                slug = area.slug
            client = app.test_client()
            assert client.post(f"/areas/{slug}/vote", data={"code": codes[0]}).status_code == 302
            choices = {"choice-grass-cutting": "control", "choice-caretaking": "none"}
            assert client.post(f"/areas/{slug}/vote/ballot", data=choices).status_code == 302

            def cut_once_begun(_connection):  # after the pool's ping, before the cast
                cable.unplug()

            event.listen(engine, "begin", cut_once_begun)
            refused = client.post(f"/areas/{slug}/vote/submit")
            event.remove(engine, "begin", cut_once_begun)
            assert refused.status_code == 503
            cable.plug()
            assert client.post(f"/areas/{slug}/vote/submit").status_code == 302
            with get_db(app).session_scope() as session:
                assert session.exec(select(func.count()).select_from(Ballot)).one() == 1
            engine.dispose()
        finally:
            cable.close()
