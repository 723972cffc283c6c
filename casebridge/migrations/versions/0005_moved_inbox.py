"""Kept for the revision chain: the inbox table moved to the gateway's own tree.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

Databases migrated before the split are at a revision of this chain, so every revision
stays; the tables it made are now the gateway's (gateway/migrations, g0003), which
adopts them where they exist.
"""

from __future__ import annotations

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
