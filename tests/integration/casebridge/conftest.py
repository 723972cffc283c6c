"""Fixtures of the casebridge room: the same suite on SQLite and on real PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.cases import CaseService
from casebridge.catalogue import Catalogue, load_catalogue
from casebridge.db import create_engine_for, migrate, session_factory
from casebridge.intake import AppealDraft
from casebridge.webhooks.urlpolicy import UrlPolicy

REPO = Path(__file__).resolve().parents[3]
SECRET = "test-secret-key"
LOCAL_HOSTS = "127.0.0.1,localhost"


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
    """Every test using this runs twice: on a SQLite file and on a fresh PostgreSQL DB."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@asynccontextmanager
async def opened_env(
    db_url: str,
    catalogue: Catalogue,
    start: datetime,
    *,
    migrate_with: Callable[[str], None] = migrate,
    secret_key: str = SECRET,
    local_receivers: bool = True,
) -> AsyncIterator[Env]:
    """A migrated store at ``db_url`` with its units, a case service on a settable clock
    starting at ``start``; the engine disposed at the end. ``local_receivers``: the
    tests' webhook receivers on 127.0.0.1 are allow-listed, as a local deployment would."""
    await asyncio.to_thread(migrate_with, db_url)
    engine = create_engine_for(db_url)
    sessions = session_factory(engine)
    clock = Clock(start)
    policy = UrlPolicy.from_setting(LOCAL_HOSTS) if local_receivers else None
    cases = CaseService(sessions, catalogue, clock, secret_key=secret_key, url_policy=policy)
    await cases.sync_units()
    try:
        yield Env(db_url, sessions, cases, clock, catalogue)
    finally:
        await engine.dispose()


@pytest.fixture
async def env(db_url: str, catalogue: Catalogue) -> AsyncIterator[Env]:
    # 2025-09-30 10:00 Asia/Shanghai: the day before the National Day holiday
    async with opened_env(db_url, catalogue, datetime(2025, 9, 30, 2, 0, tzinfo=UTC)) as e:
        yield e


def draft(key: str, **kw: object) -> AppealDraft:
    """An appeal draft with sensible defaults (a 曹县 housing matter with a phone)."""
    base: dict[str, object] = {
        "idempotency_key": key,
        "channel": "wechat",
        "sender": "openid-" + key,
        "text": "小区楼道灯坏了很久，联系电话13812345678，请尽快处理。",
        "category_level1": "城乡建设",
        "category_level2": "住房保障与房地产",
        "county": "曹县",
        "township": "曹城街道",
        "address": "曹县青菏路1号",
        "contact_name": "张三",
        "contact_phone": "13812345678",
    }
    base.update(kw)
    return AppealDraft(**base)  # type: ignore[arg-type]
