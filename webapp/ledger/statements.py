"""Statements: opening balance, entries, closing balance, and budget against paid over time."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case
from sqlmodel import Session, func, select

from webapp.csvfiles import csv_text
from webapp.ledger.models import Account, AccountKind, Delegation, LedgerEntry, LedgerTransaction
from webapp.voting.rounds import LONDON

MAX_LINES = 500


@dataclass
class Line:
    at: datetime
    transaction_id: int
    description: str
    account: str
    amount_pence: int
    balance_pence: int


@dataclass
class Statement:
    title: str
    opening_pence: int
    lines: list[Line]
    closing_pence: int
    total_lines: int
    points: list[tuple[date, int, int]] = field(default_factory=list)  # day, budget, paid


def accounts_for(
    session: Session, *, council_id: int, scope: str, value: str | int | None
) -> list[int]:
    """The accounts a statement covers: a group's, an area's, a function's or the council's."""
    query = select(Account.id).where(Account.council_id == council_id)
    if scope == "group":
        delegations = select(Delegation.id).where(Delegation.group_id == value)
        query = query.where(
            Account.delegation_id.in_(delegations), Account.kind == AccountKind.GROUP
        )
    elif scope == "area":
        query = query.where(Account.area_id == value)
    elif scope == "function":
        query = query.where(Account.function_key == value)
    elif scope == "delegation":
        query = query.where(Account.delegation_id == value)
    return list(session.exec(query))


def build_statement(
    session: Session,
    *,
    title: str,
    account_ids: list[int],
    start: date | None = None,
    end: date | None = None,
    limit: int | None = MAX_LINES,
) -> Statement:
    """The statement of some accounts between two UK dates (inclusive), newest lines last."""
    start_at = uk_midnight(start) if start else None
    end_before = uk_midnight(end + timedelta(days=1)) if end else None
    at = LedgerTransaction.created_at
    opening = 0
    if start_at is not None:
        opening = session.exec(
            select(func.coalesce(func.sum(LedgerEntry.amount_pence), 0))
            .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
            .where(LedgerEntry.account_id.in_(account_ids), at < start_at)
        ).one()
    in_period = [LedgerEntry.account_id.in_(account_ids)]
    if start_at is not None:
        in_period.append(at >= start_at)
    if end_before is not None:
        in_period.append(at < end_before)
    totals = select(func.coalesce(func.sum(LedgerEntry.amount_pence), 0), func.count())
    if start_at is not None or end_before is not None:  # else the entries' index alone answers
        totals = totals.join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
    movement, count = session.exec(totals.where(*in_period)).one()
    rows = session.exec(
        select(
            at,
            LedgerTransaction.id,
            LedgerTransaction.description,
            Account.name,
            LedgerEntry.amount_pence,
        )
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .join(Account, Account.id == LedgerEntry.account_id)
        .where(*in_period)
        .order_by(LedgerEntry.transaction_id.desc(), LedgerEntry.id.desc())  # index order
        .limit(limit)
    ).all()  # limit None: every line (the CSV export)
    closing = opening + movement
    lines, running = [], closing
    for when, transaction_id, description, account, amount in rows:
        lines.append(Line(when, transaction_id, description, account, amount, running))
        running -= amount
    lines.reverse()
    return Statement(title, opening, lines, closing, count)


def uk_midnight(day: date) -> datetime:
    """The moment a UK day begins (00:00 GMT or BST), in UTC, as every time stored is."""
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC)


def budget_against_paid(session: Session, delegation_ids: list[int]) -> list[tuple[date, int, int]]:
    """Cumulative budget and paid by instalment due date, for the chart."""
    from webapp.ledger.models import Instalment, InstalmentState

    rows = session.exec(
        select(
            Instalment.due_on,
            func.sum(Instalment.amount_pence),
            func.sum(
                case((Instalment.state == InstalmentState.PAID, Instalment.amount_pence), else_=0)
            ),
        )
        .where(
            Instalment.delegation_id.in_(delegation_ids),
            Instalment.state != InstalmentState.CANCELLED,
        )
        .group_by(Instalment.due_on)
        .order_by(Instalment.due_on)
    ).all()
    points, budget, paid = [], 0, 0
    for day, planned, settled in rows:
        budget += planned
        paid += settled
        points.append((day, budget, paid))
    return points


def statement_csv(statement: Statement) -> str:
    lines = (
        [
            line.at.isoformat(),
            line.transaction_id,
            line.description,
            line.account,
            line.amount_pence,
            line.balance_pence,
        ]
        for line in statement.lines
    )
    return csv_text(
        ["date", "transaction", "description", "account", "amount_pence", "balance_pence"],
        [
            ["", "", "opening balance", "", "", statement.opening_pence],
            *lines,
            ["", "", "closing balance", "", "", statement.closing_pence],
        ],
    )
