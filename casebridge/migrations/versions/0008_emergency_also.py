"""Emergency records carry every number told (trial13 Q06: gas with someone unwell is 119,
then 120): the further numbers after ``service``, comma-separated.

Revision ID: 0008_emergency_also
Revises: 0007_emergency_handover
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_emergency_also"
down_revision = "0007_emergency_handover"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("emergencies") as batch:
        batch.add_column(sa.Column("also", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("emergencies") as batch:
        batch.drop_column("also")
