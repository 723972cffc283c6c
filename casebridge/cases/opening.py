"""The statements of opening a work order, run as Core in one synchronous call.

:meth:`casebridge.cases.intake.Intake.open_work_order` runs :func:`open_order` in one
worker thread on SQLite (the file's blocking twin, :func:`casebridge.db.blocking_twin`)
and through ``AsyncConnection.run_sync`` on PostgreSQL (``AsyncSession.run_sync`` for a
factory bound to a connection): BEGIN, the statements and COMMIT in one synchronous
call, plain Core statements (no unit of work, no identity map).

On SQLite, one statement per table: the appeal (``INSERT … ON CONFLICT DO NOTHING
RETURNING``: a retried confirmation finds its order instead), the day's counter
(``UPDATE … RETURNING``), the order (``INSERT … RETURNING``), its lead assignment, its
dispatch event, the lead unit's active endpoints and, when there are any, their outbox
rows. On PostgreSQL the first six are one statement of data-modifying CTEs
(:mod:`casebridge.cases.opening_pg`), the outbox rows a second one when there are any.
The statements are built once per dialect; values are bound.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Insert, Table, bindparam, insert, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from casebridge.cases import opening_pg
from casebridge.cases.records import record_of
from casebridge.catalogue import Dispatch
from casebridge.errors import IdempotencyConflict
from casebridge.intake import OrderReceipt
from casebridge.lifecycle import Role, State
from casebridge.models import (
    Appeal,
    Assignment,
    OrderEvent,
    OrderSequence,
    OutboxMessage,
    WebhookEndpoint,
    WorkOrder,
)
from casebridge.schemas import UnitRef, WebhookData
from casebridge.sla import local_day
from casebridge.webhooks.outbox import EndpointRow, outbox_rows

_APPEALS = cast(Table, Appeal.__table__)
_ORDERS = cast(Table, WorkOrder.__table__)
_COUNTERS = cast(Table, OrderSequence.__table__)

_BUMP = (
    update(_COUNTERS)
    .where(_COUNTERS.c.day == bindparam("d"))
    .values(last=_COUNTERS.c.last + 1)
    .returning(_COUNTERS.c.last)
)
_INSERT_ORDER = insert(_ORDERS).returning(_ORDERS.c.id)
_INSERT_ASSIGNMENT = insert(cast(Table, Assignment.__table__))
_INSERT_EVENT = insert(cast(Table, OrderEvent.__table__))
_ENDPOINTS = select(WebhookEndpoint.id, WebhookEndpoint.unit_id, WebhookEndpoint.event_types).where(
    WebhookEndpoint.unit_id == bindparam("u"), WebhookEndpoint.active == true()
)  # a new order's one recipient: its lead unit (``endpoints_of`` for several)
_APPEAL_TEXT = select(_APPEALS.c.text).where(_APPEALS.c.idempotency_key == bindparam("k"))
_RECEIPT = (
    select(WorkOrder.number, WorkOrder.lead_unit_id, WorkOrder.deadline_at)
    .join(Appeal, Appeal.id == WorkOrder.appeal_id)
    .where(Appeal.idempotency_key == bindparam("k"))
    .order_by(WorkOrder.id)
    .limit(1)
)


@dataclass(frozen=True)
class _Upserts:
    appeal: Insert
    counter: Insert


def _upserts(dialect: str) -> _Upserts:
    ins = pg_insert if dialect == "postgresql" else sqlite_insert
    return _Upserts(
        appeal=ins(_APPEALS)
        .on_conflict_do_nothing(index_elements=[_APPEALS.c.idempotency_key])
        .returning(_APPEALS.c.id),
        counter=ins(_COUNTERS).on_conflict_do_nothing(),
    )


_BY_DIALECT = {name: _upserts(name) for name in ("postgresql", "sqlite")}


@dataclass(frozen=True)
class Opening:
    """What the caller decided before the transaction: the appeal's columns, where it
    goes, and the order's own fields that depend on the draft."""

    appeal: dict[str, Any]
    dispatch: Dispatch
    lead_unit_id: int
    needs_contact: bool
    channel: str
    strict_key: bool


def next_number(conn: Connection, now: datetime, ups: _Upserts) -> str:
    """HZ<day>-<n>: the day's counter row stays locked until commit."""
    day = _day(now)
    n = conn.execute(_BUMP, {"d": day}).scalar_one_or_none()
    if n is None:
        conn.execute(ups.counter, {"day": day, "last": 0})
        n = conn.execute(_BUMP, {"d": day}).scalar_one()
    return f"HZ{day}-{n:06d}"


def _found_again(conn: Connection, o: Opening, ref: Callable[[int], UnitRef]) -> OrderReceipt:
    """A key seen before: the order it opened (refused when a strict key names another
    text)."""
    key = o.appeal["idempotency_key"]
    stored = conn.execute(_APPEAL_TEXT, {"k": key}).scalar_one_or_none()
    if o.strict_key and stored is not None and stored != o.appeal["text"]:
        raise IdempotencyConflict("该幂等键已用于另一份不同的诉求，请为新诉求使用新的键")
    row = conn.execute(_RECEIPT, {"k": key}).one()
    return OrderReceipt(row.number, ref(row.lead_unit_id).name, row.deadline_at, False)


