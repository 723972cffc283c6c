"""Supervision follow-up and analytics: findings, escalation steps, unit responses, SLA
timer events, early warnings, and period indexes on the core tables.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_index("ix_assignments_assigned_at", "assignments", ["assigned_at"])
    op.create_index("ix_appeals_created_at", "appeals", ["created_at"])
    op.create_index("ix_callbacks_created_at", "callbacks", ["created_at"])
    op.create_index("ix_work_orders_dispatched_at", "work_orders", ["dispatched_at"])
    op.create_table(
        "supervision_findings",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("supervision_id", BIGID, nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("centre", sa.String(length=64), nullable=False),
        sa.Column("order_numbers", sa.JSON(), nullable=False),
        sa.Column("entry_ids", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["supervision_id"],
            ["supervisions.id"],
            name=op.f("fk_supervision_findings_supervision_id_supervisions"),
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_supervision_findings")),
    )
    op.create_index(
        "ix_supervision_findings_supervision_id", "supervision_findings", ["supervision_id"]
    )
    op.create_table(
        "supervision_steps",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("supervision_id", BIGID, nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("notice", sa.Text(), nullable=False),
        sa.Column("notified", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("taken_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["supervision_id"],
            ["supervisions.id"],
            name=op.f("fk_supervision_steps_supervision_id_supervisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_steps")),
    )
    op.create_index(
        "ix_supervision_steps_supervision_step", "supervision_steps", ["supervision_id", "step"]
    )
    op.create_table(
        "supervision_responses",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("supervision_id", BIGID, nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["supervision_id"],
            ["supervisions.id"],
            name=op.f("fk_supervision_responses_supervision_id_supervisions"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_supervision_responses_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_responses")),
    )
    op.create_index(
        "ix_supervision_responses_supervision_id", "supervision_responses", ["supervision_id"]
    )
    op.create_table(
        "sla_events",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("order_number", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("timer", sa.String(length=24), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("deadline", TS, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_sla_events_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sla_events")),
    )
    op.create_index("ix_sla_events_order_number", "sla_events", ["order_number"])
    op.create_table(
        "early_warnings",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("window_start", TS, nullable=False),
        sa.Column("window_end", TS, nullable=False),
        sa.Column("numbers", sa.JSON(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("delivered_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_early_warnings")),
        sa.UniqueConstraint("key", name=op.f("uq_early_warnings_key")),
    )
    op.create_index("ix_early_warnings_window_end", "early_warnings", ["window_end"])


def downgrade() -> None:
    op.drop_index("ix_early_warnings_window_end", table_name="early_warnings")
    op.drop_table("early_warnings")
    op.drop_index("ix_sla_events_order_number", table_name="sla_events")
    op.drop_table("sla_events")
    op.drop_index("ix_supervision_responses_supervision_id", table_name="supervision_responses")
    op.drop_table("supervision_responses")
    op.drop_index("ix_supervision_steps_supervision_step", table_name="supervision_steps")
    op.drop_table("supervision_steps")
    op.drop_index("ix_supervision_findings_supervision_id", table_name="supervision_findings")
    op.drop_table("supervision_findings")
    op.drop_index("ix_work_orders_dispatched_at", table_name="work_orders")
    op.drop_index("ix_callbacks_created_at", table_name="callbacks")
    op.drop_index("ix_appeals_created_at", table_name="appeals")
    op.drop_index("ix_assignments_assigned_at", table_name="assignments")
