"""Phone line: calls, missed-call callbacks (未接来电回拨), agents' endpoints.

Revision ID: g0004
Revises: g0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "g0004"
down_revision = "g0003"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "voice_calls",
        sa.Column("call_sid", sa.String(length=64), nullable=False),
        sa.Column("conversation_key", sa.String(length=255), nullable=False),
        sa.Column("caller", sa.String(length=64), nullable=False),
        sa.Column("called", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("agent", sa.String(length=64), nullable=True),
        sa.Column("queued_at", TS, nullable=False),
        sa.Column("accepted_at", TS, nullable=True),
        sa.Column("answered_at", TS, nullable=True),
        sa.Column("ended_at", TS, nullable=True),
        sa.Column("wrapped_at", TS, nullable=True),
        sa.Column("talk_seconds", sa.Float(), nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("call_sid", name="pk_voice_calls"),
    )
    op.create_index("ix_voice_calls_conversation_key", "voice_calls", ["conversation_key"])
    op.create_index("ix_voice_calls_status", "voice_calls", ["status"])
    op.create_index("ix_voice_calls_agent", "voice_calls", ["agent"])
    op.create_index("ix_voice_calls_queued_at", "voice_calls", ["queued_at"])
    op.create_table(
        "voice_callbacks",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("call_sid", sa.String(length=64), nullable=False),
        sa.Column("conversation_key", sa.String(length=255), nullable=False),
        sa.Column("caller", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("recording_url", sa.Text(), nullable=True),
        sa.Column("recording_seconds", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_voice_callbacks"),
        sa.UniqueConstraint("call_sid", name="uq_voice_callbacks_call_sid"),
    )
    op.create_index("ix_voice_callbacks_status", "voice_callbacks", ["status"])
    op.create_table(
        "voice_agent_endpoints",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("username", name="pk_voice_agent_endpoints"),
    )


def downgrade() -> None:
    op.drop_table("voice_agent_endpoints")
    op.drop_table("voice_callbacks")
    op.drop_table("voice_calls")
