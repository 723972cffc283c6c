"""Fixtures of the analytics room: the case store on SQLite and on real PostgreSQL,
migrated through the whole Alembic chain. The clock, the environment and the database
parameters are the casebridge room's."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from casebridge.catalogue import Catalogue
from casebridge.db import create_engine_for, session_factory
from casebridge.service import CaseService
from gateway.db import migrate
from tests.integration.casebridge.conftest import Clock, Env, catalogue, db_url

__all__ = ["Clock", "Env", "catalogue", "db_url", "env"]


@pytest.fixture
async def env(db_url: str, catalogue: Catalogue, tmp_path: Path) -> AsyncIterator[Env]:
    await asyncio.to_thread(migrate, db_url)
    engine = create_engine_for(db_url)
    sessions = session_factory(engine)
    # Monday 3 March 2025, 10:00 in Heze
    clock = Clock(datetime(2025, 3, 3, 2, 0, tzinfo=UTC))
    cases = CaseService(sessions, catalogue, clock, secret_key="test-secret")
    await cases.sync_units()
    try:
        yield Env(db_url, sessions, cases, clock, catalogue)
    finally:
        await engine.dispose()
