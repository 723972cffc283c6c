"""Alembic environment of the case store: migrations are written by hand, one file per
revision; the revision is kept in ``alembic_version``."""

from __future__ import annotations

from casebridge.db import run_alembic_env

run_alembic_env("alembic_version")
