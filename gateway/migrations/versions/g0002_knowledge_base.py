"""Knowledge base: every version of every entry units add, update or retire (第十八条).

Revision ID: g0002
Revises: g0001
Create Date: 2026-11-26

A database migrated by the single chain of before the split (casebridge revision
0003) has these tables already: they are adopted, not created again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from gateway.migrations.adopt import adopted

revision = "g0002"
down_revision = "g0001"
branch_labels = None
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    if adopted("kb_entry_versions"):
        return
    op.create_table(
        "kb_entry_versions",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),  # JSON list of strings
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("source_unit", sa.String(length=128), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(length=128), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kb_entry_versions"),
        sa.UniqueConstraint("entry_id", "version", name="uq_kb_entry_versions_entry_id_version"),
    )
    op.create_index("ix_kb_entry_versions_entry_id", "kb_entry_versions", ["entry_id"])


def downgrade() -> None:
    op.drop_index("ix_kb_entry_versions_entry_id", table_name="kb_entry_versions")
    op.drop_table("kb_entry_versions")
