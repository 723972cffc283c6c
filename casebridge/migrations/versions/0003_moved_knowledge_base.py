"""An empty step: the knowledge-base versions table moved to gateway/migrations (g0002).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from casebridge.migrations.moved import downgrade, upgrade

__all__ = ["downgrade", "upgrade"]
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None
