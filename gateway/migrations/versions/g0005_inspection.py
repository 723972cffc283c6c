"""Quality inspection (质检): records and findings.

Revision ID: g0005
Revises: g0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "g0005"
down_revision = "g0004"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "inspection_records",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("audit_id", BIGID, nullable=False),
        sa.Column("conversation_key", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("agent", sa.String(length=64), nullable=True),
        sa.Column("first_turn_id", BIGID, nullable=False),
        sa.Column("last_turn_id", BIGID, nullable=False),
        sa.Column("agent_turns", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("red_line", sa.Boolean(), nullable=False),
        sa.Column("work_order", sa.String(length=64), nullable=True),
        sa.Column("rules_version", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_records")),
        sa.UniqueConstraint("audit_id", name=op.f("uq_inspection_records_audit_id")),
    )
    for col in ("conversation_key", "agent", "created_at"):
        op.create_index(op.f(f"ix_inspection_records_{col}"), "inspection_records", [col])
    op.create_table(
        "inspection_findings",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("record_id", BIGID, nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("deduct", sa.Integer(), nullable=False),
        sa.Column("red_line", sa.Boolean(), nullable=False),
        sa.Column("turn_ids", sa.JSON(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("contest_reason", sa.Text(), nullable=True),
        sa.Column("contested_by", sa.String(length=64), nullable=True),
        sa.Column("contested_at", WHEN, nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_findings")),
    )
    op.create_index(op.f("ix_inspection_findings_record_id"), "inspection_findings", ["record_id"])


def downgrade() -> None:
    op.drop_table("inspection_findings")
    op.drop_table("inspection_records")
