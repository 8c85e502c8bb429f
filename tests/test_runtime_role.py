"""The app's runtime database role: rows yes, schema and history no (PostgreSQL)."""

import secrets

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tests.factories import create_round
from tests.ledger.conftest import make_world
from tests.support import app_for_database, app_on_a_new_database
from webapp.db import get_db


def _pay_an_instalment_as(app, world_ids) -> None:
    from sqlmodel import select

    from webapp.auth.models import User
    from webapp.ledger.instalments import approve_instalment, pay_instalment, request_instalment
    from webapp.ledger.models import Instalment
    from webapp.ledger.posting import verify_chain

    delegation_id, treasurer_id, approver_id = world_ids
    with app.app_context(), get_db(app).session_scope() as session:
        first = session.exec(
            select(Instalment).where(
                Instalment.delegation_id == delegation_id, Instalment.number == 1
            )
        ).one()
        treasurer, approver = session.get(User, treasurer_id), session.get(User, approver_id)
        request_instalment(session=session, instalment_id=first.id, actor=treasurer)
        approve_instalment(session=session, instalment_id=first.id, officer=approver)
        pay_instalment(session=session, instalment_id=first.id, officer=approver)
    with app.app_context(), get_db(app).session_scope() as session:
        assert session.get(Instalment, first.id).state == "paid"
        assert verify_chain(session) == []


def test_sqlite_has_no_roles_to_grant(app, runner, database_url):
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("for the embedded database")
    result = runner.invoke(args=["db", "grant-runtime", "menu_app"])
    assert result.exit_code != 0 and "SQLite has no database roles" in result.output


def test_the_runtime_role_writes_rows_but_not_history_or_schema(database_url, tmp_path):
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    role = f"menu_runtime_{secrets.token_hex(4)}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    try:
        with app_on_a_new_database(database_url, tmp_path) as owner_app:
            refused = owner_app.test_cli_runner().invoke(args=["db", "grant-runtime", "nobody_x"])
            assert refused.exit_code != 0 and "No database role" in refused.output
            granted = owner_app.test_cli_runner().invoke(args=["db", "grant-runtime", role])
            assert granted.exit_code == 0, granted.output
            with owner_app.app_context(), get_db(owner_app).session_scope() as session:
                _round, area, codes = create_round(session, voters=1)
                slug = area.slug
                world = make_world(owner_app, session)
                world_ids = (world.delegation.id, world.treasurer.id, world.approver.id)
            as_runtime = make_url(owner_app.config["DATABASE_URL"]).set(username=role)
            app = app_for_database(as_runtime.render_as_string(hide_password=False), tmp_path)
            try:
                client = app.test_client()  # a whole vote, as the runtime role
                assert (
                    client.post(f"/areas/{slug}/vote", data={"code": codes[0]}).status_code == 302
                )
                ballot = {"choice-grass-cutting": "consult", "choice-caretaking": "none"}
                assert client.post(f"/areas/{slug}/vote/ballot", data=ballot).status_code == 302
                assert client.post(f"/areas/{slug}/vote/submit").status_code == 302
                refused_statements = [
                    "UPDATE ledger_entry SET amount_pence = 0",
                    "DELETE FROM audit_event",
                    "UPDATE audit_event SET reason = 'rewritten'",
                    "DROP TRIGGER ledger_entry_append_only ON ledger_entry",
                    "ALTER TABLE ballot DISABLE TRIGGER ALL",
                    "CREATE TABLE planted (id integer)",
                ]
                _pay_an_instalment_as(app, world_ids)  # postings and chain head, as that role
                engine = get_db(app).engine
                for statement in refused_statements:
                    with engine.connect() as connection, pytest.raises(DBAPIError) as refusal:
                        connection.execute(text(statement))
                    assert "permission denied" in str(refusal.value) or "must be owner" in str(
                        refusal.value
                    ), statement
                with engine.begin() as connection:  # adding to the audit trail is allowed
                    connection.execute(
                        text(
                            "INSERT INTO audit_event (object_type, object_id, action, at)"
                            " VALUES ('test', 1, 'checked', now())"
                        )
                    )
            finally:
                engine = get_db(app).engine
                engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()
