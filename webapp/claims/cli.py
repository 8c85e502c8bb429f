"""`flask claims overdue`: flag overdue monitoring reports (idempotent, for cron)."""

import click
from flask.cli import AppGroup

from webapp.claims.monitoring import flag_overdue_reports
from webapp.db import get_db

claims_cli = AppGroup("claims", help="Claims and delegations.")


@claims_cli.command("overdue")
def overdue_command() -> None:
    """Notify groups and officers once about each newly overdue monitoring report."""
    with get_db().session_scope() as session:
        flagged = flag_overdue_reports(session=session)
    click.echo(f"{flagged} overdue reports flagged.")
