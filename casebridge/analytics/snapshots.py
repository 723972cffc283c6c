"""The orders as the 督办 rules see them (:class:`~casebridge.supervision_rules.OrderSnapshot`),
read from the case store: every open order and every order dispatched within the
repeat window, with its timers (sign, contact, reply, extension decision, co-handling
reports), the last callback's verdict, and the 退单 history the (一) rule needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from casebridge import lifecycle
from casebridge.analytics.load import (
    CLUSTER,
    citizen_key,
    last_callback,
    resolved_from_callback,
)
from casebridge.models import (
    Appeal,
    Assignment,
    OrderEvent,
    Unit,
    WorkOrder,
)
from casebridge.supervision_policy import Policy
from casebridge.supervision_rules import OrderSnapshot
from casebridge.supervision_terms import Timer


async def load_order_snapshots(
    session: AsyncSession, now: datetime, policy: Policy, *, centre: str = "default"
) -> list[OrderSnapshot]:
    """Orders the supervision rules look at: still open, or dispatched within the window.

    One snapshot per lead order and one per co-unit assignment still due to report.
    """
    since = now - policy.repeat_window
    open_states = [str(s) for s in lifecycle.OPEN]
    lead = aliased(Assignment)
    wanted = (WorkOrder.state.in_(open_states)) | (WorkOrder.dispatched_at >= since)
    cb = last_callback(select(WorkOrder.id).where(wanted))
    q = (
        select(
            WorkOrder.id,
            WorkOrder.number,
            WorkOrder.state,
            WorkOrder.lead_unit_id,
            WorkOrder.utility,
            WorkOrder.needs_contact,
            WorkOrder.dispatched_at,
            WorkOrder.deadline_at,
            WorkOrder.signed_at,
            WorkOrder.contacted_at,
            WorkOrder.replied_at,
            WorkOrder.category_level1,
            WorkOrder.county,
            WorkOrder.pending,
            Appeal.township,
            Appeal.channel,
            Appeal.sender,
            CLUSTER.label("cluster_id"),
            Unit.name.label("unit_name"),
            lead.assigned_at,
            cb.c.satisfaction.label("cb_satisfaction"),
            cb.c.reasonable,
        )
        .join(Appeal, Appeal.id == WorkOrder.appeal_id)
        .join(Unit, Unit.id == WorkOrder.lead_unit_id)
        .outerjoin(
            lead,
            and_(
                lead.order_id == WorkOrder.id,
                lead.unit_id == WorkOrder.lead_unit_id,
                lead.active.is_(True),
                lead.role == "lead",
            ),
        )
        .outerjoin(cb, cb.c.order_id == WorkOrder.id)
        .where(wanted)
    )
    rows = (await session.execute(q)).all()
    open_ids = [r.id for r in rows if r.state in open_states]
    rejections = await _return_history(session, open_ids)
    co_rows = await _co_assignments(session, open_ids)
    out = []
    for r in rows:
        start = r.assigned_at or r.dispatched_at
        deadlines: dict[Timer, datetime] = {
            Timer.SIGN: start + (policy.sign_within_utility if r.utility else policy.sign_within)
        }
        done: dict[Timer, datetime] = {}
        if r.needs_contact:
            contact = policy.contact_within_utility if r.utility else policy.contact_within
            deadlines[Timer.CONTACT] = start + contact
        if r.deadline_at is not None:
            deadlines[Timer.REPLY] = r.deadline_at
        pending = r.pending if isinstance(r.pending, dict) else {}
        requested = _parse_time(pending.get("requested_at") or pending.get("at"))
        if r.state == lifecycle.State.EXTENSION and requested is not None:
            deadlines[Timer.EXTENSION_DECISION] = requested + policy.extension_review_within
        for timer, moment in (
            (Timer.SIGN, r.signed_at),
            (Timer.CONTACT, r.contacted_at),
            (Timer.REPLY, r.replied_at),
        ):
            if moment is not None and moment >= start:
                done[timer] = moment
        rejected_at, again = rejections.get(r.id, (None, 0))
        common: dict[str, Any] = {
            "category": r.category_level1 or "",
            "township": r.township or "",
            "county": r.county or "",
            "citizen_key": citizen_key(r.channel, r.sender),
            "cluster_id": r.cluster_id or None,
            "resolved": resolved_from_callback(r.cb_satisfaction, r.reasonable),
            "centre": centre,
        }
        out.append(
            OrderSnapshot(
                number=r.number,
                unit_id=str(r.lead_unit_id),
                unit_name=r.unit_name,
                state=r.state,
                dispatched_at=start,
                deadlines=deadlines,
                done=done,
                return_rejected_at=rejected_at,
                return_requests_after_rejection=again,
                **common,
            )
        )
        for co in co_rows.get(r.id, []):
            if co.deadline_at is None:
                continue
            out.append(
                OrderSnapshot(
                    number=r.number,
                    unit_id=str(co.unit_id),
                    unit_name=co.unit_name,
                    state=r.state,
                    dispatched_at=co.assigned_at,
                    deadlines={Timer.CO_REPORT: co.deadline_at},
                    done={Timer.CO_REPORT: co.reported_at} if co.reported_at else {},
                    **{**common, "citizen_key": None, "cluster_id": None},
                )
            )
    return out


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


async def _return_history(
    session: AsyncSession, order_ids: Sequence[int]
) -> dict[int, tuple[datetime | None, int]]:
    """Per order: the last rejected return request, and requests made after it."""
    out: dict[int, tuple[datetime | None, int]] = {}
    if not order_ids:
        return out
    events: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    for chunk in _chunks(order_ids):
        q = select(OrderEvent.order_id, OrderEvent.action, OrderEvent.created_at).where(
            OrderEvent.order_id.in_(chunk),
            OrderEvent.action.in_(["reject_return", "request_return"]),
        )
        for r in await session.execute(q):
            events[r.order_id].append((r.created_at, r.action))
    for oid, items in events.items():
        items.sort()
        rejected = [t for t, a in items if a == "reject_return"]
        if rejected:
            last = rejected[-1]
            again = sum(1 for t, a in items if a == "request_return" and t > last)
            out[oid] = (last, again)
    return out


async def _co_assignments(session: AsyncSession, order_ids: Sequence[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for chunk in _chunks(order_ids):
        q = (
            select(
                Assignment.order_id,
                Assignment.unit_id,
                Assignment.assigned_at,
                Assignment.deadline_at,
                Assignment.reported_at,
                Unit.name.label("unit_name"),
            )
            .join(Unit, Unit.id == Assignment.unit_id)
            .where(
                Assignment.order_id.in_(chunk),
                Assignment.role == "co",
                Assignment.active.is_(True),
            )
        )
        for r in await session.execute(q):
            out[r.order_id].append(r)
    return out


def _chunks(ids: Sequence[int], size: int = 5000) -> list[Sequence[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
