"""Fixtures of the analytics room: the case store on SQLite and on real PostgreSQL,
migrated through the whole Alembic chain. The clock, the environment and the database
parameters are the casebridge room's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from casebridge.catalogue import Catalogue
from gateway.db import migrate
from tests.integration.casebridge.conftest import Clock, Env, catalogue, db_url, opened_env

__all__ = ["Clock", "Env", "catalogue", "db_url", "env"]


@pytest.fixture
async def env(db_url: str, catalogue: Catalogue) -> AsyncIterator[Env]:
    # Monday 3 March 2025, 10:00 in Heze; the gateway's migrations (both rooms' tables)
    start = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
    async with opened_env(
        db_url,
        catalogue,
        start,
        migrate_with=migrate,
        secret_key="test-secret",
        local_receivers=False,
    ) as e:
        yield e
