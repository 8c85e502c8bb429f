"""rebate households: the households each rebate posting was for, so the billing export
lists exactly what the ledger posted

Revision ID: 6919d57cc0dd
Revises: c5d8e2a7f913
Create Date: 2026-11-29 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "6919d57cc0dd"
down_revision: str | None = "c5d8e2a7f913"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rebate_household",
        sa.Column("rebate_posting_id", sa.Integer(), nullable=False),
        sa.Column("uprn", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["rebate_posting_id"],
            ["rebate_posting.id"],
            name=op.f("fk_rebate_household_rebate_posting_id_rebate_posting"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("rebate_posting_id", "uprn", name=op.f("pk_rebate_household")),
    )
    # Postings made before this revision recorded no households: the export listed the
    # area's register as it is, and keeps listing those households for them.
    op.execute(
        "INSERT INTO rebate_household (rebate_posting_id, uprn) "
        "SELECT rebate_posting.id, household.uprn FROM rebate_posting "
        "JOIN delegation ON delegation.id = rebate_posting.delegation_id "
        "JOIN household ON household.area_id = delegation.area_id"
    )


def downgrade() -> None:
    op.drop_table("rebate_household")
