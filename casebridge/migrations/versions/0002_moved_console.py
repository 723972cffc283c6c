"""Kept for the revision chain: the agent console's tables moved to the gateway's own tree.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Databases migrated before the split are at a revision of this chain, so every revision
stays; the tables it made are now the gateway's (gateway/migrations, g0001), which
adopts them where they exist.
"""

from __future__ import annotations

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
