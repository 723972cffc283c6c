"""Each room's Alembic tree builds exactly the tables its models declare, on both
databases, and goes back down to nothing; a database migrated by the single chain of
before the split upgrades cleanly. Every room's tables are checked together."""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, inspect, text

from casebridge import db as case_db
from gateway import db as gateway_db

# (model modules, metadata, migration tree, version table) of each room
ROOMS: tuple[tuple[tuple[str, ...], MetaData, Path, str], ...] = (
    (
        ("casebridge.models", "casebridge.analytics.models", "casebridge.emergency.models"),
        case_db.Base.metadata,
        case_db.MIGRATIONS_DIR,
        "alembic_version",
    ),
    (gateway_db.MODEL_MODULES, gateway_db.Base.metadata, gateway_db.MIGRATIONS_DIR,
     "gateway_alembic_version"),
)  # fmt: skip
VERSION_TABLES = {room[3] for room in ROOMS}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    name = "postgres_url" if request.param == "postgresql" else "sqlite_url"
    return str(request.getfixturevalue(name))


def _diff(url: str) -> list[object]:
    """Differences between the database and every room's models (none when in step)."""
    found: list[object] = []
    engine = create_engine(case_db.sync_url(url))
    try:
        for modules, metadata, _, _ in ROOMS:
            for name in modules:
                importlib.import_module(name)
            with engine.connect() as conn:
                ctx = MigrationContext.configure(conn, opts={"compare_type": False})
                # each room compares only its own tables (the others' are not "extra")
                found += [
                    d
                    for d in compare_metadata(ctx, metadata)
                    if not (d[0] == "remove_table" and d[1].name not in metadata.tables)
                    and not (d[0] == "remove_index" and d[1].table.name not in metadata.tables)
                ]
    finally:
        engine.dispose()
    return found


def _tables(url: str) -> set[str]:
    engine = create_engine(case_db.sync_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _version(url: str, table: str) -> str | None:
    engine = create_engine(case_db.sync_url(url))
    try:
        with engine.connect() as conn:
            if table not in inspect(conn).get_table_names():
                return None
            return conn.execute(text(f"SELECT version_num FROM {table}")).scalar_one_or_none()
    finally:
        engine.dispose()


async def test_migrations_match_every_model_and_go_down(db_url: str) -> None:
    await asyncio.to_thread(gateway_db.migrate, db_url)
    assert await asyncio.to_thread(_diff, db_url) == []
    tables = await asyncio.to_thread(_tables, db_url)
    for _, metadata, _, _ in ROOMS:
        assert set(metadata.tables) <= tables
    # the rooms' tables do not overlap: each is migrated by exactly one tree
    assert not set(case_db.Base.metadata.tables) & set(gateway_db.Base.metadata.tables)

    for _, _, tree, _ in reversed(ROOMS):
        cfg = case_db.alembic_config(db_url, tree)
        await asyncio.to_thread(command.downgrade, cfg, "base")
    assert await asyncio.to_thread(_tables, db_url) <= VERSION_TABLES
    await asyncio.to_thread(gateway_db.migrate, db_url)  # and up again
    assert await asyncio.to_thread(_diff, db_url) == []


@pytest.mark.parametrize(("legacy", "gateway_revision"), [("0005", "g0003"), ("0003", "g0002")])
async def test_a_database_of_the_single_chain_upgrades(
    db_url: str, legacy: str, gateway_revision: str
) -> None:
    """Before the split one chain (revision ``legacy``, gateway tables included, no
    gateway version table) made the schema; ``hotline serve``'s migration adopts it."""
    await asyncio.to_thread(case_db.migrate, db_url, legacy)
    await asyncio.to_thread(gateway_db.migrate_gateway, db_url, gateway_revision)
    engine = create_engine(case_db.sync_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO console_agents (username, display_name, role, "
                          "password_hash, active, created_at) VALUES ('a1', 'A', 'agent', 'x', "
                          "true, CURRENT_TIMESTAMP)"))  # fmt: skip
        conn.execute(text("DROP TABLE gateway_alembic_version"))
    engine.dispose()
    assert await asyncio.to_thread(_version, db_url, "alembic_version") == legacy

    await asyncio.to_thread(gateway_db.migrate, db_url)

    assert await asyncio.to_thread(_diff, db_url) == []
    cfg = case_db.alembic_config(db_url, gateway_db.MIGRATIONS_DIR)
    head = ScriptDirectory.from_config(cfg).get_current_head()  # the adopted schema is at head
    assert await asyncio.to_thread(_version, db_url, "gateway_alembic_version") == head
    engine = create_engine(case_db.sync_url(db_url))
    with engine.connect() as conn:  # the adopted tables kept their rows
        assert conn.execute(text("SELECT username FROM console_agents")).scalars().all() == ["a1"]
    engine.dispose()
