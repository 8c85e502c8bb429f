"""lighter ballot choices: keyed by (ballot, function), no id, fewer foreign keys

Revision ID: a6c2e8f41d37
Revises: 3f7b9d2c6a15
Create Date: 2026-11-29 10:50:00

Every ballot writes a choice per function, the app's busiest write.
- Each choice cost three index entries: the id's key, the unique (ballot_id,
  function_id) and the tally's. The unique pair becomes the primary key and the
  id goes; on SQLite the table is rebuilt WITHOUT ROWID, so the key's B-tree
  holds the rows.
- round_id and level_id lose their foreign keys. The statement that writes a
  choice checks more than they could (see BallotChoice), and on PostgreSQL each
  cost every row a lookup and a row lock shared with every concurrent ballot.

The downgrade restores the id (an identity column on PostgreSQL, where it was
SERIAL) and the two keys; it fails if a choice has since named a round or level
that does not exist, which record_ballot does not let happen.
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
DROPPED_KEYS = [  # name, column, referred table
    ("fk_ballot_choice_round_id_voting_round", "round_id", "voting_round"),
    ("fk_ballot_choice_level_id_menu_level", "level_id", "menu_level"),
]


def _rebuilt_on_sqlite(*, lighter: bool) -> None:
    """SQLite cannot change a table's key or keys: copy the rows into a new table."""
    if lighter:
        extra = [sa.PrimaryKeyConstraint("ballot_id", "function_id", name="pk_ballot_choice")]
    else:
        extra = [
            sa.PrimaryKeyConstraint("id", name="pk_ballot_choice"),
            sa.UniqueConstraint(
                "ballot_id", "function_id", name="uq_ballot_choice_ballot_id_function_id"
            ),
            *(
                sa.ForeignKeyConstraint([column], [f"{table}.id"], name=name)
                for name, column, table in DROPPED_KEYS
            ),
        ]
    op.create_table(
        "ballot_choice_rebuilt",
        *([] if lighter else [sa.Column("id", sa.Integer(), nullable=False)]),
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
            ["function_id"],
            ["menu_function.id"],
            name="fk_ballot_choice_function_id_menu_function",
        ),
        *extra,
        sqlite_with_rowid=not lighter,
    )
    op.execute(
        f"INSERT INTO ballot_choice_rebuilt ({COLUMNS}) SELECT {COLUMNS} FROM ballot_choice"  # noqa: S608
    )
    op.drop_table("ballot_choice")
    op.rename_table("ballot_choice_rebuilt", "ballot_choice")
    op.create_index(TALLY_INDEX, "ballot_choice", TALLY_COLUMNS)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuilt_on_sqlite(lighter=True)
        return
    for name, _column, _table in DROPPED_KEYS:
        op.drop_constraint(name, "ballot_choice", type_="foreignkey")
    op.drop_constraint("uq_ballot_choice_ballot_id_function_id", "ballot_choice", type_="unique")
    op.drop_constraint("pk_ballot_choice", "ballot_choice", type_="primary")
    op.drop_column("ballot_choice", "id")
    op.create_primary_key("pk_ballot_choice", "ballot_choice", ["ballot_id", "function_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuilt_on_sqlite(lighter=False)
        return
    op.drop_constraint("pk_ballot_choice", "ballot_choice", type_="primary")
    op.create_unique_constraint(
        "uq_ballot_choice_ballot_id_function_id", "ballot_choice", ["ballot_id", "function_id"]
    )
    op.add_column("ballot_choice", sa.Column("id", sa.Integer(), sa.Identity(), nullable=False))
    op.create_primary_key("pk_ballot_choice", "ballot_choice", ["id"])
    for name, column, table in DROPPED_KEYS:
        op.create_foreign_key(name, "ballot_choice", table, [column], ["id"])
