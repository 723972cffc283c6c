"""Fixtures of the analytics room: the case store on SQLite and on real PostgreSQL,
migrated with the real Alembic files (0001 and this room's 0004)."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.catalogue import Catalogue, load_catalogue
from casebridge.db import MIGRATIONS_DIR, create_engine_for, migrate, session_factory, sync_url
from casebridge.service import CaseService

REPO = Path(__file__).resolve().parents[3]


class Clock:
    """A settable clock (aware UTC)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@dataclass
class Env:
    url: str
    sessions: async_sessionmaker[AsyncSession]
    cases: CaseService
    clock: Clock
    catalogue: Catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(REPO / "config" / "data")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test runs on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


def migrate_for_tests(url: str, workdir: Path) -> None:
    """The full chain when every revision is there; else 0001 then 0004 on top of it.

    While the other rooms' 0002/0003 are not in the tree, 0004 is chained straight
    onto 0001 in a scratch copy, so its real DDL is still what runs here.
    """
    versions = {p.name[:4] for p in (MIGRATIONS_DIR / "versions").glob("0*.py")}
    if {"0001", "0002", "0003", "0004"} <= versions:
        migrate(url)
        return
    from alembic import command
    from alembic.config import Config

    scripts = workdir / "migrations"
    (scripts / "versions").mkdir(parents=True, exist_ok=True)
    shutil.copy(MIGRATIONS_DIR / "env.py", scripts / "env.py")
    shutil.copy(MIGRATIONS_DIR / "script.py.mako", scripts / "script.py.mako")
    for f in MIGRATIONS_DIR.glob("versions/0001_*.py"):
        shutil.copy(f, scripts / "versions" / f.name)
    for f in MIGRATIONS_DIR.glob("versions/0004_*.py"):
        body = re.sub(r'down_revision = "0003"', 'down_revision = "0001"', f.read_text("utf-8"))
        (scripts / "versions" / f.name).write_text(body, "utf-8")
    cfg = Config()
    cfg.set_main_option("script_location", str(scripts))
    cfg.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    command.upgrade(cfg, "0004")


@pytest.fixture
async def env(db_url: str, catalogue: Catalogue, tmp_path: Path) -> AsyncIterator[Env]:
    await asyncio.to_thread(migrate_for_tests, db_url, tmp_path)
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
