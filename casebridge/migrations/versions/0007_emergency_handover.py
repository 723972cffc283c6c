"""Emergency handover (第十三条(一)): the emergency record and its own audit trail.

Revision ID: 0007_emergency_handover
Revises: 0006_analytics_rollup
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_emergency_handover"
down_revision = "0006_analytics_rollup"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "emergencies",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("idempotency_key", sa.String(length=300), nullable=False),
        sa.Column("service", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("conversation_key", sa.String(length=255), nullable=False),
        sa.Column("sender", sa.String(length=255), nullable=False),
        sa.Column("contact_name", sa.String(length=64), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=256), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outbox_id", BIGID, nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergencies")),
        sa.UniqueConstraint("public_id", name=op.f("uq_emergencies_public_id")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_emergencies_idempotency_key")),
    )
    op.create_index(op.f("ix_emergencies_status"), "emergencies", ["status"])
    op.create_table(
        "emergency_events",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("emergency_id", BIGID, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["emergency_id"],
            ["emergencies.id"],
            name=op.f("fk_emergency_events_emergency_id_emergencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_events")),
    )
    op.create_index(op.f("ix_emergency_events_emergency_id"), "emergency_events", ["emergency_id"])


def downgrade() -> None:
    op.drop_table("emergency_events")
    op.drop_table("emergencies")
