"""tally index by bucket: a round's choices ordered by bucket of 128 ballots first

Revision ID: 5c8e2f1a9b63
Revises: 7a3e9c15d2f4
Create Date: 2026-11-30 10:00:00

The tally index was (round, function, level): a ballot's choices went to as many
places as the menu has functions, mostly mid-index. Ordered by bucket of 128
ballots (ballot id / 128) before function and level, they go to the index's last
pages; SQLite's tally counts per bucket, then sums. The ballot id is a column of
the index too, so that PostgreSQL can read the tally from the index alone.

The index is built again from the table: on a large PostgreSQL database, ballots
wait for it, so run it when no vote is open.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c8e2f1a9b63"
down_revision: str | None = "7a3e9c15d2f4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX, TABLE = "ix_ballot_choice_tally", "ballot_choice"


def upgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
    op.create_index(
        INDEX,
        TABLE,
        ["round_id", sa.text("(ballot_id / 128)"), "function_id", "level_id", "ballot_id"],
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
    op.create_index(INDEX, TABLE, ["round_id", "function_id", "level_id"])
