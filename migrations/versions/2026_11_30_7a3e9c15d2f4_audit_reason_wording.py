"""audit reasons the app writes are stored as a wording key and parameters, worded
when read in the reader's language; rows already written keep their English text

Revision ID: 7a3e9c15d2f4
Revises: d67368d944a2
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "7a3e9c15d2f4"
down_revision: str | None = "d67368d944a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added columns only: the audit trail is append-only, so no row is rewritten.
    op.add_column(
        "audit_event",
        sa.Column("reason_key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    )
    op.add_column("audit_event", sa.Column("reason_params", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("reason_params")
        batch.drop_column("reason_key")
