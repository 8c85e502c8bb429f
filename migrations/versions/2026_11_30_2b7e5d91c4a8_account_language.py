"""account language: each account keeps the language its emails are written in

Revision ID: 2b7e5d91c4a8
Revises: d3a9f1c7e2b4
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "2b7e5d91c4a8"
down_revision: str | None = "d3a9f1c7e2b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Empty for every existing account: it fills in when its owner next signs in or
    # picks a language, and until then its emails follow the request that sends them.
    op.add_column(
        "user_account",
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("language")
