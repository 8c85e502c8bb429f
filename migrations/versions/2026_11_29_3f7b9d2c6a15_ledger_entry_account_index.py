"""ledger entries indexed by account, transaction and amount

Revision ID: 3f7b9d2c6a15
Revises: e4a1c7d95b20
Create Date: 2026-11-29 08:05:00

A statement shows an account's last 500 lines and its balance. With an index on
account_id alone, both databases read and sorted every entry of the account
(140 ms of a 260 ms statement page at 100,000 entries on SQLite); this index
gives the lines in order and the balance without reading the table. It replaces
ix_ledger_entry_account_id, which it covers.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3f7b9d2c6a15"
down_revision: str | None = "e4a1c7d95b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_ledger_entry_account_id_transaction_id_amount_pence"


def upgrade() -> None:
    op.create_index(INDEX, "ledger_entry", ["account_id", "transaction_id", "amount_pence"])
    op.drop_index("ix_ledger_entry_account_id", table_name="ledger_entry")


def downgrade() -> None:
    op.create_index("ix_ledger_entry_account_id", "ledger_entry", ["account_id"])
    op.drop_index(INDEX, table_name="ledger_entry")
