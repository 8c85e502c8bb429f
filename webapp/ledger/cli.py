"""`flask ledger verify|due|rebates`: checks and the scheduled work cron runs."""

import sys

import click
from flask.cli import AppGroup
from sqlmodel import select

from webapp.db import get_db, utcnow
from webapp.errors import DomainError
from webapp.ledger.instalments import request_due_instalments
from webapp.ledger.models import Delegation
from webapp.ledger.posting import verify_chain
from webapp.ledger.rebates import post_rebate

ledger_cli = AppGroup("ledger", help="The append-only ledger.")


@ledger_cli.command("verify")
def verify_command() -> None:
    """Recompute the hash chain and balances; exit 1 if any row was changed or removed."""
    with get_db().session_scope() as session:
        problems = verify_chain(session)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)
    click.echo("Ledger verified: every transaction balances and the chain is intact.")


@ledger_cli.command("due")
def due_command() -> None:
    """Request every instalment that has fallen due (idempotent; safe to run twice at once)."""
    with get_db().session_scope() as session:
        requested = request_due_instalments(session=session, today=utcnow().date())
    click.echo(f"{requested} instalments requested.")


@ledger_cli.command("rebates")
@click.argument("period")
def rebates_command(period: str) -> None:
    """Post the rebates of every delegation that grants one, for PERIOD (2027, 2027-Q1 ...)."""
    posted = skipped = 0
    with get_db().session_scope() as session:
        for delegation in session.exec(
            select(Delegation).where(Delegation.rebate_per_household_pence > 0)
        ):
            try:
                with session.begin_nested():
                    post_rebate(session=session, delegation=delegation, period=period, actor=None)
                posted += 1
            except DomainError as exc:
                skipped += 1
                click.echo(
                    f"delegation {delegation.id} ({delegation.function_key}, area "
                    f"{delegation.area_id}) skipped, nothing posted: {exc.message}",
                    err=True,
                )
    click.echo(f"{posted} delegations' rebates posted for {period}, {skipped} skipped.")
