"""The case service: intake, the whole work-order lifecycle, and webhook endpoints.

Every change runs in one transaction that also appends the order's events and writes
the outbox rows for the units' webhook endpoints (delivered after commit by
:class:`casebridge.outbox.DeliveryWorker`). Concurrent changes to one order are caught
by the optimistic ``version`` column and retried from a fresh read (or refused with
:class:`VersionConflict` when the caller named the version it saw).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from casebridge.catalogue import Catalogue, Entry, UnitDef
from casebridge.db import utcnow
from casebridge.errors import Forbidden, IllegalTransition, InvalidInput, NotFound, VersionConflict
from casebridge.intake import AppealDraft, OrderReceipt, ProgressView
from casebridge.keys import demo_unit_key, hash_key, new_webhook_secret, random_unit_key
from casebridge.lifecycle import FINAL, OPEN, PAUSING, STATE_LABELS, Role, State, check
from casebridge.models import (
    Appeal,
    Assignment,
    Callback,
    DeliveryAttempt,
    OrderEvent,
    OrderSequence,
    OutboxMessage,
    Supervision,
    Unit,
    WebhookEndpoint,
    WorkOrder,
)
from casebridge.privacy import mask_numbers, phone_last4
from casebridge.schemas import (
    EVENT_TYPES,
    AppealView,
    AttemptView,
    ContactView,
    CoUnitView,
    DeliveryView,
    EndpointView,
    EventView,
    OrderPage,
    OrderRecord,
    OrderSummary,
    OrderWebhook,
    UnitRef,
    WebhookData,
)
from casebridge.sla import Limit, extend_deadline, local_day

log = logging.getLogger(__name__)
T = TypeVar("T")

SATISFACTION = ("satisfied", "basic", "unsatisfied")
TERMINATION_GROUNDS = {
    "refused_information": "诉求人拒绝提供相关信息导致无法办理（第十五条第五项）",
    "unlawful_demand": "诉求不符合规定，已解释说明但诉求人仍不满意（第十五条第六项）",
}
SUPERVISION_GROUNDS = {
    "refused": "对法定职责内的热线事项拒不接收",
    "overdue": "超出办理时限未办结",
    "repeated": "多次或集中反映的问题依法应当解决未解决",
    "kb_stale": "热线知识库更新不及时或不符合要求",
    "poor_handling": "办理不力造成负面影响",
    "other": "其他需要督办的事项",
}
SUPERVISION_METHODS = ("phone", "writing", "on_site", "meeting")
CONTACT_METHODS = ("phone", "sms", "visit", "other")


@dataclass(frozen=True)
class Actor:
    """Who calls: a unit (by code), a centre operator, the citizen or the system."""

    kind: Literal["unit", "centre", "citizen", "system"]
    unit_code: str | None = None
    name: str | None = None

    @classmethod
    def unit(cls, code: str, name: str | None = None) -> Actor:
        """A handling unit authenticated by its key."""
        return cls("unit", code, name)

    @classmethod
    def centre(cls, name: str = "centre") -> Actor:
        """A hotline-centre operator."""
        return cls("centre", None, name)


@dataclass(frozen=True)
class UnitIdentity:
    """An authenticated unit (what ``require_unit`` returns)."""

    id: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class PublicRequest:
    """An order as the public may see it (Open311 GeoReport v2)."""

    number: str
    state: str
    state_label: str
    closed: bool
    service_code: str
    service_name: str
    description: str
    agency: str
    place: str | None
    latitude: float | None
    longitude: float | None
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None


@dataclass
class _Ctx:
    s: AsyncSession
    order: WorkOrder
    appeal: Appeal
    role: Role
    actor: Actor
    actor_unit_id: int | None
    now: datetime
    seq: int
    emits: list[tuple[str, set[int]]] = field(default_factory=list)


def _is_transient(exc: OperationalError) -> bool:
    msg = str(exc).lower()
    return any(k in msg for k in ("locked", "deadlock", "could not serialize", "busy"))


def _clean(text: str | None, what: str, *, required: bool = True, limit: int = 5000) -> str | None:
    t = (text or "").strip()
    if not t:
        if required:
            raise InvalidInput(f"请填写{what}")
        return None
    if len(t) > limit:
        raise InvalidInput(f"{what}过长（最多{limit}字）")
    return t


def _materials(items: Sequence[dict[str, Any]] | None, *, required: bool) -> list[dict[str, Any]]:
    out = [dict(m) for m in (items or [])]
    if required and not out:
        raise InvalidInput("请提供相关证明材料")
    for m in out:
        if not (m.get("url") or m.get("blob_key") or m.get("text") or m.get("name")):
            raise InvalidInput("材料须包含 url、blob_key、name 或 text")
    return out


def _public_text(a: Appeal) -> str:
    """The appeal text without numbers, the citizen's name or the exact address."""
    text = a.text
    for secret in (a.contact_name, a.address, a.contact_phone):
        if secret and len(secret) >= 2:
            text = text.replace(secret, "***")
    return mask_numbers(text)