def open_order(
    conn: Connection,
    o: Opening,
    now: datetime,
    ref: Callable[[int], UnitRef],
    clock: Callable[[], datetime],
) -> OrderReceipt:
    """Write appeal, order, assignment, event and outbox rows in ``conn``'s transaction;
    a key seen before answers with its order (``created`` False). PostgreSQL writes the
    first four in one statement (:mod:`casebridge.cases.opening_pg`)."""
    if conn.dialect.name == "postgresql":
        return _open_in_one_statement(conn, o, now, ref, clock)
    ups = _BY_DIALECT.get(conn.dialect.name) or _upserts(conn.dialect.name)
    appeal_id = conn.execute(ups.appeal, o.appeal).scalar_one_or_none()
    if appeal_id is None:  # a retried confirmation: the order it opened
        return _found_again(conn, o, ref)
    deadline = o.dispatch.limit.due(now)
    order = _order_row(o, now, deadline)
    order.update(number=next_number(conn, now, ups), appeal_id=appeal_id)
    order_id = conn.execute(_INSERT_ORDER, order).scalar_one()
    conn.execute(_INSERT_ASSIGNMENT, {"order_id": order_id, **_lead_row(o, now, deadline)})
    conn.execute(_INSERT_EVENT, {"order_id": order_id, **_event_row(o, now)})
    endpoints = conn.execute(_ENDPOINTS, {"u": o.lead_unit_id}).all()
    _outbox(conn, order_id, order, o, now, ref, clock, endpoints)
    return OrderReceipt(order["number"], o.dispatch.unit.name, deadline, True)


def _open_in_one_statement(
    conn: Connection,
    o: Opening,
    now: datetime,
    ref: Callable[[int], UnitRef],
    clock: Callable[[], datetime],
) -> OrderReceipt:
    """PostgreSQL: appeal, counter, order, assignment and event in one statement, which
    answers with the lead unit's endpoints too; the outbox rows, when there are any, in a
    second."""
    deadline = o.dispatch.limit.due(now)
    order = _order_row(o, now, deadline)
    values = opening_pg.parameters(
        _day(now), o.appeal, order, _lead_row(o, now, deadline), _event_row(o, now)
    )
    rows = conn.execute(opening_pg.OPEN_ORDER, values).all()
    if not rows:  # the appeal's key was there: a retried confirmation, nothing written
        return _found_again(conn, o, ref)
    first = rows[0]
    order.update(number=first.number, appeal_id=first.appeal_id)
    endpoints = [r for r in rows if r.id is not None]
    _outbox(conn, first.order_id, order, o, now, ref, clock, endpoints)
    return OrderReceipt(first.number, o.dispatch.unit.name, deadline, True)


def _day(now: datetime) -> str:
    """The order number's day, local (Asia/Shanghai)."""
    return local_day(now).strftime("%Y%m%d")


def _order_row(o: Opening, now: datetime, deadline: datetime) -> dict[str, Any]:
    """The order's columns but its number and appeal id."""
    d = o.dispatch
    return {
        "state": State.DISPATCHED,
        "lead_unit_id": o.lead_unit_id,
        "entry_code": d.entry.code,
        "category_level1": o.appeal["category_level1"],
        "category_level2": o.appeal["category_level2"],
        "county": d.county,
        "utility": d.unit.kind == "utility",
        "needs_contact": o.needs_contact,
        "limit_hours": d.limit.hours,
        "limit_working_days": d.limit.working_days,
        "deadline_at": deadline,
        "dispatched_at": now,
        "reply_attachments": [],
        "reopen_count": 0,
        "extension_count": 0,
        "return_count": 0,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _lead_row(o: Opening, now: datetime, deadline: datetime) -> dict[str, Any]:
    """The lead assignment's columns but the order id."""
    return {
        "unit_id": o.lead_unit_id,
        "role": "lead",
        "active": True,
        "assigned_at": now,
        "deadline_at": deadline,
    }


def _event_row(o: Opening, now: datetime) -> dict[str, Any]:
    """The dispatch event's columns (seq 1) but the order id."""
    d = o.dispatch
    return {
        "seq": 1,
        "action": "dispatch",
        "actor_role": Role.SYSTEM.value,
        "actor_unit_id": None,
        "actor": "intake",
        "from_state": None,
        "to_state": State.DISPATCHED,
        "reason": d.reason,
        "data": {
            "unit": d.unit.code,
            "service_code": d.entry.code,
            "fallback": d.fallback,
            "limit": d.limit.label(),
            "channel": o.channel,
        },
        "attachments": [],
        "created_at": now,
    }


def _outbox(
    conn: Connection,
    order_id: int,
    order: dict[str, Any],
    o: Opening,
    now: datetime,
    ref: Callable[[int], UnitRef],
    clock: Callable[[], datetime],
    endpoints: Sequence[EndpointRow],
) -> None:
    """``order.dispatched`` for the lead unit's active ``endpoints`` (a new order has no
    co-units); the order record is built only when some endpoint exists."""
    emits = [("order.dispatched", {o.lead_unit_id})]
    if not endpoints:
        return
    record = record_of(
        WorkOrder(id=order_id, **order),
        Appeal(id=order["appeal_id"], **o.appeal),  # read only: in no session
        ref,
        clock(),
        co=[],
        merged=None,
    )
    data = WebhookData(order=record, event={"seq": 1})
    rows = outbox_rows(
        endpoints, order_id=order_id, emits=emits, co_units=set(), data=data, now=now
    )
    if rows:
        conn.execute(insert(cast(Table, OutboxMessage.__table__)), rows)
