"""The staff list's reads: what they find, and what they cost on a site of many accounts."""

import pytest
from sqlalchemy import event

from tests.factories import create_user
from webapp.auth.sign_ins import begin_sign_in
from webapp.staff.queries import staff_member, staff_of


def _statements(session, read) -> list[tuple[str, object]]:
    """The SQL statements (and their parameters) that `read` sends."""
    sent = []
    connection = session.connection()

    def record(_conn, _cursor, statement, parameters, _context, _many):
        sent.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", record)
    try:
        read()
    finally:
        event.remove(connection, "before_cursor_execute", record)
    return sent


def test_last_active_is_each_accounts_newest_sign_in(db_session, office):
    begin_sign_in(session=db_session, user=office.officer)
    begin_sign_in(session=db_session, user=office.resident)
    page = dict(staff_of(db_session, council_id=office.council.id).rows)
    assert page[office.officer] is not None and page[office.finance] is None
    _member, last_active = staff_member(
        db_session, council_id=office.council.id, user_id=office.officer.id
    )
    assert last_active == page[office.officer] and last_active.tzinfo is not None


def test_last_active_reads_only_the_listed_accounts_sign_ins(db_session, office):
    """Every resident's sign-in is in the same table: the staff pages look up their own
    accounts' through its index, never reading the whole table (SQLite's plan)."""
    if db_session.get_bind().dialect.name != "sqlite":
        pytest.skip("reads SQLite's query plan")
    for _ in range(3):
        begin_sign_in(session=db_session, user=create_user(db_session))
    council, connection = office.council.id, db_session.connection()
    reads = _statements(db_session, lambda: staff_of(db_session, council_id=council)) + (
        _statements(
            db_session,
            lambda: staff_member(db_session, council_id=council, user_id=office.officer.id),
        )
    )
    plans = [
        " | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", args))
        for sql, args in reads
        if "sign_in" in sql
    ]
    assert len(plans) == 2
    for plan in plans:
        assert "SEARCH sign_in USING INDEX ix_sign_in_user_id (user_id=?)" in plan, plan
        assert "SCAN sign_in" not in plan, plan
