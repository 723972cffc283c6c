"""Reading the case store: order detail and history, inboxes, public requests.

Units see only orders they lead or co-handle (another unit's order is
:class:`casebridge.errors.NotFound`, as a number never issued); contact details only
where the order needs contact, and every such view is an event (第九条, 第三十条).
Inboxes page by keyset (``cursor``: the last order id seen).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Literal, cast

from sqlalchemy import Row, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.cases.checks import order_not_found
from casebridge.cases.core import CaseCore
from casebridge.cases.events import Ctx
from casebridge.cases.inbox import InboxRole, InboxShape, statement
from casebridge.cases.records import SummaryRow, event_view, order_record, summary
from casebridge.cases.types import Actor, PublicRequest
from casebridge.errors import InvalidInput
from casebridge.inputs import cursor_value
from casebridge.lifecycle import FINAL, STATE_LABELS, Role, check
from casebridge.models import Appeal, Assignment, OrderEvent, WorkOrder
from casebridge.privacy import mask_numbers
from casebridge.schemas import EventView, OrderPage, OrderRecord

#: The county and township at the head of an address (鄄城县古泉街道…): public anyway.
_COARSE_HEAD = re.compile(
    r"^\s*(?:(?:山东省)?菏泽市?\s*)?(?:[\u4e00-\u9fff]{1,4}?(?:县|(?<!小|社|园|城|校|厂)区)\s*)?"
    r"(?:[\u4e00-\u9fff]{1,6}?(?:街道|镇|乡)\s*)?"
)


def _exact_address(a: Appeal) -> str | None:
    """The part of the recorded address below the county and township (the estate,
    building, room), which the public never reads; the county and township it shows
    anyway (``place``) stay in the text (trial8 F22: 牡丹区西城街道 was hidden as ***
    while the estate was published)."""
    if not a.address:
        return None
    rest = a.address
    for coarse in (a.county, a.township):
        if coarse and rest.startswith(coarse):
            rest = rest[len(coarse) :]
    rest = _COARSE_HEAD.sub("", rest).strip()
    return rest if len(rest) >= 2 else None


def _public_text(a: Appeal) -> str:
    """The appeal text without numbers, the citizen's name or the exact address: the
    address and phone as ``***``, the name as every name is masked, its first character
    kept (王建设 -> 王**, as ``nlu.pii.mask_text`` writes a name it finds; trial11 N16)."""
    text = a.text
    name = (a.contact_name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, name[0] + "*" * (len(name) - 1))
    for secret in (_exact_address(a), a.contact_phone):
        if secret and len(secret) >= 2:
            text = text.replace(secret, "***")
    return mask_numbers(text)


class Queries(CaseCore):
    """Order detail, history, inboxes and the public view."""

    async def get_order(self, number: str, actor: Actor) -> OrderRecord:
        """The order record; contact details only where allowed, each view recorded.

        The lead unit sees the contact when the order needs contact, the centre always;
        a co-unit never. Raises :class:`NotFound` for an unknown order and for one the
        unit neither leads nor co-handles (the same answer). Two round trips:
        the order with its appeal and co-units in one read, the view's event in one
        INSERT (committed before the contact is shown).
        """

        async def work(s: AsyncSession) -> OrderRecord:
            await self._index(s)
            rows = (
                await s.execute(
                    select(WorkOrder, Appeal, Assignment)
                    .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                    .outerjoin(
                        Assignment,
                        and_(Assignment.order_id == WorkOrder.id, Assignment.role == "co"),
                    )
                    .where(WorkOrder.number == number.strip().upper())
                    .order_by(Assignment.id)
                )
            ).all()
            if not rows:
                raise order_not_found(number)
            order, appeal = rows[0][0], rows[0][1]
            co = [r[2] for r in rows if r[2] is not None]
            role, uid = self.role_among(order, co, actor)
            show = order.needs_contact if role == Role.LEAD else role == Role.CENTRE
            show = show and bool(appeal.contact_phone or appeal.contact_name)
            now = self.clock()
            if show:
                check("view_contact", order.state, role)
                ctx = Ctx(s, order, appeal, role, actor, uid, now, -1)
                await self._append_event(ctx, "view_contact", {"fields": ["name", "phone"]})
            return await order_record(
                s, order, appeal, self._ref, now, contact=show, raw_text=role == Role.CENTRE, co=co
            )

        return await self._read(work)

    async def events(self, number: str, actor: Actor) -> list[EventView]:
        """The order's history, oldest first."""

        async def work(s: AsyncSession) -> list[EventView]:
            ctx = await self._load(s, number, actor, need_seq=False)
            rows = (
                await s.execute(
                    select(OrderEvent)
                    .where(OrderEvent.order_id == ctx.order.id)
                    .order_by(OrderEvent.seq)
                )
            ).scalars()
            return [event_view(e, self._ref) for e in rows]

        return await self._read(work)

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
            before = cursor_value(cursor)
            if before is None:
                raise InvalidInput("cursor 无效")
        wanted = [st for st in states if st]
        for st in wanted:
            if st not in STATE_LABELS:
                raise InvalidInput(f"未知的状态：{st}")
        now = self.clock()
        canon = self.catalogue.normalize_county(county) if county else None
        if county and canon is None:
            # 422 (a filter value, not a missing resource); never echoed with a control or
            # format character (U+202E ...: trial7 F11)
            raise InvalidInput(f"未知的区县：{shown(county)}，请填写菏泽市的县区")
        if service_code:
            self.catalogue.entry(service_code)

        shape = InboxShape(
            unit=actor.kind == "unit",
            role=role,
            states=bool(wanted),
            county=bool(canon),
            service_code=bool(service_code),
            lead_unit=actor.kind != "unit" and bool(unit_code),
            overdue=overdue,
            created_from=created_from is not None,
            created_to=created_to is not None,
            before=before is not None,
        )
        values: dict[str, object] = {
            "rows": limit + 1,
            "states": wanted,
            "county": canon,
            "service_code": service_code,
            "now": now,
            "created_from": created_from,
            "created_to": created_to,
            "before": before,
        }

        async def work(s: AsyncSession) -> list[Row[*tuple[object, ...]]]:
            await self._index(s)
            code = actor.unit_code if actor.kind == "unit" else unit_code
            params = {k: v for k, v in values.items() if v is not None or k == "rows"}
            if code:
                params["uid"] = self._uid(code)
            return list((await s.execute(statement(shape), params)).all())

        found = await self._read(work)
        page, more = found[:limit], len(found) > limit
        return OrderPage(
            items=[summary(cast(SummaryRow, r), r.role, now) for r in page],
            next_cursor=str(page[-1].id) if more and page else None,
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
        days), newest first, at most ``limit`` (1-1000). ``closed`` (GeoReport
        ``status``) only once the order is over (closed, terminated, merged): an order
        replied to or in 回访 (after an unsatisfied evaluation too) is still open, its
        state label in ``status_notes`` (trial11 N16).
        """
        limit = max(1, min(limit, 1000))
        closed = list(FINAL)
        async with self.readers() as s:
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


def shown(value: str, limit: int = 20) -> str:
    """``value`` safe to echo in an answer: at most ``limit`` characters, control, format,
    surrogate and private-use characters (Cc, Cf, Cs, Co) as ``\\uXXXX``."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c
        for c in value[:limit]
    )
