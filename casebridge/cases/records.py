"""Order records as the APIs and webhooks show them, built from rows.

One function per shape, no session state of its own: ``ref`` names a unit by id (the
service's in-process directory), ``now`` decides what is overdue.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.lifecycle import OPEN, STATE_LABELS
from casebridge.models import Appeal, Assignment, OrderEvent, WorkOrder
from casebridge.privacy import mask_numbers
from casebridge.schemas import (
    AppealView,
    ContactView,
    CoUnitView,
    EventView,
    OrderRecord,
    OrderSummary,
    UnitRef,
)
from casebridge.sla import Limit

RefFn = Callable[[int], UnitRef]


class SummaryRow(Protocol):
    """What an inbox row needs of an order (a :class:`WorkOrder` or a row of
    :data:`SUMMARY_COLUMNS`)."""

    @property
    def id(self) -> int: ...
    @property
    def number(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def entry_code(self) -> str: ...
    @property
    def category_level1(self) -> str | None: ...
    @property
    def category_level2(self) -> str | None: ...
    @property
    def county(self) -> str | None: ...
    @property
    def utility(self) -> bool: ...
    @property
    def deadline_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...
    @property
    def version(self) -> int: ...


# an inbox reads these columns only (no appeal, JSON or review fields)
SUMMARY_COLUMNS = (
    WorkOrder.id,
    WorkOrder.number,
    WorkOrder.state,
    WorkOrder.entry_code,
    WorkOrder.category_level1,
    WorkOrder.category_level2,
    WorkOrder.county,
    WorkOrder.utility,
    WorkOrder.deadline_at,
    WorkOrder.created_at,
    WorkOrder.updated_at,
    WorkOrder.version,
)


def overdue(order: SummaryRow, now: datetime) -> bool:
    """Open and past its deadline."""
    return bool(order.state in OPEN and order.deadline_at and order.deadline_at < now)


def summary(o: SummaryRow, role: str, now: datetime) -> OrderSummary:
    """One row of an inbox."""
    return OrderSummary(
        number=o.number,
        state=o.state,
        state_label=STATE_LABELS.get(o.state, o.state),
        role=role,
        service_code=o.entry_code,
        category_level1=o.category_level1,
        category_level2=o.category_level2,
        county=o.county,
        utility=o.utility,
        deadline_at=o.deadline_at,
        overdue=overdue(o, now),
        created_at=o.created_at,
        updated_at=o.updated_at,
        version=o.version,
    )


def event_view(e: OrderEvent, ref: RefFn) -> EventView:
    """One event of an order's history."""
    return EventView(
        seq=e.seq,
        action=e.action,
        actor_role=e.actor_role,
        actor_unit=ref(e.actor_unit_id).code if e.actor_unit_id else None,
        actor=e.actor,
        from_state=e.from_state,
        to_state=e.to_state,
        reason=e.reason,
        data=e.data or {},
        attachments=e.attachments or [],
        created_at=e.created_at,
    )


def appeal_view(appeal: Appeal, *, raw_text: bool) -> AppealView:
    """The appeal as a unit sees it (numbers masked unless ``raw_text``: the centre)."""
    return AppealView(
        channel=appeal.channel,
        order_type=appeal.order_type,
        text=appeal.text if raw_text else mask_numbers(appeal.text),
        category_level1=appeal.category_level1,
        category_level2=appeal.category_level2,
        county=appeal.county,
        township=appeal.township,
        village=appeal.village,
        address=appeal.address,
        latitude=appeal.latitude,
        longitude=appeal.longitude,
        since=appeal.since,
        anonymous=appeal.anonymous,
        attachments=appeal.attachments or [],
    )


async def order_record(
    s: AsyncSession,
    order: WorkOrder,
    appeal: Appeal,
    ref: RefFn,
    now: datetime,
    *,
    contact: bool = False,
    raw_text: bool = False,
    co: list[Assignment] | None = None,
) -> OrderRecord:
    """The full record (第三十条); the contact only when ``contact``. ``co``: the order's
    co-assignments when the caller has them (a new order: none), else they are read."""
    if co is None:
        co = list(
            (
                await s.execute(
                    select(Assignment)
                    .where(Assignment.order_id == order.id, Assignment.role == "co")
                    .order_by(Assignment.id)
                )
            ).scalars()
        )
    merged = None
    if order.merged_into_id is not None:
        merged = (
            await s.execute(select(WorkOrder.number).where(WorkOrder.id == order.merged_into_id))
        ).scalar_one_or_none()
    return record_of(
        order, appeal, ref, now, co=co, merged=merged, contact=contact, raw_text=raw_text
    )


def record_of(
    order: WorkOrder,
    appeal: Appeal,
    ref: RefFn,
    now: datetime,
    *,
    co: list[Assignment],
    merged: str | None,
    contact: bool = False,
    raw_text: bool = False,
) -> OrderRecord:
    """The full record from rows already read: ``co`` the co-assignments, ``merged`` the
    number of the order this one was merged into (:func:`order_record` reads both)."""
    limit = (
        Limit(hours=order.limit_hours)
        if order.limit_hours
        else Limit(working_days=order.limit_working_days or 5)
    )
    return OrderRecord(
        number=order.number,
        state=order.state,
        state_label=STATE_LABELS.get(order.state, order.state),
        version=order.version,
        service_code=order.entry_code,
        utility=order.utility,
        needs_contact=order.needs_contact,
        lead_unit=ref(order.lead_unit_id),
        co_units=[
            CoUnitView(
                code=ref(a.unit_id).code,
                name=ref(a.unit_id).name,
                assigned_at=a.assigned_at,
                deadline_at=a.deadline_at,
                reported_at=a.reported_at,
                report_text=a.report_text,
                active=a.active,
            )
            for a in co
        ],
        county=order.county,
        limit=limit.label(),
        deadline_at=order.deadline_at,
        paused=order.paused_at is not None,
        overdue=overdue(order, now),
        dispatched_at=order.dispatched_at,
        signed_at=order.signed_at,
        contacted_at=order.contacted_at,
        replied_at=order.replied_at,
        closed_at=order.closed_at,
        reply_text=order.reply_text,
        reply_attachments=order.reply_attachments or [],
        pending=order.pending,
        satisfaction=order.satisfaction,
        reopen_count=order.reopen_count,
        extension_count=order.extension_count,
        merged_into=merged,
        created_at=order.created_at,
        updated_at=order.updated_at,
        appeal=appeal_view(appeal, raw_text=raw_text),
        contact=ContactView(name=appeal.contact_name, phone=appeal.contact_phone)
        if contact
        else None,
    )
