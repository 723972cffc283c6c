"""The gateway's own tables: their declarative base and their migration tree.

The console (``gateway.console.models``), the knowledge-base versions
(``gateway.kb.store``) and the inbox (``gateway.pipeline.inbox``) belong to the gateway:
they subclass :class:`Base` (its own metadata) and are migrated by ``gateway/migrations``
(version table ``gateway_alembic_version``). :func:`migrate` brings every room's tree to
head (the case store's first), as ``hotline serve`` does at start.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from casebridge import db as case_db

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MODEL_MODULES = (
    "gateway.console.models",
    "gateway.kb.store",
    "gateway.pipeline.inbox",
    "gateway.calls.models",
    "gateway.inspection.models",
)


class Base(DeclarativeBase):
    """Declarative base of the gateway's tables."""

    metadata = MetaData(naming_convention=case_db.NAMING)


def migrate_gateway(url: str, revision: str = "head") -> None:
    """Bring the gateway's own tables at ``url`` up to ``revision`` (blocking)."""
    case_db.upgrade(url, MIGRATIONS_DIR, revision)


def migrate(url: str) -> None:
    """Every room's schema at ``url`` to head: the case store's, then the gateway's."""
    case_db.migrate(url)
    migrate_gateway(url)
