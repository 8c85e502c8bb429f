"""Posting balanced, hash-chained, idempotent transactions; verifying the chain."""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from webapp.auth.models import User
from webapp.db import utcnow
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l
from webapp.ledger.models import Account, ChainHead, LedgerEntry, LedgerTransaction

GENESIS = "0" * 64
MAX_AMOUNT_PENCE = 10**12  # £10 billion: anything larger is a mistake


class Unbalanced(DomainError):
    message = _l("A transaction's entries must add up to zero.")


class AmountInvalid(DomainError):
    message = _l("Amounts must be whole pence, not zero, and not absurdly large.")


class AlreadyPosted(DomainError):
    message = _l("This has already been posted to the ledger; it was not posted again.")


@dataclass(frozen=True)
class Leg:
    account_id: int
    amount_pence: int


def get_account(
    session: Session, *, council_id: int, kind: str, key: str, name: str, **links
) -> Account:
    """The account with this key, created on first use.

    Two transactions may create it at once (two claims of one function approved by two
    officers, say). On PostgreSQL the second INSERT waits on the unique key and fails
    when the first commits: its savepoint is rolled back and the first's account read.
    """
    query = select(Account).where(Account.council_id == council_id, Account.key == key)
    account = session.exec(query).first()
    if account is None:
        account = Account(council_id=council_id, kind=kind, key=key, name=name, **links)
        try:
            with session.begin_nested():
                session.add(account)
        except IntegrityError:
            account = session.exec(query).one()
    return account


def _check_legs(legs: list[Leg]) -> None:
    if len(legs) < 2:
        raise Unbalanced()
    for leg in legs:
        amount = leg.amount_pence
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise AmountInvalid()
        if amount == 0 or abs(amount) > MAX_AMOUNT_PENCE:
            raise AmountInvalid()
    if sum(leg.amount_pence for leg in legs) != 0:
        raise Unbalanced()


def content_of(transaction: LedgerTransaction, entries: list[tuple[int, int]]) -> str:
    """The canonical text a transaction's hash covers."""
    return json.dumps(
        {
            "council": transaction.council_id,
            "key": transaction.idempotency_key,
            "kind": transaction.kind,
            "description": transaction.description,
            "delegation": transaction.delegation_id,
            "reverses": transaction.reverses_id,
            "at": transaction.created_at.isoformat(timespec="microseconds"),
            "entries": sorted(entries),
        },
        sort_keys=True,
        separators=(",", ":"),
    )


def chain_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode()).hexdigest()


def lock_chain_head(session: Session, council_id: int) -> ChainHead:
    """The council's chain head, locked until commit: postings of a council queue here."""
    statement = (
        select(ChainHead)
        .where(ChainHead.council_id == council_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    head = session.exec(statement).first()
    if head is None:
        try:
            with session.begin_nested():
                session.add(ChainHead(council_id=council_id, last_hash=GENESIS))
        except IntegrityError:
            pass  # another transaction created it first
        head = session.exec(statement).one()
    return head


def post(
    *,
    session: Session,
    council_id: int,
    idempotency_key: str,
    kind: str,
    description: str,
    legs: list[Leg],
    delegation_id: int | None = None,
    reverses_id: int | None = None,
    actor: User | None = None,
) -> LedgerTransaction:
    """Post one balanced transaction; a key that was posted before is refused."""
    _check_legs(legs)
    head = lock_chain_head(session, council_id)
    exists = session.exec(
        select(LedgerTransaction.id).where(LedgerTransaction.idempotency_key == idempotency_key)
    ).first()
    if exists is not None:
        raise AlreadyPosted()
    transaction = LedgerTransaction(
        council_id=council_id,
        idempotency_key=idempotency_key,
        kind=kind,
        description=description[:300],
        delegation_id=delegation_id,
        reverses_id=reverses_id,
        created_by_id=actor.id if actor else None,
        created_at=utcnow(),
        prev_hash=head.last_hash,
        hash="",
    )
    transaction.hash = chain_hash(
        head.last_hash,
        content_of(transaction, [(leg.account_id, leg.amount_pence) for leg in legs]),
    )
    session.add(transaction)
    session.flush()
    for leg in legs:
        session.add(
            LedgerEntry(
                transaction_id=transaction.id,
                account_id=leg.account_id,
                amount_pence=leg.amount_pence,
            )
        )
    head.last_hash = transaction.hash
    session.flush()
    return transaction


def reverse(
    *, session: Session, transaction: LedgerTransaction, reason: str, actor: User | None
) -> LedgerTransaction:
    """A correction: a new transaction with every entry negated. Nothing is edited."""
    entries = session.exec(
        select(LedgerEntry).where(LedgerEntry.transaction_id == transaction.id)
    ).all()
    return post(
        session=session,
        council_id=transaction.council_id,
        idempotency_key=f"reverse:{transaction.id}",
        kind="reversal",
        description=f"Reversal of #{transaction.id}: {reason}",
        legs=[Leg(e.account_id, -e.amount_pence) for e in entries],
        delegation_id=transaction.delegation_id,
        reverses_id=transaction.id,
        actor=actor,
    )


def balance(session: Session, account_id: int) -> int:
    return session.exec(
        select(func.coalesce(func.sum(LedgerEntry.amount_pence), 0)).where(
            LedgerEntry.account_id == account_id
        )
    ).one()


def verify_chain(session: Session) -> list[str]:
    """Every problem with the ledger: a broken link or hash, an unbalanced transaction."""
    problems = []
    entries: dict[int, list[tuple[int, int]]] = {}
    for transaction_id, account_id, amount in session.exec(
        select(LedgerEntry.transaction_id, LedgerEntry.account_id, LedgerEntry.amount_pence)
    ):
        entries.setdefault(transaction_id, []).append((account_id, amount))
    last: dict[int, str] = {}
    for transaction in session.exec(select(LedgerTransaction).order_by(LedgerTransaction.id)):
        legs = entries.pop(transaction.id, [])
        expected_prev = last.get(transaction.council_id, GENESIS)
        if transaction.prev_hash != expected_prev:
            problems.append(f"transaction {transaction.id}: does not follow the one before it")
        if chain_hash(transaction.prev_hash, content_of(transaction, legs)) != transaction.hash:
            problems.append(f"transaction {transaction.id}: its content does not match its hash")
        if len(legs) < 2 or sum(amount for _, amount in legs) != 0:
            problems.append(f"transaction {transaction.id}: entries do not balance")
        last[transaction.council_id] = transaction.hash
    for transaction_id in entries:
        problems.append(f"entries of transaction {transaction_id}: the transaction is missing")
    for head in session.exec(select(ChainHead)):
        if last.get(head.council_id, GENESIS) != head.last_hash:
            problems.append(f"council {head.council_id}: the newest transaction is missing")
    return problems
