"""Writing the demo data to the case store: explicit ids, order numbers, bulk inserts.

The seeder (:mod:`casebridge.analytics.demo`) gives every row its id itself, so one batch
of appeals, orders, assignments, events, callbacks and supervisions can be inserted with
plain ``INSERT`` statements; afterwards the day sequences of order numbers are saved and
PostgreSQL's identity sequences moved past the ids used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.engine import Connection

from casebridge.analytics.demo_data import SeedStats
from casebridge.catalogue import Catalogue
from casebridge.models import (
    Appeal,
    Assignment,
    Callback,
    OrderEvent,
    OrderSequence,
    Supervision,
    Unit,
    WorkOrder,
)

Row = dict[str, object]
"""One row to insert: column name -> value."""

Rows = dict[str, list[Row]]
"""Rows of one batch by table key (``appeals``, ``orders``, ``assignments``, ``events``,
``callbacks``, ``supervisions``)."""

_TABLES = ("appeals", "orders", "assignments", "events", "callbacks", "supervisions")


@dataclass
class NextIds:
    """The next free id of every table the seeder writes (advanced as rows are made)."""

    appeal: int
    order: int
    assignment: int
    event: int
    callback: int
    supervision: int


def empty_rows() -> Rows:
    """An empty batch: one empty list per table key."""
    return {k: [] for k in _TABLES}


def unit_ids(conn: Connection, catalogue: Catalogue, now: datetime) -> dict[str, int]:
    """Unit code -> id, inserting the catalogue's units the store lacks (created ``now``)."""
    found = {r.code: r.id for r in conn.execute(select(Unit.id, Unit.code))}
    missing = [u for u in catalogue.units.values() if u.code not in found]
    if missing:
        conn.execute(
            insert(Unit),
            [
                {
                    "code": u.code,
                    "name": u.name,
                    "kind": u.kind,
                    "county": u.county,
                    "parent_code": u.parent,
                    "key_rotated": False,
                    "active": True,
                    "created_at": now,
                }
                for u in missing
            ],
        )
        found = {r.code: r.id for r in conn.execute(select(Unit.id, Unit.code))}
    return found


def next_ids(conn: Connection) -> NextIds:
    """One past the largest id of every table (1 for an empty table)."""

    def top(col: Any) -> int:
        return int(conn.execute(select(func.coalesce(func.max(col), 0))).scalar_one()) + 1

    return NextIds(
        top(Appeal.id), top(WorkOrder.id), top(Assignment.id), top(OrderEvent.id),
        top(Callback.id), top(Supervision.id),
    )  # fmt: skip


def load_sequences(conn: Connection) -> dict[str, int]:
    """Local day (``YYYYMMDD``) -> the last order number given that day."""
    return {r.day: r.last for r in conn.execute(select(OrderSequence.day, OrderSequence.last))}


def save_sequences(conn: Connection, seqs: dict[str, int]) -> None:
    """Store the day sequences after seeding (insert new days, update known ones)."""
    existing = {r.day for r in conn.execute(select(OrderSequence.day))}
    new = [{"day": d, "last": n} for d, n in seqs.items() if d not in existing]
    if new:
        conn.execute(insert(OrderSequence), new)
    for d, n in seqs.items():
        if d in existing:
            conn.execute(update(OrderSequence).where(OrderSequence.day == d).values(last=n))


def fix_sequences(conn: Connection) -> None:
    """Explicit ids were inserted: move PostgreSQL's identity sequences past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in ("appeals", "work_orders", "assignments", "order_events", "callbacks",
                  "supervisions"):  # fmt: skip
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


def flush(conn: Connection, rows: Rows, s: SeedStats) -> None:
    """Insert one batch (parents before children) and count it in ``s``."""
    for model, key in (
        (Appeal, "appeals"), (WorkOrder, "orders"), (Assignment, "assignments"),
        (OrderEvent, "events"), (Callback, "callbacks"), (Supervision, "supervisions"),
    ):  # fmt: skip
        if rows[key]:
            conn.execute(insert(model), rows[key])
    s.appeals += len(rows["appeals"])
    s.orders += len(rows["orders"])
    s.assignments += len(rows["assignments"])
    s.events += len(rows["events"])
    s.callbacks += len(rows["callbacks"])
    s.supervisions += len(rows["supervisions"])


def assignment_row(
    ids: NextIds,
    oid: int,
    uid: int,
    role: str,
    at: datetime,
    deadline: datetime | None,
    released: datetime | None,
) -> Row:
    """An assignment of order ``oid`` to unit ``uid`` as ``role`` (``lead``/``co``), taking
    the next assignment id; ``released`` set means it was given up (退单 approved)."""
    row: Row = {
        "id": ids.assignment,
        "order_id": oid,
        "unit_id": uid,
        "role": role,
        "active": released is None,
        "assigned_at": at,
        "deadline_at": deadline,
        "reported_at": None,
        "report_text": None,
        "released_at": released,
    }
    ids.assignment += 1
    return row
