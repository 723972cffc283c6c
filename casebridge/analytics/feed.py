"""The data-sharing feed (第三十条): a unit pulls its full order records and callback
evaluations incrementally, by cursor, in addition to the webhooks.

A cursor is the last id seen (events and callbacks are append-only, ids only grow), so a
unit that pulls from its last cursor misses nothing and sees nothing twice. A unit sees
the events of orders it handles or co-handles, up to the moment it was released from
them (a returned order's later history belongs to the next unit). Free text is masked
(phone and ID numbers); the citizen's name and phone are never in the feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import JsonValue
from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from typing_extensions import TypedDict  # pydantic (the API's schema) needs it before 3.12

from casebridge.analytics.models import SupervisionResponse, SupervisionStep
from casebridge.errors import InvalidInput, NotFound
from casebridge.inputs import has_words
from casebridge.models import Appeal, Assignment, Callback, OrderEvent, Supervision, WorkOrder
from casebridge.privacy import mask_numbers

MAX_PAGE = 500


class SupervisionStepView(TypedDict):
    """One step of a supervision (督办 notice), ``at`` ISO 8601."""

    step: str
    label: str
    method: str
    public: bool
    notice: str | None
    at: str | None


class SupervisionAnswer(TypedDict):
    """The unit's own response to a supervision."""

    text: str
    at: str | None


class SupervisionView(TypedDict):
    """A supervision of the unit, with its steps and the unit's responses."""

    id: int
    order_number: str | None
    ground: str
    method: str
    note: str | None
    opened_at: str | None
    closed_at: str | None
    steps: list[SupervisionStepView]
    responses: list[SupervisionAnswer]


class ResponseReceipt(TypedDict):
    """The recorded response."""

    id: int
    supervision_id: int
    at: str | None


@dataclass(frozen=True)
class FeedPage:
    """One page of the feed: items, the cursor to pass next, and whether more wait."""

    items: list[dict[str, JsonValue]]
    next_cursor: int
    has_more: bool


def _check(after: int, limit: int) -> None:
    if after < 0:
        raise InvalidInput("cursor 不能为负数")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit 须在 1 到 {MAX_PAGE} 之间")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


async def order_events(session: AsyncSession, unit_id: int, after: int, limit: int) -> FeedPage:
    """Events with id > ``after`` on the unit's orders, oldest first, with the order."""
    _check(after, limit)
    mine = exists().where(
        Assignment.order_id == OrderEvent.order_id,
        Assignment.unit_id == unit_id,
        or_(Assignment.released_at.is_(None), OrderEvent.created_at <= Assignment.released_at),
    )
    q = (
        select(OrderEvent, WorkOrder, Appeal.text, Appeal.channel, Appeal.township)
        .join(WorkOrder, WorkOrder.id == OrderEvent.order_id)
        .join(Appeal, Appeal.id == WorkOrder.appeal_id)
        .where(OrderEvent.id > after, mine)
        .order_by(OrderEvent.id)
        .limit(limit + 1)
    )
    rows = (await session.execute(q)).all()
    items: list[dict[str, JsonValue]] = []
    last = after
    for ev, order, text, channel, township in rows[:limit]:
        last = ev.id
        items.append(
            {
                "cursor": ev.id,
                "type": "order.event",
                "order": {
                    "number": order.number,
                    "state": order.state,
                    "lead": order.lead_unit_id == unit_id,
                    "service_code": order.entry_code,
                    "category_level1": order.category_level1,
                    "category_level2": order.category_level2,
                    "county": order.county,
                    "township": township,
                    "channel": channel,
                    "text": mask_numbers(text),
                    "dispatched_at": _iso(order.dispatched_at),
                    "deadline_at": _iso(order.deadline_at),
                    "signed_at": _iso(order.signed_at),
                    "replied_at": _iso(order.replied_at),
                    "closed_at": _iso(order.closed_at),
                    "satisfaction": order.satisfaction,
                    "reopen_count": order.reopen_count,
                },
                "event": {
                    "seq": ev.seq,
                    "action": ev.action,
                    "actor_role": ev.actor_role,
                    "from_state": ev.from_state,
                    "to_state": ev.to_state,
                    "reason": mask_numbers(ev.reason or "") or None,
                    "at": _iso(ev.created_at),
                },
            }
        )
    return FeedPage(items, last, len(rows) > limit)


