"""The inbox statement: built once per shape of filter, executed with bound values.

A unit's inbox (led and co-handled orders together) is one ``UNION ALL`` of two keyset
scans, newest first: the led orders by ``ix_work_orders_lead_id`` / ``_lead_inbox``, the
co-handled ones by ``ix_assignments_unit_role_active`` (unit, role, active, order id),
each stopped after ``limit + 1`` rows. Building such a statement costs more than running
it, so each shape (which filters are present) is built once per process; values travel
as bound parameters, so the server's prepared plan is reused too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from sqlalchemy import Select, String, bindparam, literal_column, or_, select, true, union_all

from casebridge.cases.records import SUMMARY_COLUMNS
from casebridge.lifecycle import OPEN
from casebridge.models import Assignment, WorkOrder

InboxRole = Literal["lead", "co", "all"]


@dataclass(frozen=True)
class InboxShape:
    """Which parts and filters an order list has (values are bound separately)."""

    unit: bool  # a unit's own inbox (else the centre's list of every order)
    role: InboxRole = "all"
    states: bool = False
    county: bool = False
    service_code: bool = False
    lead_unit: bool = False  # the centre's list of one lead unit's orders
    overdue: bool | None = None
    created_from: bool = False
    created_to: bool = False
    before: bool = False


#: A statement over the summary columns and the role (rows are read by column name).
Rows = Select[*tuple[object, ...]]


def _rows(as_role: Literal["lead", "co"]) -> Rows:
    column = literal_column(f"'{as_role}'", String).label("role")
    return select(*SUMMARY_COLUMNS, column)


def _filtered(q: Rows, shape: InboxShape) -> Rows:
    if shape.states:
        q = q.where(WorkOrder.state.in_(bindparam("states", expanding=True)))
    if shape.county:
        q = q.where(WorkOrder.county == bindparam("county"))
    if shape.service_code:
        q = q.where(WorkOrder.entry_code == bindparam("service_code"))
    if shape.overdue is True:
        q = q.where(WorkOrder.state.in_(sorted(OPEN)), WorkOrder.deadline_at < bindparam("now"))
    elif shape.overdue is False:
        q = q.where(or_(WorkOrder.deadline_at.is_(None), WorkOrder.deadline_at >= bindparam("now")))
    if shape.created_from:
        q = q.where(WorkOrder.created_at >= bindparam("created_from"))
    if shape.created_to:
        q = q.where(WorkOrder.created_at < bindparam("created_to"))
    if shape.before:
        q = q.where(WorkOrder.id < bindparam("before"))
    return q.order_by(WorkOrder.id.desc()).limit(bindparam("rows"))


@lru_cache(maxsize=512)
def statement(shape: InboxShape) -> Rows:
    """The statement of ``shape``; parameters ``uid`` (the unit's id, or the centre's
    lead unit), ``rows`` (limit + 1) and one per filter present."""
    parts: list[Rows] = []
    if not shape.unit:
        q = _rows("lead")
        if shape.lead_unit:
            q = q.where(WorkOrder.lead_unit_id == bindparam("uid"))
        parts.append(_filtered(q, shape))
    if shape.unit and shape.role in ("lead", "all"):
        parts.append(
            _filtered(_rows("lead").where(WorkOrder.lead_unit_id == bindparam("uid")), shape)
        )
    if shape.unit and shape.role in ("co", "all"):
        co = (
            _rows("co")
            .join(Assignment, Assignment.order_id == WorkOrder.id)
            .where(
                Assignment.unit_id == bindparam("uid"),
                Assignment.role == "co",
                Assignment.active == true(),
            )
        )
        parts.append(_filtered(co, shape))
    if len(parts) == 1:
        return parts[0]
    both = union_all(*(select(p.subquery()) for p in parts)).subquery()
    return select(both).order_by(both.c.id.desc()).limit(bindparam("rows"))