class CaseService:
    """Implements :class:`casebridge.intake.IntakePort` and the lifecycle for the APIs."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        clock: Callable[[], datetime] = utcnow,
        *,
        secret_key: str | None = None,
        max_retries: int = 8,
    ) -> None:
        self.sessions = sessions
        self.catalogue = catalogue
        self.clock = clock
        self.secret_key = secret_key
        self.max_retries = max_retries
        self._by_code: dict[str, tuple[int, str]] = {}
        self._by_id: dict[int, tuple[str, str]] = {}
        self._ready = False
        self._ready_lock = asyncio.Lock()

    async def prepare(self, secret_key: str | None = None) -> None:
        """Once per process: adopt the secret key and sync units (with demo key hashes)."""
        if self._ready:
            return
        async with self._ready_lock:
            if self._ready:
                return
            if secret_key and not self.secret_key:
                self.secret_key = secret_key
            await self.sync_units()
            self._ready = True

    # -- plumbing -------------------------------------------------------------------
    async def _run(
        self, work: Callable[[AsyncSession], Awaitable[T]], *, strict: bool = False
    ) -> T:
        """Run ``work`` in a transaction, retrying lost races from a fresh read."""
        for attempt in range(self.max_retries):
            last = attempt == self.max_retries - 1
            try:
                async with self.sessions() as s, s.begin():
                    return await work(s)
            except StaleDataError as exc:
                if strict or last:
                    raise VersionConflict("工单已被他人更新，请刷新后重试") from exc
            except OperationalError as exc:
                if last or not _is_transient(exc):
                    raise
            except IntegrityError:
                if last:
                    raise
            await asyncio.sleep(0.005 * (attempt + 1) + random.random() * 0.01)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _index(self, s: AsyncSession) -> None:
        if self._by_code:
            return
        rows = (await s.execute(select(Unit.id, Unit.code, Unit.name))).all()
        if not rows:
            await self._sync(s)
            rows = (await s.execute(select(Unit.id, Unit.code, Unit.name))).all()
        self._by_code = {r.code: (r.id, r.name) for r in rows}
        self._by_id = {r.id: (r.code, r.name) for r in rows}

    def _uid(self, code: str) -> int:
        try:
            return self._by_code[code][0]
        except KeyError:
            raise NotFound(f"未知的承办单位代码：{code}") from None

    def _ref(self, unit_id: int) -> UnitRef:
        code, name = self._by_id.get(unit_id, (str(unit_id), str(unit_id)))
        return UnitRef(code=code, name=name)

    # -- units and keys ---------------------------------------------------------------
    async def sync_units(self) -> int:
        """Upsert the units of the catalogue into the database; returns how many exist."""

        async def work(s: AsyncSession) -> int:
            return await self._sync(s)

        n = await self._run(work)
        self._by_code, self._by_id = {}, {}
        return n

    async def _sync(self, s: AsyncSession) -> int:
        now = self.clock()
        existing = {u.code: u for u in (await s.execute(select(Unit))).scalars()}
        for d in self.catalogue.units.values():
            u = existing.get(d.code)
            if u is None:
                u = Unit(code=d.code, created_at=now, key_rotated=False, active=True)
                s.add(u)
            u.name, u.kind, u.county, u.parent_code = d.name, d.kind, d.county, d.parent
            if self.secret_key and not u.key_rotated and d.kind != "centre":
                u.api_key_hash = hash_key(demo_unit_key(self.secret_key, d.code))
        await s.flush()
        return len(self.catalogue.units)

    async def authenticate_unit(self, key: str) -> UnitIdentity | None:
        """The active unit whose API key is ``key``."""
        if not key or len(key) > 200:
            return None
        async with self.sessions() as s:
            u = (
                await s.execute(select(Unit).where(Unit.api_key_hash == hash_key(key)))
            ).scalar_one_or_none()
        if (
            u is None
            or not u.active
            or not hmac.compare_digest(u.api_key_hash or "", hash_key(key))
        ):
            return None
        return UnitIdentity(u.id, u.code, u.name, u.kind)

    async def rotate_unit_key(self, code: str) -> str:
        """Replace a unit's key with a random one; returns it (shown once)."""
        key = random_unit_key()

        async def work(s: AsyncSession) -> None:
            u = (await s.execute(select(Unit).where(Unit.code == code))).scalar_one_or_none()
            if u is None:
                raise NotFound(f"未知的承办单位代码：{code}")
            u.api_key_hash, u.key_rotated = hash_key(key), True

        await self._run(work)
        return key

    # -- intake (IntakePort) ------------------------------------------------------------
    async def open_work_order(self, draft: AppealDraft) -> OrderReceipt:
        """Write appeal, order, assignment, events and outbox rows; idempotent on the key."""
        if not draft.idempotency_key or len(draft.idempotency_key) > 200:
            raise InvalidInput("idempotency_key is required (at most 200 characters)")
        text = _clean(draft.text, "诉求内容", limit=20000)
        assert text is not None

        async def work(s: AsyncSession) -> OrderReceipt:
            await self._index(s)
            found = await self._receipt_for_key(s, draft.idempotency_key)
            if found is not None:
                return found
            return await self._create(s, draft, text)

        return await self._run(work)

    async def _receipt_for_key(self, s: AsyncSession, key: str) -> OrderReceipt | None:
        row = (
            await s.execute(
                select(WorkOrder.number, WorkOrder.lead_unit_id, WorkOrder.deadline_at)
                .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                .where(Appeal.idempotency_key == key)
                .order_by(WorkOrder.id)
                .limit(1)
            )
        ).first()
        if row is None:
            return None
        return OrderReceipt(row.number, self._ref(row.lead_unit_id).name, row.deadline_at, False)

    async def _next_number(self, s: AsyncSession, now: datetime) -> str:
        day = local_day(now).strftime("%Y%m%d")
        bump = (
            update(OrderSequence)
            .where(OrderSequence.day == day)
            .values(last=OrderSequence.last + 1)
            .returning(OrderSequence.last)
        )
        n = (await s.execute(bump)).scalar_one_or_none()
        if n is None:
            ins = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
            await s.execute(ins(OrderSequence).values(day=day, last=0).on_conflict_do_nothing())
            n = (await s.execute(bump)).scalar_one()
        return f"HZ{day}-{n:06d}"

    async def _create(self, s: AsyncSession, draft: AppealDraft, text: str) -> OrderReceipt:
        now = self.clock()
        level3 = draft.extra.get("category_level3") if isinstance(draft.extra, dict) else None
        d = self.catalogue.dispatch(
            level1=draft.category_level1,
            level2=draft.category_level2,
            level3=level3 if isinstance(level3, str) else None,
            unit_type=draft.unit_type,
            county=draft.county,
            township=draft.township,
            text=text,
        )
        phone = (draft.contact_phone or "").strip() or None
        appeal = Appeal(
            idempotency_key=draft.idempotency_key,
            channel=draft.channel,
            sender=draft.sender,
            text=text,
            order_type=draft.order_type,
            category_level1=draft.category_level1,
            category_level2=draft.category_level2,
            unit_type=draft.unit_type,
            county=d.county or draft.county,
            township=draft.township,
            village=draft.village,
            address=draft.address,
            latitude=draft.latitude,
            longitude=draft.longitude,
            since=draft.since,
            contact_name=None if draft.anonymous else draft.contact_name,
            contact_phone=phone,
            phone_last4=phone_last4(phone),
            anonymous=draft.anonymous,
            attachments=[asdict(a) for a in draft.attachments],
            conversation_id=draft.conversation_id,
            extra=dict(draft.extra),
            created_at=now,
        )
        s.add(appeal)
        await s.flush()  # the unique idempotency key is checked here
        needs_contact = bool(
            d.entry.needs_contact
            and phone
            and not draft.anonymous
            and draft.order_type != "staff_complaint"  # 第九条: no retaliation
            and not draft.extra.get("confidential")
        )
        order = WorkOrder(
            number="TMP-" + uuid.uuid4().hex[:16],  # replaced before commit
            appeal_id=appeal.id,
            state=State.DISPATCHED,
            lead_unit_id=self._uid(d.unit.code),
            entry_code=d.entry.code,
            category_level1=draft.category_level1,
            category_level2=draft.category_level2,
            county=d.county,
            utility=d.unit.kind == "utility",
            needs_contact=needs_contact,
            limit_hours=d.limit.hours,
            limit_working_days=d.limit.working_days,
            deadline_at=d.limit.due(now),
            dispatched_at=now,
            reply_attachments=[],
            reopen_count=0,
            extension_count=0,
            return_count=0,
            created_at=now,
            updated_at=now,
        )
        s.add(order)
        await s.flush()
        s.add(
            Assignment(
                order_id=order.id,
                unit_id=order.lead_unit_id,
                role="lead",
                active=True,
                assigned_at=now,
                deadline_at=order.deadline_at,
            )
        )
        ctx = _Ctx(s, order, appeal, Role.SYSTEM, Actor("system", name="intake"), None, now, 0)
        self._event(
            ctx,
            "dispatch",
            None,
            State.DISPATCHED,
            d.reason,
            {
                "unit": d.unit.code,
                "service_code": d.entry.code,
                "fallback": d.fallback,
                "limit": d.limit.label(),
                "channel": draft.channel,
            },
        )
        ctx.emits.append(("order.dispatched", {order.lead_unit_id}))
        await self._flush_emits(ctx)
        # The day's counter row stays locked until commit, so the number is taken last
        # and put into the already written webhook payloads.
        temp = order.number
        order.number = await self._next_number(s, now)
        await s.flush()
        await s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.order_id == order.id)
            .values(payload=func.replace(OutboxMessage.payload, temp, order.number))
        )
        return OrderReceipt(order.number, d.unit.name, order.deadline_at, True)

    async def _find_for_citizen(
        self,
        s: AsyncSession,
        number: str,
        phone_last4_: str | None,
        channel: str | None,
        sender: str | None,
    ) -> tuple[WorkOrder, Appeal] | None:
        row = (
            await s.execute(
                select(WorkOrder, Appeal)
                .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                .where(WorkOrder.number == number.strip().upper())
            )
        ).first()
        if row is None:
            return None
        order, appeal = row[0], row[1]
        if appeal.phone_last4:
            ok = bool(phone_last4_) and hmac.compare_digest(
                appeal.phone_last4.encode(), (phone_last4_ or "").strip().encode()
            )
        else:
            ok = bool(channel and sender) and appeal.channel == channel and appeal.sender == sender
        return (order, appeal) if ok else None

    async def progress(
        self,
        number: str,
        phone_last4: str | None,
        *,
        channel: str | None = None,
        sender: str | None = None,
    ) -> ProgressView | None:
        """State and result for the citizen who filed the order (第九条 知情权)."""
        async with self.sessions() as s:
            await self._index(s)
            found = await self._find_for_citizen(s, number, phone_last4, channel, sender)
            if found is None:
                return None
            order, _ = found
            shown = order
            if order.state == State.MERGED and order.merged_into_id is not None:
                shown = await s.get(WorkOrder, order.merged_into_id) or order
        result = (
            shown.reply_text
            if shown.state in (State.REPLIED, State.CALLBACK, State.CLOSED)
            else None
        )
        label = STATE_LABELS.get(shown.state, shown.state)
        if shown is not order:
            result = f"您的诉求已与工单{shown.number}合并办理，当前状态：{label}。" + (
                f"办理结果：{result}" if result else ""
            )
            label = f"已并单（{label}）"
        elif order.state == State.TERMINATED:
            result = "经审核，该诉求已终止办理。"
        return ProgressView(
            number=order.number,
            state=order.state,
            state_label=label,
            unit_name=self._ref(shown.lead_unit_id).name,
            created_at=order.created_at,
            deadline=shown.deadline_at,
            result=result,
            updated_at=shown.updated_at,
            can_evaluate=order.state in (State.REPLIED, State.CALLBACK)
            and order.satisfaction is None,
        )

    async def record_evaluation(
        self, number: str, satisfaction: str, reason: str | None, channel: str, sender: str
    ) -> bool:
        """The citizen's own evaluation; False if not theirs or not open for evaluation."""
        if satisfaction not in SATISFACTION:
            raise InvalidInput(f"satisfaction must be one of {', '.join(SATISFACTION)}")

        async def work(s: AsyncSession) -> bool:
            await self._index(s)
            row = (
                await s.execute(
                    select(WorkOrder, Appeal)
                    .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                    .where(WorkOrder.number == number.strip().upper())
                )
            ).first()
            if row is None:
                return False
            order, appeal = row[0], row[1]
            if appeal.channel != channel or appeal.sender != sender:
                return False
            if order.state not in (State.REPLIED, State.CALLBACK) or order.satisfaction:
                return False
            ctx = await self._ctx(
                s, order, appeal, Role.CITIZEN, Actor("citizen", name=sender), None
            )
            check("evaluate", order.state, Role.CITIZEN)
            comment = _clean(reason, "评价理由", required=False, limit=2000)
            s.add(
                Callback(
                    order_id=order.id,
                    source="citizen",
                    satisfaction=satisfaction,
                    reasonable=None,
                    comment=comment,
                    actor=None,
                    created_at=ctx.now,
                )
            )
            order.satisfaction = satisfaction
            to = State.CALLBACK if satisfaction == "unsatisfied" else State.CLOSED
            if to == State.CLOSED:
                order.closed_at = ctx.now
            self._move(ctx, "evaluate", to, comment, {"satisfaction": satisfaction})
            ctx.emits.append(("order.callback_recorded", self._units_of(ctx)))
            await self._flush_emits(ctx)
            return True

        return await self._run(work)

    # -- reading ----------------------------------------------------------------------
    async def unit_role(self, s: AsyncSession, order: WorkOrder, unit_code: str) -> Role:
        """The role of a unit on an order; :class:`Forbidden` if it has none."""
        uid = self._uid(unit_code)
        if order.lead_unit_id == uid:
            return Role.LEAD
        co = (
            await s.execute(
                select(Assignment.id).where(
                    Assignment.order_id == order.id,
                    Assignment.unit_id == uid,
                    Assignment.role == "co",
                    Assignment.active.is_(True),
                )
            )
        ).first()
        if co is not None:
            return Role.CO
        raise Forbidden("该工单不属于本单位，无权查看或办理")

    async def _load(
        self, s: AsyncSession, number: str, actor: Actor, *, need_seq: bool = True
    ) -> _Ctx:
        await self._index(s)
        row = (
            await s.execute(
                select(WorkOrder, Appeal)
                .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                .where(WorkOrder.number == number.strip().upper())
            )
        ).first()
        if row is None:
            raise NotFound(f"未找到工单 {number}")
        order, appeal = row[0], row[1]
        if actor.kind == "unit":
            assert actor.unit_code is not None
            role = await self.unit_role(s, order, actor.unit_code)
            uid: int | None = self._uid(actor.unit_code)
        elif actor.kind == "centre":
            role, uid = Role.CENTRE, None
        elif actor.kind == "citizen":
            role, uid = Role.CITIZEN, None
        else:
            role, uid = Role.SYSTEM, None
        return await self._ctx(s, order, appeal, role, actor, uid, need_seq=need_seq)

    async def _max_seq(self, s: AsyncSession, order_id: int) -> int:
        q = select(func.max(OrderEvent.seq)).where(OrderEvent.order_id == order_id)
        return (await s.execute(q)).scalar_one_or_none() or 0

    async def _ctx(
        self,
        s: AsyncSession,
        order: WorkOrder,
        appeal: Appeal,
        role: Role,
        actor: Actor,
        uid: int | None,
        *,
        need_seq: bool = True,
    ) -> _Ctx:
        seq = await self._max_seq(s, order.id) if need_seq else -1  # -1: not read yet
        return _Ctx(s, order, appeal, role, actor, uid, self.clock(), seq)

    async def get_order(self, number: str, actor: Actor) -> OrderRecord:
        """The order record; contact details only where allowed, each view recorded."""

        async def work(s: AsyncSession) -> OrderRecord:
            ctx = await self._load(s, number, actor, need_seq=False)
            show = ctx.order.needs_contact if ctx.role == Role.LEAD else ctx.role == Role.CENTRE
            show = show and bool(ctx.appeal.contact_phone or ctx.appeal.contact_name)
            if show:
                check("view_contact", ctx.order.state, ctx.role)
                ctx.seq = await self._max_seq(s, ctx.order.id)
                self._event(
                    ctx,
                    "view_contact",
                    ctx.order.state,
                    ctx.order.state,
                    None,
                    {"fields": ["name", "phone"]},
                )
            return await self._record(
                s, ctx.order, ctx.appeal, contact=show, raw_text=ctx.role == Role.CENTRE
            )

        return await self._run(work)

    async def events(self, number: str, actor: Actor) -> list[EventView]:
        """The order's history, oldest first."""
        async with self.sessions() as s:
            ctx = await self._load(s, number, actor, need_seq=False)
            rows = (
                (
                    await s.execute(
                        select(OrderEvent)
                        .where(OrderEvent.order_id == ctx.order.id)
                        .order_by(OrderEvent.seq)
                    )
                )
                .scalars()
                .all()
            )
        return [
            EventView(
                seq=e.seq,
                action=e.action,
                actor_role=e.actor_role,
                actor_unit=self._ref(e.actor_unit_id).code if e.actor_unit_id else None,
                actor=e.actor,
                from_state=e.from_state,
                to_state=e.to_state,
                reason=e.reason,
                data=e.data or {},
                attachments=e.attachments or [],
                created_at=e.created_at,
            )
            for e in rows
        ]

    async def _record(
        self,
        s: AsyncSession,
        order: WorkOrder,
        appeal: Appeal,
        *,
        contact: bool = False,
        raw_text: bool = False,
    ) -> OrderRecord:
        cos = (
            (
                await s.execute(
                    select(Assignment)
                    .where(Assignment.order_id == order.id, Assignment.role == "co")
                    .order_by(Assignment.id)
                )
            )
            .scalars()
            .all()
        )
        merged = None
        if order.merged_into_id is not None:
            merged = (
                await s.execute(
                    select(WorkOrder.number).where(WorkOrder.id == order.merged_into_id)
                )
            ).scalar_one_or_none()
        limit = (
            Limit(hours=order.limit_hours)
            if order.limit_hours
            else Limit(working_days=order.limit_working_days or 5)
        )
        now = self.clock()
        return OrderRecord(
            number=order.number,
            state=order.state,
            state_label=STATE_LABELS.get(order.state, order.state),
            version=order.version,
            service_code=order.entry_code,
            utility=order.utility,
            needs_contact=order.needs_contact,
            lead_unit=self._ref(order.lead_unit_id),
            co_units=[
                CoUnitView(
                    code=self._ref(a.unit_id).code,
                    name=self._ref(a.unit_id).name,
                    assigned_at=a.assigned_at,
                    deadline_at=a.deadline_at,
                    reported_at=a.reported_at,
                    report_text=a.report_text,
                    active=a.active,
                )
                for a in cos
            ],
            county=order.county,
            limit=limit.label(),
            deadline_at=order.deadline_at,
            paused=order.paused_at is not None,
            overdue=bool(order.state in OPEN and order.deadline_at and order.deadline_at < now),
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
            appeal=AppealView(
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
            ),
            contact=ContactView(name=appeal.contact_name, phone=appeal.contact_phone)
            if contact
            else None,
        )

    async def list_orders(
        self,
        actor: Actor,
        *,
        role: Literal["lead", "co", "all"] = "all",
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
        """Orders newest first, filtered; keyset pagination by ``cursor``."""
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
                    # walk the unit's co-assignments (index unit_id, active, order_id)
                    q = base(
                        select(WorkOrder)
                        .join(Assignment, Assignment.order_id == WorkOrder.id)
                        .where(
                            Assignment.unit_id == uid,
                            Assignment.active.is_(True),
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
        items = [
            OrderSummary(
                number=o.number,
                state=o.state,
                state_label=STATE_LABELS.get(o.state, o.state),
                role=r,
                service_code=o.entry_code,
                category_level1=o.category_level1,
                category_level2=o.category_level2,
                county=o.county,
                utility=o.utility,
                deadline_at=o.deadline_at,
                overdue=bool(o.state in OPEN and o.deadline_at and o.deadline_at < now),
                created_at=o.created_at,
                updated_at=o.updated_at,
                version=o.version,
            )
            for o, r in page
        ]
        return OrderPage(items=items, next_cursor=str(page[-1][0].id) if more and page else None)

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
        """Orders for the public (Open311): no contact, numbers masked, coarse place."""
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
        out = []
        for row in rows:
            o, a = row[0], row[1]
            out.append(
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
            )
        return out

    # -- writing helpers ------------------------------------------------------------------
    def _event(
        self,
        ctx: _Ctx,
        action: str,
        from_state: str | None,
        to_state: str | None,
        reason: str | None,
        data: dict[str, Any] | None = None,
        attachments: list[dict[str, Any]] | None = None,
    ) -> None:
        if ctx.seq < 0:
            raise AssertionError("the order's event sequence was not read")
        ctx.seq += 1
        ctx.s.add(
            OrderEvent(
                order_id=ctx.order.id,
                seq=ctx.seq,
                action=action,
                actor_role=ctx.role.value,
                actor_unit_id=ctx.actor_unit_id,
                actor=ctx.actor.name,
                from_state=from_state,
                to_state=to_state,
                reason=reason,
                data=data or {},
                attachments=attachments or [],
                created_at=ctx.now,
            )
        )

    def _move(
        self,
        ctx: _Ctx,
        action: str,
        to: str,
        reason: str | None,
        data: dict[str, Any] | None = None,
        attachments: list[dict[str, Any]] | None = None,
    ) -> None:
        o, frm = ctx.order, ctx.order.state
        if to in PAUSING and frm not in PAUSING:
            o.paused_at = ctx.now
        elif frm in PAUSING and to not in PAUSING:
            if o.paused_at is not None and o.deadline_at is not None and to != State.DISPATCHED:
                o.deadline_at = o.deadline_at + (ctx.now - o.paused_at)  # the clock resumes
            o.paused_at = None
        if to in (State.RETURNED, State.EXTENSION, State.TERMINATING, State.DISPUTED):
            o.prior_state = frm
        elif frm in (State.RETURNED, State.EXTENSION, State.TERMINATING, State.DISPUTED):
            o.prior_state = None
            o.pending = None
        o.state = to
        o.updated_at = ctx.now
        self._event(ctx, action, frm, to, reason, data, attachments)

    def _units_of(self, ctx: _Ctx) -> set[int]:
        """The lead unit (co-units are added to every order event when emitted)."""
        return {ctx.order.lead_unit_id}

    async def _co_ids(self, s: AsyncSession, order_id: int) -> set[int]:
        rows = await s.execute(
            select(Assignment.unit_id).where(
                Assignment.order_id == order_id,
                Assignment.role == "co",
                Assignment.active.is_(True),
            )
        )
        return {r[0] for r in rows}

    async def _flush_emits(self, ctx: _Ctx) -> None:
        """Write one outbox row per subscribed endpoint of each recipient unit."""
        await ctx.s.flush()
        if not ctx.emits:
            return
        co = await self._co_ids(ctx.s, ctx.order.id)
        recipients: set[int] = set()
        for _, units in ctx.emits:
            recipients |= units
        recipients |= co
        endpoints = (
            (
                await ctx.s.execute(
                    select(WebhookEndpoint).where(
                        WebhookEndpoint.unit_id.in_(recipients), WebhookEndpoint.active.is_(True)
                    )
                )
            )
            .scalars()
            .all()
        )
        if not endpoints:
            ctx.emits.clear()
            return
        record = await self._record(ctx.s, ctx.order, ctx.appeal)
        last_event = {"seq": ctx.seq}
        for event_type, units in ctx.emits:
            targets = units | (co if event_type != "order.supervision_opened" else set())
            payload = OrderWebhook(
                type=event_type,
                timestamp=ctx.now,
                data=WebhookData(order=record, event=last_event),
            ).model_dump_json()
            for ep in endpoints:
                if ep.unit_id not in targets:
                    continue
                if ep.event_types and event_type not in ep.event_types:
                    continue
                ctx.s.add(
                    OutboxMessage(
                        msg_id="msg_" + uuid.uuid4().hex,
                        endpoint_id=ep.id,
                        order_id=ctx.order.id,
                        event_type=event_type,
                        payload=payload,
                        status="pending",
                        attempts=0,
                        next_attempt_at=ctx.now,
                        created_at=ctx.now,
                    )
                )
        ctx.emits.clear()
        await ctx.s.flush()

    def _entry(self, order: WorkOrder) -> Entry:
        return self.catalogue.entries.get(order.entry_code) or self.catalogue.general

    def _limit_of(self, order: WorkOrder) -> Limit:
        if order.limit_hours:
            return Limit(hours=order.limit_hours)
        return Limit(working_days=order.limit_working_days or 5)

    async def _assign_lead(self, ctx: _Ctx, unit: UnitDef) -> int:
        """Make ``unit`` the lead with a fresh deadline; returns the former lead's id."""
        s, o = ctx.s, ctx.order
        old = o.lead_unit_id
        new = self._uid(unit.code)
        await s.execute(
            update(Assignment)
            .where(
                Assignment.order_id == o.id,
                Assignment.role == "lead",
                Assignment.active.is_(True),
            )
            .values(active=False, released_at=ctx.now)
        )
        # a unit that becomes lead stops being a co-unit of the same order
        await s.execute(
            update(Assignment)
            .where(
                Assignment.order_id == o.id,
                Assignment.unit_id == new,
                Assignment.active.is_(True),
            )
            .values(active=False, released_at=ctx.now)
        )
        o.lead_unit_id = new
        o.utility = unit.kind == "utility"
        o.deadline_at = self._limit_of(o).due(ctx.now)
        o.dispatched_at, o.signed_at, o.contacted_at, o.warned_at = ctx.now, None, None, None
        o.paused_at = None
        s.add(
            Assignment(
                order_id=o.id,
                unit_id=new,
                role="lead",
                active=True,
                assigned_at=ctx.now,
                deadline_at=o.deadline_at,
            )
        )
        return old

    async def _add_co(self, ctx: _Ctx, codes: Sequence[str]) -> set[int]:
        if not codes:
            return set()
        entry = self._entry(ctx.order)
        current = await self._co_ids(ctx.s, ctx.order.id)
        added: set[int] = set()
        for code in dict.fromkeys(codes):
            unit = self.catalogue.unit(code)
            if unit.kind == "centre":
                raise InvalidInput("热线工作机构不能作为协办单位")
            uid = self._uid(code)
            if uid == ctx.order.lead_unit_id:
                raise InvalidInput(f"{unit.name}已是主办单位")
            if uid in current:
                continue
            ctx.s.add(
                Assignment(
                    order_id=ctx.order.id,
                    unit_id=uid,
                    role="co",
                    active=True,
                    assigned_at=ctx.now,
                    deadline_at=entry.co_report.due(ctx.now),
                )
            )
            added.add(uid)
        return added

    async def _transition(
        self,
        number: str,
        actor: Actor,
        action: str,
        body: Callable[[_Ctx], Awaitable[None]],
        expected_version: int | None = None,
    ) -> OrderRecord:
        async def work(s: AsyncSession) -> OrderRecord:
            ctx = await self._load(s, number, actor)
            check(action, ctx.order.state, ctx.role)
            if expected_version is not None and ctx.order.version != expected_version:
                raise VersionConflict(
                    f"工单已更新（当前版本 {ctx.order.version}，请求版本 {expected_version}），"
                    "请刷新后重试"
                )
            await body(ctx)
            await self._flush_emits(ctx)
            return await self._record(s, ctx.order, ctx.appeal, raw_text=ctx.role == Role.CENTRE)

        return await self._run(work, strict=expected_version is not None)

    # -- unit actions ---------------------------------------------------------------------
    async def sign(
        self, number: str, actor: Actor, *, expected_version: int | None = None
    ) -> OrderRecord:
        """签收: the lead unit accepts the order (首接负责制)."""

        async def body(ctx: _Ctx) -> None:
            ctx.order.signed_at = ctx.now
            self._move(ctx, "sign", State.SIGNED, None)
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "sign", body, expected_version)

    async def log_contact(
        self,
        number: str,
        actor: Actor,
        *,
        method: str,
        note: str | None,
        reached: bool = True,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """The unit contacted (or tried to contact) the citizen (第十五条第一项)."""
        if method not in CONTACT_METHODS:
            raise InvalidInput(f"联系方式须为 {', '.join(CONTACT_METHODS)} 之一")
        text = _clean(note, "联系情况", required=False, limit=2000)

        async def body(ctx: _Ctx) -> None:
            if reached:
                ctx.order.contacted_at = ctx.order.contacted_at or ctx.now
            self._move(
                ctx, "contact", State.IN_PROGRESS, text, {"method": method, "reached": reached}
            )
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "contact", body, expected_version)

    async def reply(
        self,
        number: str,
        actor: Actor,
        *,
        text: str,
        attachments: Sequence[dict[str, Any]] | None = None,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """办结反馈: the unit's answer to the citizen and report to the centre."""
        body_text = _clean(text, "办理结果", limit=10000)
        files = _materials(attachments, required=False)

        async def body(ctx: _Ctx) -> None:
            missing = [
                self._ref(a.unit_id).code
                for a in (
                    await ctx.s.execute(
                        select(Assignment).where(
                            Assignment.order_id == ctx.order.id,
                            Assignment.role == "co",
                            Assignment.active.is_(True),
                            Assignment.reported_at.is_(None),
                        )
                    )
                ).scalars()
            ]
            ctx.order.reply_text, ctx.order.reply_attachments = body_text, files
            ctx.order.replied_at = ctx.now
            self._move(
                ctx, "reply", State.REPLIED, body_text, {"co_units_not_reported": missing}, files
            )
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "reply", body, expected_version)

    async def request_return(
        self,
        number: str,
        actor: Actor,
        *,
        reason: str,
        materials: Sequence[dict[str, Any]],
        suggested_unit: str | None = None,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """退单 (第十四条): not this unit's competence, with materials; the centre reviews."""
        why = _clean(reason, "退单理由")
        files = _materials(materials, required=True)
        if suggested_unit:
            self.catalogue.unit(suggested_unit)

        async def body(ctx: _Ctx) -> None:
            ctx.order.pending = {
                "type": "return",
                "reason": why,
                "suggested_unit": suggested_unit,
                "requested_at": ctx.now.isoformat(),
            }
            ctx.order.return_count += 1
            self._move(
                ctx,
                "request_return",
                State.RETURNED,
                why,
                {"suggested_unit": suggested_unit},
                files,
            )
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "request_return", body, expected_version)

    async def request_extension(
        self,
        number: str,
        actor: Actor,
        *,
        reason: str,
        stage_report: str,
        working_days: int,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """延期 (第十六条第二款): reason and stage report; the centre approves or not."""
        why = _clean(reason, "延期理由")
        report = _clean(stage_report, "阶段性办理情况")

        async def body(ctx: _Ctx) -> None:
            cap = self._entry(ctx.order).max_extension_days
            if not 1 <= working_days <= cap:
                raise InvalidInput(f"延期天数须在 1 至 {cap} 个工作日之间")
            ctx.order.pending = {
                "type": "extension",
                "reason": why,
                "stage_report": report,
                "working_days": working_days,
                "requested_at": ctx.now.isoformat(),
            }
            self._move(
                ctx,
                "request_extension",
                State.EXTENSION,
                why,
                {"stage_report": report, "working_days": working_days},
            )
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "request_extension", body, expected_version)

    async def request_termination(
        self,
        number: str,
        actor: Actor,
        *,
        ground: str,
        reason: str,
        materials: Sequence[dict[str, Any]],
        expected_version: int | None = None,
    ) -> OrderRecord:
        """终止办理 (第十五条第五、六项) with materials; the centre reviews."""
        if ground not in TERMINATION_GROUNDS:
            raise InvalidInput(f"终止理由类型须为 {', '.join(TERMINATION_GROUNDS)} 之一")
        why = _clean(reason, "终止理由")
        files = _materials(materials, required=True)

        async def body(ctx: _Ctx) -> None:
            ctx.order.pending = {
                "type": "termination",
                "ground": ground,
                "reason": why,
                "requested_at": ctx.now.isoformat(),
            }
            self._move(
                ctx,
                "request_termination",
                State.TERMINATING,
                why,
                {"ground": ground, "ground_label": TERMINATION_GROUNDS[ground]},
                files,
            )
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "request_termination", body, expected_version)

    async def raise_dispute(
        self,
        number: str,
        actor: Actor,
        *,
        reason: str,
        unit_codes: Sequence[str] = (),
        expected_version: int | None = None,
    ) -> OrderRecord:
        """职责争议 (第十六条第三款): the centre organises a consultation (会商)."""
        why = _clean(reason, "争议理由")
        for c in unit_codes:
            self.catalogue.unit(c)

        async def body(ctx: _Ctx) -> None:
            ctx.order.pending = {
                "type": "dispute",
                "reason": why,
                "units": list(unit_codes),
                "requested_at": ctx.now.isoformat(),
            }
            self._move(ctx, "raise_dispute", State.DISPUTED, why, {"units": list(unit_codes)})
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "raise_dispute", body, expected_version)

    async def co_report(
        self,
        number: str,
        actor: Actor,
        *,
        text: str,
        attachments: Sequence[dict[str, Any]] | None = None,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """A co-unit's result, submitted to the lead (第十六条第一款)."""
        report = _clean(text, "协办结果", limit=10000)
        files = _materials(attachments, required=False)

        async def body(ctx: _Ctx) -> None:
            assert ctx.actor_unit_id is not None
            a = (
                await ctx.s.execute(
                    select(Assignment).where(
                        Assignment.order_id == ctx.order.id,
                        Assignment.unit_id == ctx.actor_unit_id,
                        Assignment.role == "co",
                        Assignment.active.is_(True),
                    )
                )
            ).scalar_one()
            late = bool(a.deadline_at and ctx.now > a.deadline_at)
            a.reported_at, a.report_text = ctx.now, report
            ctx.order.updated_at = ctx.now
            self._event(
                ctx, "co_report", ctx.order.state, ctx.order.state, report, {"late": late}, files
            )
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "co_report", body, expected_version)

    async def add_co_units(
        self,
        number: str,
        actor: Actor,
        *,
        unit_codes: Sequence[str],
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """Co-handling units (协办) with their report limit."""
        if not unit_codes:
            raise InvalidInput("请指定协办单位")

        async def body(ctx: _Ctx) -> None:
            added = await self._add_co(ctx, unit_codes)
            ctx.order.updated_at = ctx.now
            self._event(
                ctx,
                "add_co_units",
                ctx.order.state,
                ctx.order.state,
                reason,
                {"units": [self._ref(u).code for u in sorted(added)]},
            )
            ctx.emits.append(("order.dispatched", added))
            ctx.emits.append(("order.updated", {ctx.order.lead_unit_id}))

        return await self._transition(number, actor, "add_co_units", body, expected_version)

    # -- centre actions -------------------------------------------------------------------
    async def review_return(
        self,
        number: str,
        actor: Actor,
        *,
        approve: bool,
        reason: str,
        unit_code: str | None = None,
        co_unit_codes: Sequence[str] = (),
        expected_version: int | None = None,
    ) -> OrderRecord:
        """Return review: approve and re-dispatch to ``unit_code``, or refuse."""
        why = _clean(reason, "审核意见")
        if approve:
            if not unit_code:
                raise InvalidInput("审核通过须指定重新派单的承办单位")
            unit = self.catalogue.unit(unit_code)

            async def body(ctx: _Ctx) -> None:
                if self._uid(unit.code) == ctx.order.lead_unit_id:
                    raise InvalidInput("重新派单的单位不能是原承办单位")
                old = await self._assign_lead(ctx, unit)
                added = await self._add_co(ctx, co_unit_codes)
                self._move(
                    ctx,
                    "approve_return",
                    State.DISPATCHED,
                    why,
                    {
                        "from_unit": self._ref(old).code,
                        "to_unit": unit.code,
                        "co_units": [self._ref(u).code for u in sorted(added)],
                    },
                )
                ctx.emits.append(("order.updated", {old}))
                ctx.emits.append(("order.dispatched", {ctx.order.lead_unit_id} | added))

            return await self._transition(number, actor, "approve_return", body, expected_version)

        async def refuse(ctx: _Ctx) -> None:
            self._move(ctx, "reject_return", ctx.order.prior_state or State.SIGNED, why)
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "reject_return", refuse, expected_version)

    async def review_extension(
        self,
        number: str,
        actor: Actor,
        *,
        approve: bool,
        reason: str | None = None,
        working_days: int | None = None,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """Extension review: approval moves the deadline by the (approved) working days."""
        why = _clean(reason, "审核意见", required=not approve)

        async def body(ctx: _Ctx) -> None:
            o = ctx.order
            back = o.prior_state or State.SIGNED
            if approve:
                pending = o.pending or {}
                days = working_days or int(pending.get("working_days", 0))
                cap = self._entry(o).max_extension_days
                if not 1 <= days <= cap:
                    raise InvalidInput(f"延期天数须在 1 至 {cap} 个工作日之间")
                old = o.deadline_at or ctx.now
                o.deadline_at = extend_deadline(max(old, ctx.now), days)
                o.extension_count += 1
                o.warned_at = None
                self._move(
                    ctx,
                    "approve_extension",
                    back,
                    why,
                    {
                        "working_days": days,
                        "old_deadline": old.isoformat(),
                        "new_deadline": o.deadline_at.isoformat(),
                    },
                )
            else:
                self._move(ctx, "reject_extension", back, why)
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        action = "approve_extension" if approve else "reject_extension"
        return await self._transition(number, actor, action, body, expected_version)

    async def review_termination(
        self,
        number: str,
        actor: Actor,
        *,
        approve: bool,
        reason: str,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """Termination review (第十五条第五、六项)."""
        why = _clean(reason, "审核意见")

        async def body(ctx: _Ctx) -> None:
            if approve:
                ctx.order.closed_at = ctx.now
                self._move(
                    ctx,
                    "approve_termination",
                    State.TERMINATED,
                    why,
                    {"ground": (ctx.order.pending or {}).get("ground")},
                )
            else:
                self._move(ctx, "reject_termination", ctx.order.prior_state or State.SIGNED, why)
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        action = "approve_termination" if approve else "reject_termination"
        return await self._transition(number, actor, action, body, expected_version)

    async def decide_dispute(
        self,
        number: str,
        actor: Actor,
        *,
        unit_code: str,
        reason: str,
        co_unit_codes: Sequence[str] = (),
        expected_version: int | None = None,
    ) -> OrderRecord:
        """会商 decision: the competent lead unit (and co-units); the clock restarts."""
        why = _clean(reason, "会商结论")
        unit = self.catalogue.unit(unit_code)

        async def body(ctx: _Ctx) -> None:
            old = await self._assign_lead(ctx, unit)
            added = await self._add_co(ctx, co_unit_codes)
            self._move(
                ctx,
                "decide_dispute",
                State.DISPATCHED,
                why,
                {
                    "from_unit": self._ref(old).code,
                    "to_unit": unit.code,
                    "co_units": [self._ref(u).code for u in sorted(added)],
                },
            )
            if old != ctx.order.lead_unit_id:
                ctx.emits.append(("order.updated", {old}))
            ctx.emits.append(("order.dispatched", {ctx.order.lead_unit_id} | added))

        return await self._transition(number, actor, "decide_dispute", body, expected_version)

    async def redispatch(
        self,
        number: str,
        actor: Actor,
        *,
        unit_code: str,
        reason: str,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """The centre re-dispatches an order that is still with a unit."""
        why = _clean(reason, "改派理由")
        unit = self.catalogue.unit(unit_code)

        async def body(ctx: _Ctx) -> None:
            if self._uid(unit.code) == ctx.order.lead_unit_id:
                raise InvalidInput("改派的单位不能是当前承办单位")
            old = await self._assign_lead(ctx, unit)
            self._move(
                ctx,
                "redispatch",
                State.DISPATCHED,
                why,
                {"from_unit": self._ref(old).code, "to_unit": unit.code},
            )
            ctx.emits.append(("order.updated", {old}))
            ctx.emits.append(("order.dispatched", {ctx.order.lead_unit_id}))

        return await self._transition(number, actor, "redispatch", body, expected_version)

    async def start_callback(
        self, number: str, actor: Actor, expected_version: int | None = None
    ) -> OrderRecord:
        """The centre begins the callback (回访) of a replied order."""

        async def body(ctx: _Ctx) -> None:
            self._move(ctx, "start_callback", State.CALLBACK, None)
            ctx.emits.append(("order.updated", self._units_of(ctx)))

        return await self._transition(number, actor, "start_callback", body, expected_version)

    async def record_callback(
        self,
        number: str,
        actor: Actor,
        *,
        satisfaction: str,
        reasonable: bool | None = None,
        comment: str | None = None,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """回访 result (第十七条): unsatisfied and reasonable sends it back (重办)."""
        if satisfaction not in SATISFACTION:
            raise InvalidInput(f"满意度须为 {', '.join(SATISFACTION)} 之一")
        if satisfaction == "unsatisfied" and reasonable is None:
            raise InvalidInput("不满意时须判定诉求是否合理（reasonable）")
        note = _clean(comment, "回访记录", required=False, limit=5000)

        async def body(ctx: _Ctx) -> None:
            o = ctx.order
            ctx.s.add(
                Callback(
                    order_id=o.id,
                    source="centre",
                    satisfaction=satisfaction,
                    reasonable=reasonable,
                    comment=note,
                    actor=ctx.actor.name,
                    created_at=ctx.now,
                )
            )
            data = {"satisfaction": satisfaction, "reasonable": reasonable}
            if satisfaction == "unsatisfied" and reasonable:
                o.reopen_count += 1
                o.satisfaction = None
                o.deadline_at = self._limit_of(o).due(ctx.now)
                o.signed_at, o.replied_at, o.warned_at = None, None, None
                self._move(ctx, "record_callback", State.REOPENED, note, data)
                ctx.emits.append(("order.reopened", self._units_of(ctx)))
            else:
                o.satisfaction, o.closed_at = satisfaction, ctx.now
                self._move(ctx, "record_callback", State.CLOSED, note, data)
                ctx.emits.append(("order.callback_recorded", self._units_of(ctx)))

        return await self._transition(number, actor, "record_callback", body, expected_version)

    async def merge(
        self,
        number: str,
        actor: Actor,
        *,
        into: str,
        reason: str,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """并单: a duplicate follows the surviving order; its citizen keeps seeing progress."""
        why = _clean(reason, "并单理由")

        async def body(ctx: _Ctx) -> None:
            target = (
                await ctx.s.execute(
                    select(WorkOrder).where(WorkOrder.number == into.strip().upper())
                )
            ).scalar_one_or_none()
            if target is None:
                raise NotFound(f"未找到工单 {into}")
            if target.id == ctx.order.id:
                raise InvalidInput("不能与自身并单")
            if target.state in FINAL:
                raise IllegalTransition(
                    "目标工单已办结或终止，不能并入", action="merge", state=target.state
                )
            ctx.order.merged_into_id = target.id
            ctx.order.closed_at = ctx.now
            self._move(ctx, "merge", State.MERGED, why, {"into": target.number})
            tseq = (
                await ctx.s.execute(
                    select(func.max(OrderEvent.seq)).where(OrderEvent.order_id == target.id)
                )
            ).scalar_one_or_none() or 0
            ctx.s.add(
                OrderEvent(
                    order_id=target.id,
                    seq=tseq + 1,
                    action="merged_in",
                    actor_role=ctx.role.value,
                    actor=ctx.actor.name,
                    from_state=target.state,
                    to_state=target.state,
                    reason=why,
                    data={"from": ctx.order.number},
                    attachments=[],
                    created_at=ctx.now,
                )
            )
            target.updated_at = ctx.now  # bumps the target's version too
            ctx.emits.append(("order.updated", self._units_of(ctx) | {target.lead_unit_id}))

        return await self._transition(number, actor, "merge", body, expected_version)

    async def supervise(
        self, number: str, actor: Actor, *, ground: str, method: str, note: str | None = None
    ) -> OrderRecord:
        """督办 (第二十二条) on the order's lead unit."""
        if ground not in SUPERVISION_GROUNDS:
            raise InvalidInput(f"督办情形须为 {', '.join(SUPERVISION_GROUNDS)} 之一")
        if method not in SUPERVISION_METHODS:
            raise InvalidInput(f"督办方式须为 {', '.join(SUPERVISION_METHODS)} 之一")
        text = _clean(note, "督办说明", required=False)

        async def body(ctx: _Ctx) -> None:
            ctx.s.add(
                Supervision(
                    order_id=ctx.order.id,
                    unit_id=ctx.order.lead_unit_id,
                    ground=ground,
                    method=method,
                    note=text,
                    opened_by=ctx.actor.name,
                    opened_at=ctx.now,
                )
            )
            self._event(
                ctx,
                "supervise",
                ctx.order.state,
                ctx.order.state,
                text or SUPERVISION_GROUNDS[ground],
                {"ground": ground, "ground_label": SUPERVISION_GROUNDS[ground], "method": method},
            )
            ctx.emits.append(("order.supervision_opened", {ctx.order.lead_unit_id}))

        return await self._transition(number, actor, "supervise", body)

    async def emit_deadline_warnings(self, within: timedelta = timedelta(hours=24)) -> int:
        """Queue ``order.deadline_near`` once per deadline for open orders due soon."""
        now = self.clock()

        async def work(s: AsyncSession) -> int:
            await self._index(s)
            rows = (
                await s.execute(
                    select(WorkOrder, Appeal)
                    .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                    .where(
                        WorkOrder.state.in_(list(OPEN)),
                        WorkOrder.warned_at.is_(None),
                        WorkOrder.paused_at.is_(None),
                        WorkOrder.deadline_at > now,
                        WorkOrder.deadline_at <= now + within,
                    )
                    .limit(500)
                )
            ).all()
            for row in rows:
                order, appeal = row[0], row[1]
                order.warned_at = now
                ctx = await self._ctx(s, order, appeal, Role.SYSTEM, Actor("system"), None)
                self._event(
                    ctx,
                    "deadline_near",
                    order.state,
                    order.state,
                    None,
                    {"deadline_at": order.deadline_at.isoformat() if order.deadline_at else None},
                )
                ctx.emits.append(("order.deadline_near", {order.lead_unit_id}))
                await self._flush_emits(ctx)
            return len(rows)

        return await self._run(work)

    # -- webhook endpoints ----------------------------------------------------------------
    async def register_endpoint(
        self, unit_code: str, url: str, event_types: Sequence[str] | None = None
    ) -> EndpointView:
        """A new endpoint for the unit; the response carries its ``whsec_`` secret once."""
        if not url.startswith(("https://", "http://")) or len(url) > 512:
            raise InvalidInput("url 须为 http(s) 地址（最长 512 字符）")
        types = list(dict.fromkeys(event_types)) if event_types else None
        for t in types or []:
            if t not in EVENT_TYPES:
                raise InvalidInput(f"未知的事件类型：{t}")
        secret = new_webhook_secret()

        async def work(s: AsyncSession) -> EndpointView:
            await self._index(s)
            ep = WebhookEndpoint(
                unit_id=self._uid(unit_code),
                url=url,
                secret=secret,
                event_types=types,
                active=True,
                created_at=self.clock(),
            )
            s.add(ep)
            await s.flush()
            return EndpointView(
                id=ep.id,
                url=ep.url,
                event_types=ep.event_types,
                active=True,
                created_at=ep.created_at,
                secret=secret,
            )

        return await self._run(work)

    async def list_endpoints(self, unit_code: str) -> list[EndpointView]:
        """The unit's endpoints (without secrets)."""
        async with self.sessions() as s:
            await self._index(s)
            rows = (
                (
                    await s.execute(
                        select(WebhookEndpoint)
                        .where(WebhookEndpoint.unit_id == self._uid(unit_code))
                        .order_by(WebhookEndpoint.id)
                    )
                )
                .scalars()
                .all()
            )
        return [
            EndpointView(
                id=e.id,
                url=e.url,
                event_types=e.event_types,
                active=e.active,
                created_at=e.created_at,
            )
            for e in rows
        ]

    async def deactivate_endpoint(self, unit_code: str, endpoint_id: int) -> None:
        """Stop sending to an endpoint; pending messages for it are dead-lettered."""

        async def work(s: AsyncSession) -> None:
            await self._index(s)
            ep = await s.get(WebhookEndpoint, endpoint_id)
            if ep is None or ep.unit_id != self._uid(unit_code):
                raise NotFound(f"未找到 webhook 端点 {endpoint_id}")
            ep.active = False
            await s.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.endpoint_id == ep.id,
                    OutboxMessage.status == "pending",
                )
                .values(status="dead", last_error="endpoint deactivated")
            )

        await self._run(work)

    async def list_deliveries(
        self,
        unit_code: str | None,
        *,
        status: str | None = None,
        limit: int = 50,
        before: int | None = None,
    ) -> list[DeliveryView]:
        """Outbox messages (a unit's own, or all for the centre), newest first."""
        limit = max(1, min(limit, 200))
        async with self.sessions() as s:
            await self._index(s)
            q = (
                select(OutboxMessage, WebhookEndpoint.unit_id, WorkOrder.number)
                .join(WebhookEndpoint, WebhookEndpoint.id == OutboxMessage.endpoint_id)
                .outerjoin(WorkOrder, WorkOrder.id == OutboxMessage.order_id)
            )
            if unit_code:
                q = q.where(WebhookEndpoint.unit_id == self._uid(unit_code))
            if status:
                q = q.where(OutboxMessage.status == status)
            if before:
                q = q.where(OutboxMessage.id < before)
            rows = (await s.execute(q.order_by(OutboxMessage.id.desc()).limit(limit))).all()
        return [
            DeliveryView(
                id=m.id,
                msg_id=m.msg_id,
                endpoint_id=m.endpoint_id,
                order_number=n,
                event_type=m.event_type,
                status=m.status,
                attempts=m.attempts,
                next_attempt_at=m.next_attempt_at,
                created_at=m.created_at,
                delivered_at=m.delivered_at,
                last_error=m.last_error,
            )
            for m, n in ((r[0], r[2]) for r in rows)
        ]

    async def delivery_attempts(self, unit_code: str | None, outbox_id: int) -> list[AttemptView]:
        """Every attempt made for one outbox message."""
        async with self.sessions() as s:
            await self._index(s)
            await self._own_message(s, unit_code, outbox_id)
            rows = (
                (
                    await s.execute(
                        select(DeliveryAttempt)
                        .where(DeliveryAttempt.outbox_id == outbox_id)
                        .order_by(DeliveryAttempt.attempt)
                    )
                )
                .scalars()
                .all()
            )
        return [
            AttemptView(
                attempt=a.attempt,
                started_at=a.started_at,
                duration_ms=a.duration_ms,
                status_code=a.status_code,
                ok=a.ok,
                error=a.error,
            )
            for a in rows
        ]

    async def _own_message(
        self, s: AsyncSession, unit_code: str | None, outbox_id: int
    ) -> OutboxMessage:
        m = await s.get(OutboxMessage, outbox_id)
        if m is None:
            raise NotFound(f"未找到投递记录 {outbox_id}")
        if unit_code is not None:
            ep = await s.get(WebhookEndpoint, m.endpoint_id)
            if ep is None or ep.unit_id != self._uid(unit_code):
                raise NotFound(f"未找到投递记录 {outbox_id}")
        return m

    async def redeliver(self, unit_code: str | None, outbox_id: int) -> DeliveryView:
        """Queue a message again (dead or delivered): same webhook-id, attempts go on."""

        async def work(s: AsyncSession) -> DeliveryView:
            await self._index(s)
            m = await self._own_message(s, unit_code, outbox_id)
            ep = await s.get(WebhookEndpoint, m.endpoint_id)
            if ep is None or not ep.active:
                raise IllegalTransition(
                    "该端点已停用，不能重新投递", action="redeliver", state=m.status
                )
            m.status, m.next_attempt_at, m.locked_until = "pending", self.clock(), None
            await s.flush()
            return DeliveryView(
                id=m.id,
                msg_id=m.msg_id,
                endpoint_id=m.endpoint_id,
                event_type=m.event_type,
                status=m.status,
                attempts=m.attempts,
                next_attempt_at=m.next_attempt_at,
                created_at=m.created_at,
                delivered_at=m.delivered_at,
                last_error=m.last_error,
            )

        return await self._run(work)
