"""sign-ins kept on the server: signing out ends a session for good

Revision ID: b71f0e93c4d8
Revises: 8d2e6c41b7a3
Create Date: 2026-11-29 05:40:00

Each signed-in session gets a row, named in its cookie by a token whose hash is
stored; the account-wide session epoch that it replaces is dropped. Sessions signed
in before this upgrade name no row, so everyone signs in again once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "b71f0e93c4d8"
down_revision: str | None = "8d2e6c41b7a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_sign_in_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_token_hash")),
    )
    op.create_index(op.f("ix_sign_in_user_id"), "sign_in", ["user_id"])
    # A plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), not a batch copy:
    # rebuilding user_account would drop the table that so many others reference.
    op.drop_column("user_account", "session_epoch")


def downgrade() -> None:
    op.add_column(
        "user_account",
        sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"),
    )
    op.drop_index(op.f("ix_sign_in_user_id"), table_name="sign_in")
    op.drop_table("sign_in")
