"""An empty step: the agent console's tables moved to gateway/migrations (g0001).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from casebridge.migrations.moved import downgrade, upgrade

__all__ = ["downgrade", "upgrade"]
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None
