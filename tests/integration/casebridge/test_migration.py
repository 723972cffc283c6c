"""Migration 0001 matches the models and goes up and down on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

import casebridge.models as m
from casebridge.db import Base, sync_url

from .conftest import migrate_0001

pytestmark = pytest.mark.integration
OURS = {
    t.name
    for t in Base.metadata.sorted_tables
    if t.name
    in {
        m.Unit.__tablename__,
        m.OrderSequence.__tablename__,
        m.Appeal.__tablename__,
        m.WorkOrder.__tablename__,
        m.Assignment.__tablename__,
        m.OrderEvent.__tablename__,
        m.Callback.__tablename__,
        m.Supervision.__tablename__,
        m.WebhookEndpoint.__tablename__,
        m.OutboxMessage.__tablename__,
        m.DeliveryAttempt.__tablename__,
    }
}


def _diff(url: str) -> list[object]:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()

    def table_of(d: object) -> str | None:
        item = d[-1] if isinstance(d, tuple) else d
        while isinstance(item, list | tuple) and item:
            item = item[0] if not isinstance(item[0], str) else item[-1]
        for attr in ("table", "name"):
            t = getattr(item, attr, None)
            if t is not None:
                return str(getattr(t, "name", t))
        return None

    flat: list[object] = []
    for d in diffs:
        flat.extend(d if isinstance(d, list) else [d])
    # other rooms' tables are not created by 0001; only report differences on ours
    return [
        d
        for d in flat
        if isinstance(d, tuple)
        and any(name in repr(d) for name in OURS)
        and "remove_" not in str(d[0])
        and not (d[0] == "add_table" and d[1].name not in OURS)
        and not (d[0] == "add_index" and d[1].table.name not in OURS)
    ]


async def test_models_match_migration_and_downgrade(db_url: str, tmp_path: Path) -> None:
    await asyncio.to_thread(migrate_0001, db_url, tmp_path)
    diffs = await asyncio.to_thread(_diff, db_url)
    assert diffs == []
    engine = create_engine(sync_url(db_url))
    try:
        names = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert names >= OURS
    await asyncio.to_thread(migrate_0001, db_url, tmp_path / "again", True)
    engine = create_engine(sync_url(db_url))
    try:
        left = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert not (left & OURS)
