"""Database plumbing: the case store's declarative base, engines, sessions, migrations.

The case store's tables (``casebridge.models``, ``casebridge.analytics.models``) share
one metadata and one Alembic tree (``casebridge/migrations``, version table
``alembic_version``); other rooms keep their own base and tree (the gateway's:
:mod:`gateway.db`) and may use :func:`run_alembic_env` and :func:`upgrade` for it.
SQLite (default) or PostgreSQL. ``hotline serve`` brings every tree to head at start,
so a fresh file just works.
"""

from __future__ import annotations

import weakref
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of the case store's tables."""

    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """The current aware UTC time."""
    return datetime.now(UTC)


def async_url(url: str) -> str:
    """The async-driver form of a database URL (aiosqlite / psycopg)."""
    u = make_url(url)
    if u.drivername in ("sqlite", "sqlite+pysqlite"):
        u = u.set(drivername="sqlite+aiosqlite")
    elif u.drivername in ("postgresql", "postgres", "postgresql+psycopg2", "postgresql+psycopg"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def sync_url(url: str) -> str:
    """The sync-driver form of a database URL (for Alembic)."""
    u = make_url(url)
    if u.drivername in ("sqlite+aiosqlite",):
        u = u.set(drivername="sqlite")
    elif u.drivername in ("postgresql", "postgres", "postgresql+psycopg2", "postgresql+asyncpg"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_engine_for(
    url: str,
    *,
    echo: bool = False,
    pool_size: int = 10,
    max_overflow: int = 20,
    prepare_threshold: int | None = 1,
    pre_ping: bool = True,
    pool_timeout: float = 30.0,
) -> AsyncEngine:
    """An async engine; SQLite gets WAL and foreign keys, its parent folder is created.

    PostgreSQL goes through psycopg 3's native async connections, ``pool_size`` kept
    open and up to ``max_overflow`` more under load (``HOTLINE_DB_POOL_SIZE``,
    ``HOTLINE_DB_MAX_OVERFLOW``); a statement a connection runs more than
    ``prepare_threshold`` times is prepared on the server (the hot queries: inbox,
    detail, intake), ``None`` turns preparing off (e.g. behind a transaction pooler);
    ``pre_ping`` checks a pooled connection before use (a restarted server is survived);
    ``pool_timeout`` seconds a checkout waits for a free connection
    (``HOTLINE_DB_POOL_TIMEOUT_SECONDS``; work orders queue before the pool instead, see
    :func:`writer_slots`).
    """
    aurl = async_url(url)
    u = make_url(aurl)
    # SQL parameters (appeal text, names, phones) never appear in errors or logs
    kwargs: dict[str, object] = {"echo": echo, "hide_parameters": True}
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["pool_timeout"] = pool_timeout  # a file has a pool; memory has one link
    else:
        kwargs.update(
            pool_timeout=pool_timeout,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_pre_ping=pre_ping,
            connect_args={"prepare_threshold": prepare_threshold},
        )
    engine = create_async_engine(aurl, **kwargs)
    if u.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


_TWINS: weakref.WeakKeyDictionary[Engine, Engine | None] = weakref.WeakKeyDictionary()


def blocking_twin(engine: AsyncEngine) -> Engine | None:
    """A blocking engine on the same SQLite file as ``engine``, or None (PostgreSQL, an
    in-memory database); made once per engine and disposed with it.

    What it is for: a transaction run whole in one worker thread (``asyncio.to_thread``)
    is one hand-off to the event loop, where the same statements through aiosqlite are
    one per cursor call, fetch, close, commit and the pool's rollback (24 for a work
    order, issue 16). Same file, same pragmas (:func:`_sqlite_pragmas`), parameters
    hidden from errors as on ``engine``; the SQLite dialect is the same, so values are
    stored alike. ``engine``'s event listeners do not see its statements: listen on the
    twin too.
    """
    sync = engine.sync_engine
    if sync in _TWINS:
        return _TWINS[sync]
    u = engine.url
    twin: Engine | None = None
    in_memory = (
        u.database in (None, "", ":memory:")
        or u.query.get("mode") == "memory"
        or str(u.database).startswith("file::memory:")
    )
    if u.get_backend_name() == "sqlite" and not in_memory:
        from sqlalchemy import create_engine

        made = create_engine(u.set(drivername="sqlite+pysqlite"), hide_parameters=True)
        event.listen(made, "connect", _sqlite_pragmas)
        event.listen(sync, "engine_disposed", lambda _e: made.dispose())
        twin = made
    _TWINS[sync] = twin
    return twin


def writer_slots(engine: AsyncEngine) -> int:
    """How many write transactions of one kind may run at once on ``engine``: 1 on
    SQLite (one writer per file; more only wait on its lock inside the driver's threads),
    else half the pool's kept connections (at least 1), so that a burst of them queues in
    the process, in order, and leaves connections for the reads and the write-behind
    instead of timing out in the pool (issue 16: 892 of 1,000 confirmations failed on
    the pool's 30 s checkout)."""
    if engine.dialect.name == "sqlite":
        return 1
    size = getattr(engine.sync_engine.pool, "size", None)
    kept = size() if callable(size) else 10
    return max(1, int(kept) // 2)


def session_factory(engine: AsyncEngine) -> async_sessionmaker:  # type: ignore[type-arg]
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def upgrade(url: str, script_location: Path, revision: str = "head") -> None:
    """Bring the Alembic tree at ``script_location`` to ``revision`` on ``url`` (blocking)."""
    from alembic import command

    u = make_url(sync_url(url))
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        Path(u.database).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url, script_location), revision)


def alembic_config(url: str, script_location: Path = MIGRATIONS_DIR) -> AlembicConfig:
    """The Alembic configuration of one migration tree on ``url``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    """Bring the case store's schema at ``url`` up to ``revision`` (blocking)."""
    upgrade(url, MIGRATIONS_DIR, revision)


def run_alembic_env(version_table: str) -> None:
    """The body of a tree's ``env.py``: run its migrations on the configured URL, keeping
    the tree's revision in its own ``version_table``."""
    from alembic import context
    from sqlalchemy import engine_from_config, pool

    config = context.config
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            render_as_batch=connection.dialect.name == "sqlite",
            version_table=version_table,
        )
        with context.begin_transaction():
            context.run_migrations()


def sync_engine_for(url: str) -> Engine:
    """A blocking engine (CLI tools, benchmarks)."""
    from sqlalchemy import create_engine

    return create_engine(sync_url(url), hide_parameters=True)
