"""Quality inspection: a record's status; no score when there was nothing to inspect.

A finished call without any transcript, or a chat without an agent turn, is recorded as
``nothing_to_inspect`` (or ``unanswered`` when the citizen spoke and no agent answered)
with no score, instead of a perfect 100.

Revision ID: g0006
Revises: g0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "g0006"
down_revision = "g0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection_records") as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=24), nullable=False, server_default="scored")
        )
        batch.alter_column("score", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE inspection_records SET score = 100 WHERE score IS NULL")
    with op.batch_alter_table("inspection_records") as batch:
        batch.alter_column("score", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("status")
