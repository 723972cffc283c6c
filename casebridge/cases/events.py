"""An order's events and state moves inside one action: :class:`Ctx` and :class:`EventWriter`.

:class:`Ctx` is one action on one order inside one transaction. :class:`EventWriter`
(a base of :class:`casebridge.cases.core.CaseCore`) appends the order's events
(:meth:`EventWriter._event`, or :meth:`EventWriter._append_event` in one statement with
the seq computed by the database), moves its state with the clock's pauses
(:meth:`EventWriter._move`) and ends a centre's 督办 once the order is answered.
Everything here works on the ``Ctx`` alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.analytics.models import SupervisionFinding
from casebridge.cases.types import Actor
from casebridge.lifecycle import FINAL, PAUSING, Role, State
from casebridge.models import Appeal, OrderEvent, Supervision, WorkOrder
from casebridge.schemas import Attachment
from casebridge.webhooks.outbox import Emit

# the states in which the unit has answered the order or it is over: a 督办 ends
ANSWERED = frozenset({State.REPLIED}) | FINAL
# the states a review returns from (the order's prior state is kept while it lasts)
_REVIEWS = (State.RETURNED, State.EXTENSION, State.TERMINATING, State.DISPUTED)


# INSERT one event with seq = the order's last + 1, built once (values are bound)
EVENT_FIELDS = (
    "action",
    "actor_role",
    "actor_unit_id",
    "actor",
    "from_state",
    "to_state",
    "reason",
    "data",
    "attachments",
    "created_at",
)
_APPEND_EVENT = insert(OrderEvent).values(
    order_id=bindparam("e_order_id"),
    seq=select(func.coalesce(func.max(OrderEvent.seq), 0) + 1)
    .where(OrderEvent.order_id == bindparam("e_order_id"))
    .scalar_subquery(),
    **{f: bindparam("e_" + f, type_=OrderEvent.__table__.c[f].type) for f in EVENT_FIELDS},
)


@dataclass
class Ctx:
    """One action on one order inside one transaction."""

    s: AsyncSession
    order: WorkOrder
    appeal: Appeal
    role: Role
    actor: Actor
    actor_unit_id: int | None
    now: datetime
    seq: int  # the order's last event seq; -1 while not read
    emits: list[Emit] = field(default_factory=list)


class EventWriter:
    """The events and moves of an action on one order (methods of the case service)."""

    def _event(
        self,
        ctx: Ctx,
        action: str,
        from_state: str | None,
        to_state: str | None,
        reason: str | None,
        data: dict[str, Any] | None = None,
        attachments: list[Attachment] | None = None,
    ) -> None:
        """Append one event to the order (seq = the last one + 1)."""
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

    async def _append_event(
        self, ctx: Ctx, action: str, data: dict[str, Any], reason: str | None = None
    ) -> None:
        """One event in one statement, its seq computed by the database (a read path's
        audit record: no prior read of the sequence; in an autocommit session, its own
        transaction). A concurrent writer of the same seq fails the unique
        (order_id, seq) and :meth:`_run` retries."""
        await ctx.s.execute(
            _APPEND_EVENT,
            {
                "e_order_id": ctx.order.id,
                "e_action": action,
                "e_actor_role": ctx.role.value,
                "e_actor_unit_id": ctx.actor_unit_id,
                "e_actor": ctx.actor.name,
                "e_from_state": ctx.order.state,
                "e_to_state": ctx.order.state,
                "e_reason": reason,
                "e_data": data,
                "e_attachments": [],
                "e_created_at": ctx.now,
            },
        )

    def _move(
        self,
        ctx: Ctx,
        action: str,
        to: str,
        reason: str | None,
        data: dict[str, Any] | None = None,
        attachments: list[Attachment] | None = None,
    ) -> None:
        """Change the order's state: the clock pauses in review states and resumes after
        (第十四条, 第十六条); the prior state is kept while a review lasts."""
        o, frm = ctx.order, ctx.order.state
        if to in PAUSING and frm not in PAUSING:
            o.paused_at = ctx.now
        elif frm in PAUSING and to not in PAUSING:
            if o.paused_at is not None and o.deadline_at is not None and to != State.DISPATCHED:
                o.deadline_at = o.deadline_at + (ctx.now - o.paused_at)  # the clock resumes
            o.paused_at = None
        if to in _REVIEWS:
            o.prior_state = frm
        elif frm in _REVIEWS:
            o.prior_state = None
            o.pending = None
        o.state = to
        o.updated_at = ctx.now
        self._event(ctx, action, frm, to, reason, data, attachments)

    async def _end_supervisions(self, ctx: Ctx) -> None:
        """A centre's 督办 of this order ends (``closed_at`` = now) when the order has just
        been answered or ended: 已办结反馈 (the unit's reply), closed, terminated or
        merged (第二十二条: the unit has acted on it). The sweep's 督办, opened on a
        finding that may name several orders, are ended by
        :func:`casebridge.analytics.supervise.escalate` once all of them are answered."""
        if ctx.order.state not in ANSWERED:
            return
        from_sweep = exists().where(SupervisionFinding.supervision_id == Supervision.id)
        await ctx.s.execute(
            update(Supervision)
            .where(
                Supervision.order_id == ctx.order.id,
                Supervision.closed_at.is_(None),
                ~from_sweep,
            )
            .values(closed_at=ctx.now)
            .execution_options(synchronize_session=False)
        )
