"""The hotline centre's lifecycle actions: reviews of returns, extensions and
terminations, consultation decisions (会商), re-dispatch, callbacks (回访), merging (并单),
supervision (督办), and the scheduler's deadline warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.cases.checks import clean
from casebridge.cases.core import CaseCore
from casebridge.cases.events import Ctx
from casebridge.cases.types import SATISFACTION, SUPERVISION_GROUNDS, SUPERVISION_METHODS, Actor
from casebridge.catalogue import UnitDef
from casebridge.errors import IllegalTransition, InvalidInput, NotFound
from casebridge.lifecycle import FINAL, OPEN, Role, State
from casebridge.models import Appeal, Callback, OrderEvent, Supervision, WorkOrder
from casebridge.schemas import OrderRecord
from casebridge.sla import extend_deadline


class CentreActions(CaseCore):
    """What the centre does to an order (and its scheduled deadline warnings)."""

    async def _dispatch_again(
        self,
        ctx: Ctx,
        action: str,
        unit: UnitDef,
        why: str | None,
        co_unit_codes: Sequence[str] | None = None,
    ) -> None:
        """The order to ``unit`` as its lead (with ``co_unit_codes`` added), DISPATCHED
        again with a fresh deadline: the former lead hears of the change, the new units of
        the dispatch. ``None`` co-units: an action that takes none (no ``co_units`` logged)."""
        old = await self._assign_lead(ctx, unit)
        added = await self._add_co(ctx, co_unit_codes or ())
        detail: dict[str, object] = {"from_unit": self._ref(old).code, "to_unit": unit.code}
        if co_unit_codes is not None:
            detail["co_units"] = [self._ref(u).code for u in sorted(added)]
        self._move(ctx, action, State.DISPATCHED, why, detail)
        if old != ctx.order.lead_unit_id:
            ctx.emits.append(("order.updated", {old}))
        ctx.emits.append(("order.dispatched", {ctx.order.lead_unit_id} | added))

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
        why = clean(reason, "审核意见")
        if approve:
            if not unit_code:
                raise InvalidInput("审核通过须指定重新派单的承办单位")
            unit = self.catalogue.unit(unit_code)

            async def body(ctx: Ctx) -> None:
                if self._uid(unit.code) == ctx.order.lead_unit_id:
                    raise InvalidInput("重新派单的单位不能是原承办单位")
                await self._dispatch_again(ctx, "approve_return", unit, why, co_unit_codes)

            return await self._transition(number, actor, "approve_return", body, expected_version)

        async def refuse(ctx: Ctx) -> None:
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
        why = clean(reason, "审核意见", required=not approve)

        async def body(ctx: Ctx) -> None:
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
        why = clean(reason, "审核意见")

        async def body(ctx: Ctx) -> None:
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
        why = clean(reason, "会商结论")
        unit = self.catalogue.unit(unit_code)

        async def body(ctx: Ctx) -> None:
            await self._dispatch_again(ctx, "decide_dispute", unit, why, co_unit_codes)

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
        why = clean(reason, "改派理由")
        unit = self.catalogue.unit(unit_code)

        async def body(ctx: Ctx) -> None:
            if self._uid(unit.code) == ctx.order.lead_unit_id:
                raise InvalidInput("改派的单位不能是当前承办单位")
            await self._dispatch_again(ctx, "redispatch", unit, why)

        return await self._transition(number, actor, "redispatch", body, expected_version)

    async def start_callback(
        self, number: str, actor: Actor, expected_version: int | None = None
    ) -> OrderRecord:
        """The centre begins the callback (回访) of a replied order."""

        async def body(ctx: Ctx) -> None:
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
        note = clean(comment, "回访记录", required=False, limit=5000)

        async def body(ctx: Ctx) -> None:
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
        why = clean(reason, "并单理由")

        async def body(ctx: Ctx) -> None:
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
        """督办 (第二十二条) on the order's lead unit. A request repeated while the same
        supervision (ground and method, same unit) is still open opens nothing new: a
        client's retry never sends the unit a second 督办."""
        if ground not in SUPERVISION_GROUNDS:
            raise InvalidInput(f"督办情形须为 {', '.join(SUPERVISION_GROUNDS)} 之一")
        if method not in SUPERVISION_METHODS:
            raise InvalidInput(f"督办方式须为 {', '.join(SUPERVISION_METHODS)} 之一")
        text = clean(note, "督办说明", required=False)

        async def body(ctx: Ctx) -> None:
            open_already = await ctx.s.scalar(
                select(Supervision.id)
                .where(
                    Supervision.order_id == ctx.order.id,
                    Supervision.unit_id == ctx.order.lead_unit_id,
                    Supervision.ground == ground,
                    Supervision.method == method,
                    Supervision.closed_at.is_(None),
                )
                .limit(1)
            )
            if open_already is not None:
                return
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
