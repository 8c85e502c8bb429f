"""ballot choices keyed by (ballot, function), with no id of their own

Revision ID: a6c2e8f41d37
Revises: 3f7b9d2c6a15
Create Date: 2026-11-29 10:50:00

Every ballot writes a choice per function; each choice cost three index entries
(the id's key, the unique (ballot_id, function_id) and the tally's). The unique
pair becomes the primary key and the id goes. On SQLite the table is rebuilt
WITHOUT ROWID, so that the key's B-tree holds the rows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a6c2e8f41d37"
down_revision: str | None = "3f7b9d2c6a15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLY_INDEX = "ix_ballot_choice_tally"
TALLY_COLUMNS = ["round_id", "function_id", "level_id"]
COLUMNS = "ballot_id, round_id, function_id, level_id"


def _rebuilt_on_sqlite(*, keyed_by_pair: bool) -> None:
    """SQLite cannot change a table's key: copy the rows into a new table."""
    key = (
        [sa.PrimaryKeyConstraint("ballot_id", "function_id", name="pk_ballot_choice")]
        if keyed_by_pair
        else [
            sa.PrimaryKeyConstraint("id", name="pk_ballot_choice"),
            sa.UniqueConstraint(
                "ballot_id", "function_id", name="uq_ballot_choice_ballot_id_function_id"
            ),
        ]
    )
    op.create_table(
        "ballot_choice_rebuilt",
        *([] if keyed_by_pair else [sa.Column("id", sa.Integer(), nullable=False)]),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballot.id"],
            name="fk_ballot_choice_ballot_id_ballot",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["function_id"], ["menu_function.id"], name="fk_ballot_choice_function_id_menu_function"
        ),
        sa.ForeignKeyConstraint(
            ["level_id"], ["menu_level.id"], name="fk_ballot_choice_level_id_menu_level"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["voting_round.id"], name="fk_ballot_choice_round_id_voting_round"
        ),
        *key,
        sqlite_with_rowid=not keyed_by_pair,
    )
    op.execute(
        f"INSERT INTO ballot_choice_rebuilt ({COLUMNS}) SELECT {COLUMNS} FROM ballot_choice"  # noqa: S608
    )
    op.drop_table("ballot_choice")
    op.rename_table("ballot_choice_rebuilt", "ballot_choice")
    op.create_index(TALLY_INDEX, "ballot_choice", TALLY_COLUMNS)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuilt_on_sqlite(keyed_by_pair=True)
        return
    op.drop_constraint("uq_ballot_choice_ballot_id_function_id", "ballot_choice", type_="unique")
    op.drop_constraint("pk_ballot_choice", "ballot_choice", type_="primary")
    op.drop_column("ballot_choice", "id")
    op.create_primary_key("pk_ballot_choice", "ballot_choice", ["ballot_id", "function_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuilt_on_sqlite(keyed_by_pair=False)
        return
    op.drop_constraint("pk_ballot_choice", "ballot_choice", type_="primary")
    op.create_unique_constraint(
        "uq_ballot_choice_ballot_id_function_id", "ballot_choice", ["ballot_id", "function_id"]
    )
    op.add_column("ballot_choice", sa.Column("id", sa.Integer(), sa.Identity(), nullable=False))
    op.create_primary_key("pk_ballot_choice", "ballot_choice", ["id"])
