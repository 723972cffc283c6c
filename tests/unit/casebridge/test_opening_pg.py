"""The one statement of an order on PostgreSQL (``casebridge.cases.opening_pg``): short
enough for psycopg to cache its conversion, and columns bound together only when the
rows agree."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from psycopg import _queries
from sqlalchemy.dialects import postgresql

from casebridge.cases import opening_pg

NOW = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)
LATER = datetime(2025, 10, 9, 16, 0, tzinfo=UTC)


def rows() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    appeal: dict[str, Any] = dict.fromkeys(opening_pg.APPEAL_COLUMNS)
    appeal.update(created_at=NOW, category_level1="城乡建设", category_level2=None)
    order: dict[str, Any] = dict.fromkeys(opening_pg.ORDER_COLUMNS)
    order.update(
        created_at=NOW,
        updated_at=NOW,
        dispatched_at=NOW,
        deadline_at=LATER,
        lead_unit_id=7,
        category_level1="城乡建设",
        category_level2=None,
        state="dispatched",
        reply_attachments=[],
        reopen_count=0,
        extension_count=0,
        return_count=0,
    )
    lead = {"unit_id": 7, "role": "lead", "active": True, "assigned_at": NOW, "deadline_at": LATER}
    event: dict[str, Any] = dict.fromkeys(opening_pg.EVENT_COLUMNS)
    event.update(created_at=NOW, to_state="dispatched", attachments=[])
    return appeal, order, lead, event


def test_the_statement_is_within_psycopgs_query_cache() -> None:
    compiled = opening_pg.OPEN_ORDER.compile(dialect=postgresql.psycopg.dialect())  # type: ignore[no-untyped-call]
    assert len(compiled.params) <= _queries.MAX_CACHED_STATEMENT_PARAMS
    assert len(str(compiled).encode()) <= _queries.MAX_CACHED_STATEMENT_LENGTH
    values = opening_pg.parameters("20250930", *rows())
    assert set(values) == set(compiled.params)


@pytest.mark.parametrize(
    ("row", "column", "value"),
    [
        (1, "updated_at", LATER),  # the order's times are the appeal's
        (2, "deadline_at", NOW),  # the lead's deadline is the order's
        (2, "unit_id", 8),  # the lead is the order's lead unit
        (1, "category_level2", "住房保障与房地产"),  # the order's category is the appeal's
        (3, "to_state", "signed"),
    ],
)
def test_columns_bound_together_must_agree(row: int, column: str, value: object) -> None:
    given = list(rows())
    given[row] = {**given[row], column: value}
    with pytest.raises(ValueError, match=column):
        opening_pg.parameters("20250930", *given)
