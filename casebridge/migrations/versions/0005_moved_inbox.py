"""An empty step: the gateway's inbox table moved to gateway/migrations (g0003).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from casebridge.migrations.moved import downgrade, upgrade

__all__ = ["downgrade", "upgrade"]
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None
