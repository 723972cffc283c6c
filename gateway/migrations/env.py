"""Alembic environment of the gateway's own tables (console, knowledge-base versions,
inbox); the revision is kept in ``gateway_alembic_version``."""

from __future__ import annotations

from casebridge.db import run_alembic_env

run_alembic_env("gateway_alembic_version")
