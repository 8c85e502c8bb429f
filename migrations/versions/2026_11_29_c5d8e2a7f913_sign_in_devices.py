"""sign-ins name their browser and system and when last seen, for the list of them

Revision ID: c5d8e2a7f913
Revises: a6c2e8f41d37
Create Date: 2026-11-29 12:30:00

The account page lists where one is signed in ("Firefox on Windows", last
active when) and lets one end any of those sessions. Both names come from the
User-Agent header at sign-in; sign-ins from before this upgrade have neither,
and count as last seen when they began.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c5d8e2a7f913"
down_revision: str | None = "a6c2e8f41d37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "sign_in", sa.Column("browser", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
    )
    op.add_column(
        "sign_in", sa.Column("system", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
    )
    op.add_column("sign_in", sa.Column("last_seen_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sign_in") as batch:
        batch.drop_column("last_seen_at")
        batch.drop_column("system")
        batch.drop_column("browser")
