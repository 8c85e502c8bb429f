"""The ledger: balanced postings, append-only rows, the hash chain, reversals."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import func, select

from tests.factories import create_council
from webapp.ledger.delegations import (
    budget_account,
)
from webapp.ledger.models import LedgerEntry, LedgerTransaction
from webapp.ledger.posting import (
    AlreadyPosted,
    AmountInvalid,
    Leg,
    Unbalanced,
    balance,
    post,
    reverse,
    verify_chain,
)


def ledger_rows(session) -> tuple[int, int]:
    return (
        session.exec(select(func.count()).select_from(LedgerTransaction)).one(),
        session.exec(select(func.count()).select_from(LedgerEntry)).one(),
    )


def two_accounts(session):
    council = create_council(session)
    a = budget_account(session, council.id, "a")
    b = budget_account(session, council.id, "b")
    return council, a, b


def post_test(session, council, key: str, legs: list[Leg]):
    """A transaction of kind "test" between the given legs."""
    return post(
        session=session,
        council_id=council.id,
        idempotency_key=key,
        kind="test",
        description="x",
        legs=legs,
    )


# Posting ---------------------------------------------------------------------------------------


def test_a_balanced_transaction_posts_once(db_session):
    council, a, b = two_accounts(db_session)
    post_test(db_session, council, "k1", [Leg(a.id, -500), Leg(b.id, 500)])
    assert (balance(db_session, a.id), balance(db_session, b.id)) == (-500, 500)
    before = ledger_rows(db_session)
    with pytest.raises(AlreadyPosted):
        post_test(db_session, council, "k1", [Leg(a.id, -500), Leg(b.id, 500)])
    assert ledger_rows(db_session) == before


@pytest.mark.parametrize(
    ("amounts", "error"),
    [
        ([-500, 400], Unbalanced),
        ([500], Unbalanced),
        ([0, 0], AmountInvalid),
        ([-1.5, 1.5], AmountInvalid),
        ([True, -1], AmountInvalid),
        ([-(10**13), 10**13], AmountInvalid),
        (["-5", "5"], AmountInvalid),
    ],
)
def test_bad_amounts_change_nothing(db_session, amounts, error):
    council, a, b = two_accounts(db_session)
    before = ledger_rows(db_session)
    legs = [Leg(account.id, amount) for account, amount in zip([a, b], amounts, strict=False)]
    with pytest.raises(error):
        post_test(db_session, council, "bad", legs)
    assert ledger_rows(db_session) == before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entry SET amount_pence = amount_pence + 1",
        "DELETE FROM ledger_entry",
        "UPDATE ledger_transaction SET description = 'edited'",
        "DELETE FROM ledger_transaction",
    ],
)
def test_the_database_refuses_edits_and_deletions(db_session, statement):
    council, a, b = two_accounts(db_session)
    post_test(db_session, council, "t", [Leg(a.id, -5), Leg(b.id, 5)])
    with pytest.raises(DBAPIError, match="append-only"), db_session.begin_nested():
        db_session.execute(text(statement))


def _without_triggers(session, sql):
    """Simulate someone editing the ledger behind the app's back."""
    if session.connection().dialect.name == "postgresql":
        session.execute(text("SET LOCAL session_replication_role = replica"))
        session.execute(text(sql))
        session.execute(text("SET LOCAL session_replication_role = origin"))
    else:
        for table in ("ledger_entry", "ledger_transaction"):
            for action in ("update", "delete"):
                session.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{action}"))
        session.execute(text(sql))


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE ledger_entry SET amount_pence = 999 WHERE amount_pence = 5",
        "DELETE FROM ledger_entry WHERE amount_pence = -7",
        "UPDATE ledger_transaction SET description = 'edited' WHERE idempotency_key = 't1'",
        "DELETE FROM ledger_transaction WHERE idempotency_key = 't2'",
    ],
)
def test_verify_finds_any_edited_or_deleted_row(runner, db_session, tamper):
    council, a, b = two_accounts(db_session)
    for key, amount in (("t1", 5), ("t2", 7)):
        post_test(db_session, council, key, [Leg(a.id, -amount), Leg(b.id, amount)])
    assert verify_chain(db_session) == []
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0
    if "DELETE FROM ledger_transaction" in tamper:
        _without_triggers(
            db_session,
            "DELETE FROM ledger_entry WHERE transaction_id IN "
            "(SELECT id FROM ledger_transaction WHERE idempotency_key = 't2')",
        )
    _without_triggers(db_session, tamper)
    assert verify_chain(db_session)
    result = runner.invoke(args=["ledger", "verify"])
    assert result.exit_code == 1


def test_a_reversal_is_a_new_negated_transaction(db_session):
    council, a, b = two_accounts(db_session)
    original = post_test(db_session, council, "r", [Leg(a.id, -300), Leg(b.id, 300)])
    correction = reverse(
        session=db_session, transaction=original, reason="Wrong account", actor=None
    )
    assert correction.reverses_id == original.id
    assert (balance(db_session, a.id), balance(db_session, b.id)) == (0, 0)
    with pytest.raises(AlreadyPosted):
        reverse(session=db_session, transaction=original, reason="again", actor=None)
    assert verify_chain(db_session) == []
