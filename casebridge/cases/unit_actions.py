"""A handling unit's lifecycle actions (第十四条–第十六条): sign, contact, reply,
return, extension, termination, dispute, co-handling.

Each runs through :meth:`casebridge.cases.core.CaseCore._transition`: the rule of
:mod:`casebridge.lifecycle` decides who may do it from which state; each writes its event
and the units' webhook messages in the same transaction.

The order of the answers: an order the unit may not see (404), an action its role may
never take (403), a state that cannot take it now (409), and only then what the request
carries (422: texts, materials, units named). Each body checks its inputs first, after
the rule: a unit is never told to gather materials for an action it cannot take
(trial11 N15).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, true

from casebridge.cases.checks import check_materials, clean
from casebridge.cases.core import CaseCore
from casebridge.cases.events import Ctx
from casebridge.cases.requests import Material
from casebridge.cases.types import CONTACT_METHODS, TERMINATION_GROUNDS, Actor
from casebridge.errors import InvalidInput
from casebridge.lifecycle import State
from casebridge.models import Assignment
from casebridge.schemas import Attachment, OrderRecord


class UnitActions(CaseCore):
    """What the lead unit (and a co-unit, for its report) does to an order."""

    async def sign(
        self, number: str, actor: Actor, *, expected_version: int | None = None
    ) -> OrderRecord:
        """签收: the lead unit accepts the order (首接负责制)."""

        async def body(ctx: Ctx) -> None:
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
        note: str | None = None,
        reached: bool = True,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """The unit contacted (or tried to contact) the citizen (第十五条第一项)."""

        async def body(ctx: Ctx) -> None:
            if method not in CONTACT_METHODS:
                raise InvalidInput(f"联系方式须为 {', '.join(CONTACT_METHODS)} 之一")
            text = clean(note, "联系情况", required=False, limit=2000)
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
        attachments: Sequence[Attachment | Material] | None = None,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """办结反馈: the unit's answer to the citizen and report to the centre."""

        async def body(ctx: Ctx) -> None:
            body_text = clean(text, "办理结果", limit=10000)
            files = check_materials(attachments, required=False)
            missing = [
                self._ref(a.unit_id).code
                for a in (
                    await ctx.s.execute(
                        select(Assignment).where(
                            Assignment.order_id == ctx.order.id,
                            Assignment.role == "co",
                            Assignment.active == true(),
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
        materials: Sequence[Attachment | Material],
        suggested_unit: str | None = None,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """退单 (第十四条): not this unit's competence, with materials; the centre reviews."""

        async def body(ctx: Ctx) -> None:
            why = clean(reason, "退单理由")
            files = check_materials(materials, required=True)
            if suggested_unit:
                self.catalogue.unit(suggested_unit)
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

        async def body(ctx: Ctx) -> None:
            why = clean(reason, "延期理由")
            report = clean(stage_report, "阶段性办理情况")
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
        materials: Sequence[Attachment | Material],
        expected_version: int | None = None,
    ) -> OrderRecord:
        """终止办理 (第十五条第五、六项) with materials; the centre reviews."""

        async def body(ctx: Ctx) -> None:
            if ground not in TERMINATION_GROUNDS:
                raise InvalidInput(f"终止理由类型须为 {', '.join(TERMINATION_GROUNDS)} 之一")
            why = clean(reason, "终止理由")
            files = check_materials(materials, required=True)
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

        async def body(ctx: Ctx) -> None:
            why = clean(reason, "争议理由")
            for c in unit_codes:
                self.catalogue.unit(c)
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
        attachments: Sequence[Attachment | Material] | None = None,
        expected_version: int | None = None,
    ) -> OrderRecord:
        """A co-unit's result, submitted to the lead (第十六条第一款)."""

        async def body(ctx: Ctx) -> None:
            report = clean(text, "协办结果", limit=10000)
            files = check_materials(attachments, required=False)
            assert ctx.actor_unit_id is not None
            a = (
                await ctx.s.execute(
                    select(Assignment).where(
                        Assignment.order_id == ctx.order.id,
                        Assignment.unit_id == ctx.actor_unit_id,
                        Assignment.role == "co",
                        Assignment.active == true(),
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

        async def body(ctx: Ctx) -> None:
            if not unit_codes:
                raise InvalidInput("请指定协办单位")
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
