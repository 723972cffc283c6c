"""Reading the case store: order detail and history, inboxes, public requests.

Units see only orders they lead or co-handle (:class:`casebridge.errors.Forbidden`
otherwise); contact details only where the order needs contact, and every such view is
an event (第九条, 第三十条). Inboxes page by keyset (``cursor``: the last order id seen).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Select, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.cases.core import CaseCore
from casebridge.cases.records import event_view, summary
from casebridge.cases.types import Actor, PublicRequest
from casebridge.errors import InvalidInput, NotFound
from casebridge.lifecycle import FINAL, OPEN, STATE_LABELS, Role, State, check
from casebridge.models import Appeal, Assignment, OrderEvent, WorkOrder
from casebridge.privacy import mask_numbers
from casebridge.schemas import EventView, OrderPage, OrderRecord

InboxRole = Literal["lead", "co", "all"]


def _public_text(a: Appeal) -> str:
    """The appeal text without numbers, the citizen's name or the exact address."""
    text = a.text
    for secret in (a.contact_name, a.address, a.contact_phone):
        if secret and len(secret) >= 2:
            text = text.replace(secret, "***")
    return mask_numbers(text)


class Queries(CaseCore):
    """Order detail, history, inboxes and the public view."""

    async def get_order(self, number: str, actor: Actor) -> OrderRecord:
        """The order record; contact details only where allowed, each view recorded.

        The lead unit sees the contact when the order needs contact, the centre always;
        a co-unit never. Raises :class:`NotFound` or :class:`Forbidden`.
        """

        async def work(s: AsyncSession) -> OrderRecord:
            ctx = await self._load(s, number, actor, need_seq=False)
            show = ctx.order.needs_contact if ctx.role == Role.LEAD else ctx.role == Role.CENTRE
            show = show and bool(ctx.appeal.contact_phone or ctx.appeal.contact_name)
            if show:
                check("view_contact", ctx.order.state, ctx.role)
                await self._append_event(ctx, "view_contact", {"fields": ["name", "phone"]})
            return await self._record(
                s, ctx.order, ctx.appeal, contact=show, raw_text=ctx.role == Role.CENTRE
            )

        return await self._run(work)

    async def events(self, number: str, actor: Actor) -> list[EventView]:
        """The order's history, oldest first."""
        async with self.sessions() as s:
            ctx = await self._load(s, number, actor, need_seq=False)
            rows = (
                await s.execute(
                    select(OrderEvent)
                    .where(OrderEvent.order_id == ctx.order.id)
                    .order_by(OrderEvent.seq)
                )
            ).scalars()
            return [event_view(e, self._ref) for e in rows]

    async def list_orders(
        self,
        actor: Actor,
        *,
        role: InboxRole = "all",
        states: Iterable[str] = (),
        county: str | None = None,
        service_code: str | None = None,
        unit_code: str | None = None,
        overdue: bool | None = None,
        created_from: datetime | None = None,
        created_to: datetime | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> OrderPage:
        """Orders newest first, filtered; keyset pagination by ``cursor``.

        A unit sees the orders it leads (``role="lead"``), co-handles (``"co"``) or both;
        the centre sees every order (``unit_code``: one lead unit's). Raises
        :class:`InvalidInput` for an unknown state or a bad cursor, :class:`NotFound` for
        an unknown county, unit or service code.
        """
        limit = max(1, min(limit, 200))
        before: int | None = None
        if cursor:
            try:
                before = int(cursor)
            except ValueError:
                raise InvalidInput("cursor 无效") from None
        wanted = [st for st in states if st]
        for st in wanted:
            if st not in STATE_LABELS:
                raise InvalidInput(f"未知的状态：{st}")
        now = self.clock()
        canon = self.catalogue.normalize_county(county) if county else None
        if county and canon is None:
            raise NotFound(f"未知的区县：{county}")
        if service_code:
            self.catalogue.entry(service_code)

        def base(q: Select[Any]) -> Select[Any]:
            if wanted:
                q = q.where(WorkOrder.state.in_(wanted))
            if canon:
                q = q.where(WorkOrder.county == canon)
            if service_code:
                q = q.where(WorkOrder.entry_code == service_code)
            if overdue is True:
                q = q.where(WorkOrder.state.in_(list(OPEN)), WorkOrder.deadline_at < now)
            elif overdue is False:
                q = q.where(or_(WorkOrder.deadline_at.is_(None), WorkOrder.deadline_at >= now))
            if created_from:
                q = q.where(WorkOrder.created_at >= created_from)
            if created_to:
                q = q.where(WorkOrder.created_at < created_to)
            if before is not None:
                q = q.where(WorkOrder.id < before)
            return q.order_by(WorkOrder.id.desc()).limit(limit + 1)

        async with self.sessions() as s:
            await self._index(s)
            found: list[tuple[WorkOrder, Literal["lead", "co"]]] = []
            if actor.kind == "unit":
                assert actor.unit_code is not None
                uid = self._uid(actor.unit_code)
                if role in ("lead", "all"):
                    q = base(select(WorkOrder).where(WorkOrder.lead_unit_id == uid))
                    found += [(o, "lead") for o in (await s.execute(q)).scalars()]
                if role in ("co", "all"):
                    # walk the unit's co-assignments (index unit_id, role, active, order_id)
                    q = base(
                        select(WorkOrder)
                        .join(Assignment, Assignment.order_id == WorkOrder.id)
                        .where(
                            Assignment.unit_id == uid,
                            Assignment.active == true(),
                            Assignment.role == "co",
                        )
                    )
                    found += [(o, "co") for o in (await s.execute(q)).scalars()]
            else:
                q = select(WorkOrder)
                if unit_code:
                    q = q.where(WorkOrder.lead_unit_id == self._uid(unit_code))
                found = [(o, "lead") for o in (await s.execute(base(q))).scalars()]
        found.sort(key=lambda p: p[0].id, reverse=True)
        page, more = found[:limit], len(found) > limit
        return OrderPage(
            items=[summary(o, r, now) for o, r in page],
            next_cursor=str(page[-1][0].id) if more and page else None,
        )

    async def public_requests(
        self,
        *,
        numbers: Sequence[str] = (),
        service_codes: Sequence[str] = (),
        start: datetime | None = None,
        end: datetime | None = None,
        status: Literal["open", "closed"] | None = None,
        limit: int = 1000,
    ) -> list[PublicRequest]:
        """Orders for the public (Open311): no contact, numbers masked, coarse place.

        Without ``numbers``, the orders created in [start, end] (default: the last 90
        days), newest first, at most ``limit`` (1-1000).
        """
        limit = max(1, min(limit, 1000))
        closed = [State.REPLIED, State.CALLBACK, *FINAL]
        async with self.sessions() as s:
            await self._index(s)
            q = select(WorkOrder, Appeal).join(Appeal, Appeal.id == WorkOrder.appeal_id)
            if numbers:
                q = q.where(WorkOrder.number.in_([n.strip().upper() for n in numbers]))
            else:
                end = end or self.clock()
                start = start or end - timedelta(days=90)
                q = q.where(WorkOrder.created_at >= start, WorkOrder.created_at <= end)
            if service_codes:
                q = q.where(WorkOrder.entry_code.in_(list(service_codes)))
            if status == "closed":
                q = q.where(WorkOrder.state.in_(closed))
            elif status == "open":
                q = q.where(WorkOrder.state.not_in(closed))
            rows = (await s.execute(q.order_by(WorkOrder.id.desc()).limit(limit))).all()
        return [
            PublicRequest(
                number=o.number,
                state=o.state,
                state_label=STATE_LABELS.get(o.state, o.state),
                closed=o.state in closed,
                service_code=o.entry_code,
                service_name=self._entry(o).name,
                description=_public_text(a),
                agency=self._ref(o.lead_unit_id).name,
                place="".join(p for p in (a.county, a.township) if p) or None,
                latitude=round(a.latitude, 3) if a.latitude is not None else None,
                longitude=round(a.longitude, 3) if a.longitude is not None else None,
                requested_at=o.created_at,
                updated_at=o.updated_at,
                expected_at=o.deadline_at,
            )
            for o, a in ((r[0], r[1]) for r in rows)
        ]
