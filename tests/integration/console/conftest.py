"""Fixtures of the console tests: a database with the console migration, a console, and a
live gateway (tests/integration/console/harness.py) on SQLite."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

from casebridge.db import create_engine_for, session_factory
from gateway.console.service import ConsoleService, ConsoleSettings
from gateway.db import MIGRATIONS_DIR, migrate
from gateway.kv.store import MemoryStore

if TYPE_CHECKING:
    from .harness import Live


def revision_module(filename: str = "g0001_console.py") -> ModuleType:
    """A hand-written revision, loaded from its file."""
    path = MIGRATIONS_DIR / "versions" / filename
    spec = importlib.util.spec_from_file_location(f"revision_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def apply_console_migration(url: str, filename: str | None = None) -> None:
    """Bring every room's schema at ``url`` to head, as the gateway does.

    ``filename`` is accepted for older callers; the whole chain is always applied.
    """
    migrate(url)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The console schema on SQLite and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = str(request.getfixturevalue("sqlite_url"))
    else:
        url = str(request.getfixturevalue("postgres_url"))
    apply_console_migration(url)
    return url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def console(db_url: str, clock: Clock) -> AsyncIterator[ConsoleService]:
    engine = create_engine_for(db_url)
    service = ConsoleService(
        session_factory(engine),
        MemoryStore(),
        clock,
        settings=ConsoleSettings(session_ttl_seconds=30, unclaimed_alert_seconds=60),
    )
    try:
        yield service
    finally:
        await engine.dispose()


@pytest.fixture
def live(tmp_path: Path, free_port: int, sqlite_url: str) -> Iterator[Live]:
    """A gateway serving on ``free_port`` with the stub NLU, its database on SQLite (a
    test file that needs another gateway defines its own ``live``)."""
    from .harness import live_gateway  # the harness imports this module

    with live_gateway(tmp_path, sqlite_url, free_port) as gateway:
        yield gateway
