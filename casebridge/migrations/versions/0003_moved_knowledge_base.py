"""Kept for the revision chain: the knowledge-base versions table moved to the gateway's own tree.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Databases migrated before the split are at a revision of this chain, so every revision
stays; the tables it made are now the gateway's (gateway/migrations, g0002), which
adopts them where they exist.
"""

from __future__ import annotations

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
