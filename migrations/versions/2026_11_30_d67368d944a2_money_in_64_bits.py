"""money in 64 bits: every column of pence is BIGINT on PostgreSQL

Revision ID: d67368d944a2
Revises: 2b7e5d91c4a8
Create Date: 2026-11-30 09:00:00

PostgreSQL's INTEGER stops at 2,147,483,647 pence (about £21.4 million). A menu may
cost up to £10,000 a household and double it by uplift, so one large area's annual
budget, an instalment of it or a rebate posting could not be stored: approving or
posting it failed. SQLite's integers are 64-bit already, so there nothing changes.

On PostgreSQL each table is rewritten once (one ALTER TABLE for all its columns),
under an exclusive lock: on a large ledger, run it when nobody is using the app.
A downgrade is refused while any amount is beyond what INTEGER holds.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d67368d944a2"
down_revision: str | None = "2b7e5d91c4a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY_COLUMNS = {
    "council": ("large_transfer_threshold_pence",),
    "menu_function": ("cost_per_household_pence",),
    "menu_option": ("rebate_per_household_pence",),
    "ledger_entry": ("amount_pence",),
    "delegation": ("annual_budget_pence", "uplift_pence", "rebate_per_household_pence"),
    "instalment": ("amount_pence", "uplift_pence"),
    "rebate_posting": ("per_household_pence",),
}
INTEGER_MAX = 2**31 - 1


def _on_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _retype(table: str, columns: tuple[str, ...], sql_type: str) -> None:
    changes = ", ".join(f"ALTER COLUMN {column} TYPE {sql_type}" for column in columns)
    op.execute(f"ALTER TABLE {table} {changes}")


def upgrade() -> None:
    if not _on_postgresql():
        return
    for table, columns in MONEY_COLUMNS.items():
        _retype(table, columns, "BIGINT")


def downgrade() -> None:
    if not _on_postgresql():
        return
    connection = op.get_bind()
    for table, columns in MONEY_COLUMNS.items():
        for column in columns:
            amount = sa.column(column)
            beyond = connection.scalar(
                sa.select(sa.func.count())
                .select_from(sa.table(table, amount))
                .where(sa.func.abs(amount) > INTEGER_MAX)
            )
            if beyond:
                raise RuntimeError(
                    f"{table}.{column} holds {beyond} amounts beyond what INTEGER holds "
                    f"({INTEGER_MAX} pence): they would be lost, so nothing was changed."
                )
    for table, columns in MONEY_COLUMNS.items():
        _retype(table, columns, "INTEGER")
