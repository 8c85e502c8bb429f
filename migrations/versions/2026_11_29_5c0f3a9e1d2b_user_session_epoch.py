"""user session epoch: a password change ends the account's other sessions

Revision ID: 5c0f3a9e1d2b
Revises: f99e661ed5c8
Create Date: 2026-11-29 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c0f3a9e1d2b"
down_revision: str | None = "f99e661ed5c8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "user_account",
        sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("session_epoch")
