"""Adopting the tables the single migration chain made before the rooms were split.

Until the split, ``casebridge/migrations`` also created the gateway's tables (revisions
0002, 0003 and 0005). A database migrated then has them, but no gateway version table:
each gateway revision that created such tables first asks :func:`adopted`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def adopted(*tables: str) -> bool:
    """True when every one of ``tables`` exists already (nothing to create), False when
    none does; a partial set is an inconsistent database and is refused."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    found = [t for t in tables if t in existing]
    if found and len(found) != len(tables):
        missing = sorted(set(tables) - set(found))
        raise RuntimeError(f"found {found} but not {missing}: repair the schema by hand")
    return bool(found)
