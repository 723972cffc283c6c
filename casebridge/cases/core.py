"""The transaction plumbing every part of the case service shares, in one place.

:class:`CaseCore` holds the session factory, the catalogue, the clock and the in-process
unit directory (code ↔ id ↔ name, read once). :meth:`CaseCore._run` runs one unit of
work in a transaction and retries lost races from a fresh read; :meth:`CaseCore._transition`
is the one path of a lifecycle action: load the order with the actor's role, check the
rule (:func:`casebridge.lifecycle.check`), run the action's body, append its events
(:class:`casebridge.cases.events.EventWriter`) and write the outbox rows of its emits
(:func:`casebridge.webhooks.outbox.write_outbox`) before commit.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select, true, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from casebridge.cases.checks import order_not_found
from casebridge.cases.events import Ctx, EventWriter
from casebridge.cases.records import order_record
from casebridge.cases.types import Actor
from casebridge.catalogue import Catalogue, Entry, UnitDef
from casebridge.db import utcnow
from casebridge.errors import InvalidInput, NotFound, VersionConflict
from casebridge.keys import demo_unit_key, hash_key
from casebridge.lifecycle import Role, check
from casebridge.models import Appeal, Assignment, OrderEvent, Unit, WorkOrder
from casebridge.schemas import OrderRecord, UnitRef
from casebridge.sla import Limit
from casebridge.webhooks.outbox import write_outbox
from casebridge.webhooks.urlpolicy import UrlPolicy

T = TypeVar("T")


def is_transient(exc: OperationalError) -> bool:
    """A lock or serialisation failure, or a connection the server dropped (a restarted
    database: the pool replaces it), worth retrying."""
    if exc.connection_invalidated:
        return True
    msg = str(exc).lower()
    return any(k in msg for k in ("locked", "deadlock", "could not serialize", "busy"))


def _autocommit(sessions: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """Sessions on the same pool whose statements each commit by themselves: a read is one
    round trip (no BEGIN, no ROLLBACK), an audit record one INSERT."""
    bind = sessions.kw.get("bind")
    if not isinstance(bind, AsyncEngine):
        return sessions
    auto = bind.execution_options(isolation_level="AUTOCOMMIT")
    return async_sessionmaker(auto, expire_on_commit=False)


class CaseCore(EventWriter):
    """Sessions, catalogue, clock, unit directory and the transaction helpers."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        clock: Callable[[], datetime] = utcnow,
        *,
        secret_key: str | None = None,
        max_retries: int = 8,
        url_policy: UrlPolicy | None = None,
    ) -> None:
        self.sessions = sessions
        self.readers = _autocommit(sessions)
        self.url_policy = url_policy or UrlPolicy()
        self.catalogue = catalogue
        self.clock = clock
        self.secret_key = secret_key
        self.max_retries = max_retries
        self._by_code: dict[str, tuple[int, str]] = {}
        self._by_id: dict[int, tuple[str, str]] = {}
        self._ready = False
        self._ready_lock = asyncio.Lock()

    # -- transactions ---------------------------------------------------------------
    async def _run(
        self,
        work: Callable[[AsyncSession], Awaitable[T]],
        *,
        strict: bool = False,
        autocommit: bool = False,
    ) -> T:
        """Run ``work`` in a transaction, retrying lost races from a fresh read.

        A stale version (another writer won) is retried, or refused with
        :class:`VersionConflict` when ``strict`` (the caller named the version it saw).
        ``autocommit``: no transaction, each statement commits by itself (reads, and a
        read's one audit record): one round trip per statement.
        """

        async def once() -> T:
            if autocommit:
                async with self.readers() as s:
                    return await work(s)
            async with self.sessions() as s, s.begin():
                return await work(s)

        return await self._retrying(once, strict=strict)

    async def _retrying(self, once: Callable[[], Awaitable[T]], *, strict: bool = False) -> T:
        """``once()`` (one transaction), again from the start after a lost race: a stale
        version (refused with :class:`VersionConflict` when ``strict``), a transient
        database error (:func:`is_transient`) or a unique key another writer took."""
        for attempt in range(self.max_retries):
            last = attempt == self.max_retries - 1
            try:
                return await once()
            except StaleDataError as exc:
                if strict or last:
                    raise VersionConflict("工单已被他人更新，请刷新后重试") from exc
            except OperationalError as exc:
                if last or not is_transient(exc):
                    raise
            except IntegrityError:
                if last:
                    raise
            await asyncio.sleep(0.005 * (attempt + 1) + random.random() * 0.01)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _read(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run read-only ``work`` without a transaction (see :meth:`_run`)."""
        return await self._run(work, autocommit=True)

    # -- the unit directory (read once per process) ------------------------------------
    async def _index(self, s: AsyncSession) -> None:
        if self._by_code:
            return
        rows = (await s.execute(select(Unit.id, Unit.code, Unit.name))).all()
        if not rows:
            await self._sync(s)
            rows = (await s.execute(select(Unit.id, Unit.code, Unit.name))).all()
        self._by_code = {r.code: (r.id, r.name) for r in rows}
        self._by_id = {r.id: (r.code, r.name) for r in rows}

    async def _sync(self, s: AsyncSession) -> int:
        """Upsert the catalogue's units (with demo key hashes unless rotated)."""
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

    def _uid(self, code: str) -> int:
        try:
            return self._by_code[code][0]
        except KeyError:
            raise NotFound(f"未知的承办单位代码：{code}") from None

    def _ref(self, unit_id: int) -> UnitRef:
        code, name = self._by_id.get(unit_id, (str(unit_id), str(unit_id)))
        return UnitRef(code=code, name=name)

    def _entry(self, order: WorkOrder) -> Entry:
        return self.catalogue.entries.get(order.entry_code) or self.catalogue.general

    def _limit_of(self, order: WorkOrder) -> Limit:
        if order.limit_hours:
            return Limit(hours=order.limit_hours)
        return Limit(working_days=order.limit_working_days or 5)

    # -- loading an order with the actor's role ----------------------------------------
    def role_among(
        self, order: WorkOrder, co: Sequence[Assignment], actor: Actor
    ) -> tuple[Role, int | None]:
        """The actor's role on an order whose co-assignments ``co`` are loaded, and its
        unit id; :class:`NotFound` for a unit that neither leads nor co-handles it, the
        same answer as for a number that does not exist (:func:`order_not_found`)."""
        if actor.kind != "unit":
            kinds = {"centre": Role.CENTRE, "citizen": Role.CITIZEN}
            return kinds.get(actor.kind, Role.SYSTEM), None
        assert actor.unit_code is not None
        uid = self._uid(actor.unit_code)
        if order.lead_unit_id == uid:
            return Role.LEAD, uid
        if any(a.unit_id == uid and a.active and a.role == "co" for a in co):
            return Role.CO, uid
        raise order_not_found(order.number)

    async def unit_role(self, s: AsyncSession, order: WorkOrder, unit_code: str) -> Role:
        """The role of a unit on an order; :class:`NotFound` if it has none (as for an
        unknown number: :func:`order_not_found`)."""
        uid = self._uid(unit_code)
        if order.lead_unit_id == uid:
            return Role.LEAD
        co = (
            await s.execute(
                select(Assignment.id).where(
                    Assignment.order_id == order.id,
                    Assignment.unit_id == uid,
                    Assignment.role == "co",
                    Assignment.active == true(),
                )
            )
        ).first()
        if co is not None:
            return Role.CO
        raise order_not_found(order.number)

    async def _by_number(self, s: AsyncSession, number: str) -> tuple[WorkOrder, Appeal] | None:
        """The order numbered ``number`` (any case, spaces ignored) with its appeal."""
        row = (
            await s.execute(
                select(WorkOrder, Appeal)
                .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                .where(WorkOrder.number == number.strip().upper())
            )
        ).first()
        return None if row is None else (row[0], row[1])

    async def _load(
        self, s: AsyncSession, number: str, actor: Actor, *, need_seq: bool = True
    ) -> Ctx:
        await self._index(s)
        found = await self._by_number(s, number)
        if found is None:
            raise order_not_found(number)
        order, appeal = found
        uid: int | None = None
        if actor.kind == "unit":
            assert actor.unit_code is not None
            role = await self.unit_role(s, order, actor.unit_code)
            uid = self._uid(actor.unit_code)
        else:
            role = {"centre": Role.CENTRE, "citizen": Role.CITIZEN}.get(actor.kind, Role.SYSTEM)
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
    ) -> Ctx:
        seq = await self._max_seq(s, order.id) if need_seq else -1  # -1: not read yet
        return Ctx(s, order, appeal, role, actor, uid, self.clock(), seq)

    async def _record(
        self,
        s: AsyncSession,
        order: WorkOrder,
        appeal: Appeal,
        *,
        contact: bool = False,
        raw_text: bool = False,
        new_order: bool = False,
    ) -> OrderRecord:
        return await order_record(
            s,
            order,
            appeal,
            self._ref,
            self.clock(),
            contact=contact,
            raw_text=raw_text,
            co=[] if new_order else None,
        )

    # -- events and moves ---------------------------------------------------------------
    def _units_of(self, ctx: Ctx) -> set[int]:
        """The lead unit (co-units are added to every order event when emitted)."""
        return {ctx.order.lead_unit_id}

    async def _co_ids(self, s: AsyncSession, order_id: int) -> set[int]:
        rows = await s.execute(
            select(Assignment.unit_id).where(
                Assignment.order_id == order_id,
                Assignment.role == "co",
                Assignment.active == true(),
            )
        )
        return {r[0] for r in rows}

    async def _flush_emits(self, ctx: Ctx, *, new_order: bool = False) -> None:
        """Flush the changes, then write the outbox rows of ``ctx.emits`` (the one writer:
        :func:`casebridge.webhooks.outbox.write_outbox`). A ``new_order`` has no co-units,
        so they are not read."""
        await ctx.s.flush()
        if not ctx.emits:
            return
        co_units = set() if new_order else await self._co_ids(ctx.s, ctx.order.id)

        async def record() -> OrderRecord:
            return await self._record(ctx.s, ctx.order, ctx.appeal, new_order=new_order)

        await write_outbox(
            ctx.s,
            order_id=ctx.order.id,
            emits=ctx.emits,
            co_units=co_units,
            record=record,
            now=ctx.now,
            seq=ctx.seq,
        )
        ctx.emits.clear()
        await ctx.s.flush()

    async def _assign_lead(self, ctx: Ctx, unit: UnitDef) -> int:
        """Make ``unit`` the lead with a fresh deadline; returns the former lead's id."""
        s, o = ctx.s, ctx.order
        old = o.lead_unit_id
        new = self._uid(unit.code)
        await s.execute(
            update(Assignment)
            .where(
                Assignment.order_id == o.id,
                Assignment.role == "lead",
                Assignment.active == true(),
            )
            .values(active=False, released_at=ctx.now)
        )
        # a unit that becomes lead stops being a co-unit of the same order
        await s.execute(
            update(Assignment)
            .where(
                Assignment.order_id == o.id,
                Assignment.unit_id == new,
                Assignment.active == true(),
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

    async def _add_co(self, ctx: Ctx, codes: Sequence[str]) -> set[int]:
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
        body: Callable[[Ctx], Awaitable[None]],
        expected_version: int | None = None,
    ) -> OrderRecord:
        """The one path of a lifecycle action: load, check the rule and the version, run
        ``body``, write events and outbox rows; returns the order record after it."""

        async def work(s: AsyncSession) -> OrderRecord:
            ctx = await self._load(s, number, actor)
            check(action, ctx.order.state, ctx.role)
            if expected_version is not None and ctx.order.version != expected_version:
                raise VersionConflict(
                    f"工单已更新（当前版本 {ctx.order.version}，请求版本 {expected_version}），"
                    "请刷新后重试"
                )
            before = ctx.order.state
            await body(ctx)
            if ctx.order.state != before:
                await self._end_supervisions(ctx)
            await self._flush_emits(ctx)
            return await self._record(s, ctx.order, ctx.appeal, raw_text=ctx.role == Role.CENTRE)

        return await self._run(work, strict=expected_version is not None)
