"""Analytics daily roll-up: per unit × day assessment figures, per day appeal counts,
the refresh state, and the index behind a unit's drill-down.

Revision ID: 0006_analytics_rollup
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_analytics_rollup"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
COUNTS = (
    "orders", "lead_orders", "response_hits", "response_counted", "on_time_hits",
    "on_time_counted", "resolution_hits", "resolution_counted", "satisfaction_hits",
    "satisfaction_basic", "satisfaction_counted", "returns", "returns_rejected", "reopens",
    "supervisions",
)  # fmt: skip
MARKS = ("appeal_id", "order_id", "event_id", "callback_id", "supervision_id", "assignment_id")


def upgrade() -> None:
    op.create_index("ix_assignments_unit_assigned_at", "assignments", ["unit_id", "assigned_at"])
    op.create_table(
        "analytics_daily_units",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS],
        sa.Column("next_change_at", TS, nullable=True),
        sa.Column("computed_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("day", "unit_id", name=op.f("pk_analytics_daily_units")),
    )
    op.create_index(
        "ix_analytics_daily_units_next_change_at", "analytics_daily_units", ["next_change_at"]
    )
    op.create_table(
        "analytics_daily_appeals",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=64), nullable=False),
        sa.Column("appeals", sa.Integer(), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "channel", "category", "county", name=op.f("pk_analytics_daily_appeals")
        ),
    )
    op.create_table(
        "analytics_rollup_state",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("policy", sa.String(length=64), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in MARKS],
        sa.Column("refreshed_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_analytics_rollup_state")),
    )


def downgrade() -> None:
    op.drop_table("analytics_rollup_state")
    op.drop_table("analytics_daily_appeals")
    op.drop_table("analytics_daily_units")
    op.drop_index("ix_assignments_unit_assigned_at", table_name="assignments")