async def callbacks(session: AsyncSession, unit_id: int, after: int, limit: int) -> FeedPage:
    """Callback evaluations (回访评价) with id > ``after`` of orders the unit led then."""
    _check(after, limit)
    led = exists().where(
        Assignment.order_id == Callback.order_id,
        Assignment.unit_id == unit_id,
        Assignment.role == "lead",
        Assignment.assigned_at <= Callback.created_at,
        or_(Assignment.released_at.is_(None), Assignment.released_at >= Callback.created_at),
    )
    q = (
        select(Callback, WorkOrder.number)
        .join(WorkOrder, WorkOrder.id == Callback.order_id)
        .where(Callback.id > after, led)
        .order_by(Callback.id)
        .limit(limit + 1)
    )
    rows = (await session.execute(q)).all()
    items: list[dict[str, JsonValue]] = [
        {
            "cursor": cb.id,
            "type": "callback",
            "order_number": number,
            "source": cb.source,
            "satisfaction": cb.satisfaction,
            "reasonable": cb.reasonable,
            "comment": mask_numbers(cb.comment or "") or None,
            "at": _iso(cb.created_at),
        }
        for cb, number in rows[:limit]
    ]
    last = max((cb.id for cb, _ in rows[:limit]), default=after)
    return FeedPage(items, last, len(rows) > limit)


async def unit_supervisions(
    session: AsyncSession, unit_id: int, *, open_only: bool = True
) -> list[SupervisionView]:
    """The unit's supervisions with their steps (notices) and its own responses."""
    q = select(Supervision, WorkOrder.number).outerjoin(
        WorkOrder, WorkOrder.id == Supervision.order_id
    )
    q = q.where(Supervision.unit_id == unit_id)
    if open_only:
        q = q.where(Supervision.closed_at.is_(None))
    rows = (await session.execute(q.order_by(Supervision.id.desc()).limit(200))).all()
    ids = [sup.id for sup, _ in rows]
    steps: dict[int, list[SupervisionStepView]] = {i: [] for i in ids}
    answers: dict[int, list[SupervisionAnswer]] = {i: [] for i in ids}
    if ids:
        for st in (
            await session.execute(
                select(SupervisionStep)
                .where(SupervisionStep.supervision_id.in_(ids))
                .order_by(SupervisionStep.id)
            )
        ).scalars():
            steps[st.supervision_id].append(
                {"step": st.step, "label": st.label, "method": st.method,
                 "public": st.public, "notice": st.notice, "at": _iso(st.taken_at)}
            )  # fmt: skip
        for a in (
            await session.execute(
                select(SupervisionResponse)
                .where(SupervisionResponse.supervision_id.in_(ids))
                .order_by(SupervisionResponse.id)
            )
        ).scalars():
            answers[a.supervision_id].append({"text": a.text, "at": _iso(a.created_at)})
    return [
        {
            "id": sup.id,
            "order_number": number,
            "ground": sup.ground,
            "method": sup.method,
            "note": sup.note,
            "opened_at": _iso(sup.opened_at),
            "closed_at": _iso(sup.closed_at),
            "steps": steps[sup.id],
            "responses": answers[sup.id],
        }
        for sup, number in rows
    ]


async def respond(
    session: AsyncSession, unit_id: int, supervision_id: int, text: str, now: datetime
) -> ResponseReceipt:
    """Record the unit's answer to a supervision of its own. :class:`NotFound` for
    another unit's supervision as for one that does not exist (nothing tells them
    apart); :class:`InvalidInput` for an empty answer, one over 5,000 characters or one
    without words (``。。。``)."""
    body = (text or "").strip()
    if not body or len(body) > 5000:
        raise InvalidInput("反馈内容不能为空，且不超过5000字")
    if not has_words(body):
        raise InvalidInput("反馈内容须有文字内容，不能只有标点、空格或表情")
    sup = await session.get(Supervision, supervision_id)
    if sup is None or sup.unit_id != unit_id:  # another unit's: the same 404 as none
        raise NotFound("督办事项不存在")
    row = SupervisionResponse(
        supervision_id=supervision_id, unit_id=unit_id, text=body, created_at=now
    )
    session.add(row)
    await session.flush()
    return {"id": row.id, "supervision_id": supervision_id, "at": _iso(now)}


__all__ = ["FeedPage", "callbacks", "order_events", "respond", "unit_supervisions"]
