"""Agent console: agents, conversations, turns, audit.

Revision ID: g0001
Revises: (none: the gateway tree starts here)
Create Date: 2026-11-26

A database migrated by the single chain of before the split (casebridge revision
0002) has these tables already: they are adopted, not created again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gateway.migrations.adopt import adopted

revision = "g0001"
down_revision = None
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    if adopted("console_agents", "console_conversations", "console_turns", "console_audit"):
        return
    op.create_table(
        "console_agents",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_console_agents"),
        sa.UniqueConstraint("username", name="uq_console_agents_username"),
    )
    op.create_table(
        "console_conversations",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("sender", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("queued_at", TS, nullable=True),
        sa.Column("held_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", TS, nullable=True),
        sa.Column("alerted_at", TS, nullable=True),
        sa.Column("work_order", sa.String(length=64), nullable=True),
        sa.Column("last_turn_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_console_conversations"),
    )
    op.create_index("ix_console_conversations_status", "console_conversations", ["status"])
    op.create_index("ix_console_conversations_held_by", "console_conversations", ["held_by"])
    op.create_table(
        "console_turns",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("conversation_key", sa.String(length=255), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("nlu", sa.JSON(), nullable=True),
        sa.Column("actions", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_console_turns"),
    )
    op.create_index("ix_console_turns_conversation_key", "console_turns", ["conversation_key"])
    op.create_table(
        "console_audit",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("conversation_key", sa.String(length=255), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_console_audit"),
    )
    op.create_index("ix_console_audit_at", "console_audit", ["at"])
    op.create_index("ix_console_audit_conversation_key", "console_audit", ["conversation_key"])


def downgrade() -> None:
    op.drop_table("console_audit")
    op.drop_table("console_turns")
    op.drop_table("console_conversations")
    op.drop_table("console_agents")
