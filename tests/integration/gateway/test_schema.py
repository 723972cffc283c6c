"""The Alembic chain builds exactly the tables the models declare, on both databases,
and goes back down to nothing. Every room's tables are checked together."""

from __future__ import annotations

import asyncio
import importlib

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from casebridge.db import MIGRATIONS_DIR, Base, migrate, sync_url

MODEL_MODULES = (
    "casebridge.models",
    "casebridge.analytics.models",
    "casebridge.emergency.models",
    "gateway.console.models",
    "gateway.pipeline.inbox",
    "gateway.kb.store",
)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    name = "postgres_url" if request.param == "postgresql" else "sqlite_url"
    return str(request.getfixturevalue(name))


def _diff(url: str) -> list[object]:
    for name in MODEL_MODULES:
        importlib.import_module(name)
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": False})
            return list(compare_metadata(ctx, Base.metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(sync_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


async def test_migrations_match_every_model_and_go_down(db_url: str) -> None:
    await asyncio.to_thread(migrate, db_url)
    assert await asyncio.to_thread(_diff, db_url) == []
    declared = {t.name for t in Base.metadata.sorted_tables}
    assert declared <= await asyncio.to_thread(_tables, db_url)

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", sync_url(db_url).replace("%", "%%"))
    await asyncio.to_thread(command.downgrade, cfg, "base")
    assert await asyncio.to_thread(_tables, db_url) <= {"alembic_version"}
    await asyncio.to_thread(migrate, db_url)  # and up again
    assert await asyncio.to_thread(_diff, db_url) == []
