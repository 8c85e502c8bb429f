"""lighter ballot indexes: no index that another already covers, none for web ballots

Revision ID: 8d2e6c41b7a3
Revises: 5c0f3a9e1d2b
Create Date: 2026-11-29 05:20:00

The unique (ballot_id, function_id) already serves lookups of a ballot's choices,
so ix_ballot_choice_ballot_id only cost every ballot twelve more index entries.
ix_ballot_entered_by_id now holds paper ballots only: web ballots have no officer.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8d2e6c41b7a3"
down_revision: str | None = "5c0f3a9e1d2b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAPER_ONLY = sa.text("entered_by_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_ballot_choice_ballot_id", table_name="ballot_choice")
    op.drop_index("ix_ballot_entered_by_id", table_name="ballot")
    op.create_index(
        "ix_ballot_entered_by_id",
        "ballot",
        ["entered_by_id"],
        sqlite_where=PAPER_ONLY,
        postgresql_where=PAPER_ONLY,
    )


def downgrade() -> None:
    op.drop_index("ix_ballot_entered_by_id", table_name="ballot")
    op.create_index("ix_ballot_entered_by_id", "ballot", ["entered_by_id"])
    op.create_index("ix_ballot_choice_ballot_id", "ballot_choice", ["ballot_id"])
