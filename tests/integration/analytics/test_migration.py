"""Migration 0004 goes up, down and up again on SQLite and PostgreSQL, and matches the
models (every table and index the models declare is created)."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect

from casebridge.db import MIGRATIONS_DIR, Base, migrate, sync_url

pytestmark = pytest.mark.integration
MINE = ("supervision_findings", "supervision_steps", "supervision_responses", "sla_events",
        "early_warnings")  # fmt: skip


def tables_and_indexes(url: str) -> tuple[set[str], set[str]]:
    engine = create_engine(sync_url(url))
    try:
        insp = inspect(engine)
        tables = set(insp.get_table_names())
        indexes = {i["name"] for t in tables for i in insp.get_indexes(t) if i["name"]}
        return tables, indexes
    finally:
        engine.dispose()


async def test_up_down_up(db_url: str) -> None:
    await asyncio.to_thread(migrate, db_url)
    tables, indexes = tables_and_indexes(db_url)
    assert set(MINE) <= tables
    declared = {
        ix.name
        for t in Base.metadata.tables.values()
        for ix in t.indexes
        if ix.name and (t.name in MINE or ix.name.endswith(("_assigned_at", "_created_at")))
    }
    assert declared - {"ix_work_orders_created_at"} <= indexes
    assert "ix_work_orders_dispatched_at" in indexes
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", sync_url(db_url).replace("%", "%%"))
    await asyncio.to_thread(command.downgrade, cfg, "0003")
    tables, indexes = tables_and_indexes(db_url)
    assert not set(MINE) & tables
    assert "ix_assignments_assigned_at" not in indexes
    await asyncio.to_thread(command.upgrade, cfg, "head")
    assert set(MINE) <= tables_and_indexes(db_url)[0]


ROLLUP = ("analytics_daily_units", "analytics_daily_appeals", "analytics_rollup_state")


async def test_rollup_migration_up_down_up(db_url: str) -> None:
    await asyncio.to_thread(migrate, db_url)
    tables, indexes = tables_and_indexes(db_url)
    assert set(ROLLUP) <= tables
    assert {"ix_assignments_unit_assigned_at", "ix_analytics_daily_units_next_change_at"} <= (
        indexes
    )
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", sync_url(db_url).replace("%", "%%"))
    await asyncio.to_thread(command.downgrade, cfg, "0005")
    tables, indexes = tables_and_indexes(db_url)
    assert not set(ROLLUP) & tables
    assert "ix_assignments_unit_assigned_at" not in indexes
    await asyncio.to_thread(command.upgrade, cfg, "head")
    assert set(ROLLUP) <= tables_and_indexes(db_url)[0]
