"""Gateway inbox: accepted inbound messages, durable across a crash.

Revision ID: g0003
Revises: g0002
Create Date: 2026-11-26

A database migrated by the single chain of before the split (casebridge revision
0005) has these tables already: they are adopted, not created again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gateway.migrations.adopt import adopted

revision = "g0003"
down_revision = "g0002"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    if adopted("inbox_messages"):
        return
    op.create_table(
        "inbox_messages",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("dedup_key", sa.String(length=300), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_inbox_messages_dedup_key")),
    )
    op.create_index(op.f("ix_inbox_messages_channel"), "inbox_messages", ["channel"])
    op.create_index(op.f("ix_inbox_messages_status"), "inbox_messages", ["status"])


def downgrade() -> None:
    op.drop_table("inbox_messages")
