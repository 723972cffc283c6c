"""Opening a work order on PostgreSQL in one statement: the appeal, the day's counter,
the order, its lead assignment and its dispatch event as data-modifying CTEs, answered
with the order's id and number and the lead unit's active endpoints.

One round trip where :func:`casebridge.cases.opening.open_order` takes six (issue 16):
with the implicit BEGIN, the COMMIT and the pool's pre-ping, 4 a new order (5 when the
lead unit has an endpoint: the outbox rows are a second statement, in the same
transaction). The rows are the same, column by column:

- ``a``: the appeal, ``INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id``;
  a key seen before makes ``a`` empty and with it every CTE after it (no number spent,
  nothing written) and the answer has no row: the caller looks the order up instead;
- ``c``: the day's counter, ``INSERT … SELECT … FROM a ON CONFLICT (day) DO UPDATE SET
  last = last + 1 RETURNING last`` (the first order of a day makes the row with 1, as the
  UPDATE-then-INSERT of the SQLite path does; the row stays locked until commit);
- ``o``: the order, its number ``HZ<day>-<n, at least 6 digits>`` formed from ``c``;
- ``s``, ``e``: the lead assignment and the event (seq 1) from ``o``'s id.

PostgreSQL runs every CTE to completion whether the outer SELECT reads it or not, and
the foreign keys are checked at the statement's end, when the order row exists. Values
are bound with the columns' own types (JSON, aware UTC datetimes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import (
    CTE,
    ColumnElement,
    Integer,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    func,
    insert,
    literal_column,
    select,
    true,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import insert as pg_insert

from casebridge.cases.events import EVENT_FIELDS
from casebridge.models import (
    Appeal,
    Assignment,
    OrderEvent,
    OrderSequence,
    WebhookEndpoint,
    WorkOrder,
)

_APPEALS = cast(Table, Appeal.__table__)
_ORDERS = cast(Table, WorkOrder.__table__)
_COUNTERS = cast(Table, OrderSequence.__table__)
_ASSIGNMENTS = cast(Table, Assignment.__table__)
_EVENTS = cast(Table, OrderEvent.__table__)
_ENDPOINTS = cast(Table, WebhookEndpoint.__table__)

APPEAL_COLUMNS = tuple(c.name for c in _APPEALS.columns if c.name != "id")
ORDER_COLUMNS = (
    "state",
    "lead_unit_id",
    "entry_code",
    "category_level1",
    "category_level2",
    "county",
    "utility",
    "needs_contact",
    "limit_hours",
    "limit_working_days",
    "deadline_at",
    "dispatched_at",
    "reply_attachments",
    "reopen_count",
    "extension_count",
    "return_count",
    "created_at",
    "updated_at",
    "version",
)  # besides the number and appeal_id, which come from ``c`` and ``a``
ASSIGNMENT_COLUMNS = ("unit_id", "role", "active", "assigned_at", "deadline_at")
EVENT_COLUMNS = ("seq", *EVENT_FIELDS)  # the order event's own INSERT binds the same


SHARED = {
    **dict.fromkeys(
        [
            ("a", "created_at"),
            ("o", "dispatched_at"),
            ("o", "created_at"),
            ("o", "updated_at"),
            ("s", "assigned_at"),
            ("e", "created_at"),
        ],
        "now",
    ),
    **dict.fromkeys([("o", "deadline_at"), ("s", "deadline_at")], "deadline"),
    **dict.fromkeys([("o", "lead_unit_id"), ("s", "unit_id")], "unit"),
    ("o", "category_level1"): "a_category_level1",
    ("o", "category_level2"): "a_category_level2",
    **dict.fromkeys([("o", "state"), ("e", "to_state")], "state"),
    **dict.fromkeys([("o", "reply_attachments"), ("e", "attachments")], "none_attached"),
    **dict.fromkeys(
        [("o", "reopen_count"), ("o", "extension_count"), ("o", "return_count")], "zero"
    ),
}
"""Columns bound to one parameter because the rows give them one value (the time, the
deadline, the lead unit, …): at most 50 parameters, which psycopg's conversion of the
query caches (``MAX_CACHED_STATEMENT_PARAMS``); :func:`parameters` refuses values that
differ."""


def _name(prefix: str, column: str) -> str:
    return SHARED.get((prefix, column), f"{prefix}_{column}")


def _binds(table: Table, names: tuple[str, ...], prefix: str) -> list[ColumnElement[Any]]:
    """One typed bind parameter per column (:func:`_name`)."""
    return [bindparam(_name(prefix, n), type_=table.c[n].type) for n in names]


def _number(day: ColumnElement[Any], n: ColumnElement[Any]) -> ColumnElement[Any]:
    """``HZ<day>-<n>``, n zero-padded to 6 digits (Python's ``{n:06d}``: more digits
    are kept, never cut as ``lpad`` would); constants inline, not bound."""
    digits = sql_cast(n, String)
    padded = case(
        (
            n < literal_column("1000000", Integer),
            func.lpad(digits, literal_column("6"), literal_column("'0'")),
        ),
        else_=digits,
    )
    return literal_column("'HZ'", String) + day + literal_column("'-'", String) + padded


def _build() -> Select[Any]:
    """The statement; bound with :func:`parameters`' names. Its rows: ``order_id``,
    ``number``, ``appeal_id`` and an endpoint's ``id``, ``unit_id``, ``event_types``
    (one row an endpoint, or one row of None's); no row for a key seen before."""
    day = bindparam("day", type_=String)
    appeal = (
        pg_insert(_APPEALS)
        .values(dict(zip(APPEAL_COLUMNS, _binds(_APPEALS, APPEAL_COLUMNS, "a"), strict=True)))
        .on_conflict_do_nothing(index_elements=[_APPEALS.c.idempotency_key])
        .returning(_APPEALS.c.id)
        .cte("a")
    )
    counter_ins = pg_insert(_COUNTERS).from_select(
        ["day", "last"], select(day, literal_column("1", Integer)).select_from(appeal)
    )
    counter = (
        counter_ins.on_conflict_do_update(
            index_elements=[_COUNTERS.c.day],
            set_={"last": _COUNTERS.c.last + literal_column("1", Integer)},
        )
        .returning(_COUNTERS.c.last)
        .cte("c")
    )
    order: CTE = (
        insert(_ORDERS)
        .from_select(
            ["number", "appeal_id", *ORDER_COLUMNS],
            select(
                _number(day, counter.c.last),
                appeal.c.id,
                *_binds(_ORDERS, ORDER_COLUMNS, "o"),
            ).select_from(appeal.join(counter, true())),
            include_defaults=False,
        )
        .returning(_ORDERS.c.id, _ORDERS.c.number, _ORDERS.c.appeal_id)
        .cte("o")
    )
    assignment = (
        insert(_ASSIGNMENTS)
        .from_select(
            ["order_id", *ASSIGNMENT_COLUMNS],
            select(order.c.id, *_binds(_ASSIGNMENTS, ASSIGNMENT_COLUMNS, "s")),
            include_defaults=False,
        )
        .cte("s")
    )
    event = (
        insert(_EVENTS)
        .from_select(
            ["order_id", *EVENT_COLUMNS],
            select(order.c.id, *_binds(_EVENTS, EVENT_COLUMNS, "e")),
            include_defaults=False,
        )
        .cte("e")
    )
    lead = bindparam("unit", type_=Integer)
    return (
        select(
            order.c.id.label("order_id"),
            order.c.number,
            order.c.appeal_id,
            _ENDPOINTS.c.id,  # None: no active endpoint (the outer join's one row)
            _ENDPOINTS.c.unit_id,
            _ENDPOINTS.c.event_types,
        )
        .select_from(
            order.outerjoin(
                _ENDPOINTS, and_(_ENDPOINTS.c.unit_id == lead, _ENDPOINTS.c.active == true())
            )
        )
        .add_cte(assignment, event)
        .order_by(_ENDPOINTS.c.id)
    )


OPEN_ORDER = _build()


#: A row's column values by column name (what the SQLite path's statements bind).
RowValues = Mapping[str, object]


def parameters(
    day: str,
    appeal: RowValues,
    order: RowValues,
    assignment: RowValues,
    event: RowValues,
) -> dict[str, object]:
    """The bound values of :data:`OPEN_ORDER` from the rows' own dicts (the keys of the
    SQLite path's statements). Raises ValueError when columns bound together
    (:data:`SHARED`) are given different values."""
    values: dict[str, object] = {"day": day}
    for prefix, row, names in (
        ("a", appeal, APPEAL_COLUMNS),
        ("o", order, ORDER_COLUMNS),
        ("s", assignment, ASSIGNMENT_COLUMNS),
        ("e", event, EVENT_COLUMNS),
    ):
        for n in names:
            name, value = _name(prefix, n), row[n]
            if name in values and values[name] != value:
                raise ValueError(f"{prefix}.{n} differs from the value bound as {name}")
            values[name] = value
    return values
