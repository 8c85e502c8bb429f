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

DROPPED_KEYS = [  # name, column, referred table
    ("fk_ballot_choice_round_id_voting_round", "round_id", "voting_round"),
    ("fk_ballot_choice_level_id_menu_level", "level_id", "menu_level"),
]
UNIQUE_PAIR = "uq_ballot_choice_ballot_id_function_id"


def upgrade() -> None:
    # Batch mode: ALTERs on PostgreSQL; on SQLite, which cannot change a table's
    # key or keys, a copy of the table (WITHOUT ROWID, so the key holds the rows).
    with op.batch_alter_table(
        "ballot_choice", table_kwargs={"sqlite_with_rowid": False}
    ) as batch_op:
        for name, _column, _table in DROPPED_KEYS:
            batch_op.drop_constraint(name, type_="foreignkey")
        batch_op.drop_constraint(UNIQUE_PAIR, type_="unique")
        batch_op.drop_constraint("pk_ballot_choice", type_="primary")
        batch_op.drop_column("id")
        batch_op.create_primary_key("pk_ballot_choice", ["ballot_id", "function_id"])


def downgrade() -> None:
    with op.batch_alter_table(
        "ballot_choice", table_kwargs={"sqlite_with_rowid": True}
    ) as batch_op:  # a rowid table again, whose INTEGER key numbers the rows copied
        batch_op.drop_constraint("pk_ballot_choice", type_="primary")
        batch_op.create_unique_constraint(UNIQUE_PAIR, ["ballot_id", "function_id"])
        batch_op.add_column(sa.Column("id", sa.Integer(), sa.Identity(), nullable=False))
        batch_op.create_primary_key("pk_ballot_choice", ["id"])
        for name, column, table in DROPPED_KEYS:
            batch_op.create_foreign_key(name, table, [column], ["id"])
