"""a UPRN is unique within an area, no longer across every council

Revision ID: d3a9f1c7e2b4
Revises: 6919d57cc0dd
Create Date: 2026-11-30 01:30:00

Two councils on one site (a district and a parish council, say) may both hold the
same household on their registers. Within one council a UPRN still belongs to one
area: the register import refuses it in a second area of the same council.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "d3a9f1c7e2b4"
down_revision: str | None = "6919d57cc0dd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("household") as batch_op:
        batch_op.drop_constraint("uq_household_uprn", type_="unique")
        batch_op.create_unique_constraint("uq_household_area_id_uprn", ["area_id", "uprn"])
        batch_op.create_index("ix_household_uprn", ["uprn"])


def downgrade() -> None:
    # Fails, as it should, if two councils now hold the same UPRN.
    with op.batch_alter_table("household") as batch_op:
        batch_op.drop_index("ix_household_uprn")
        batch_op.drop_constraint("uq_household_area_id_uprn", type_="unique")
        batch_op.create_unique_constraint("uq_household_uprn", ["uprn"])
