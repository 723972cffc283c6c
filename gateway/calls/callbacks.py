"""The callback list (未接来电回拨): missed calls that agents claim, call back and close.

One item per call (``voice_callbacks``); exactly one of several agents claims an item
(conditional ``UPDATE``); the number and the message's recording are for the claimer or a
supervisor only, and every look, listen, claim and outcome is in the console audit.
Mixed into :class:`gateway.calls.service.CallService`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.calls.models import CallbackItem, VoiceCall
from gateway.console.errors import Conflict, Forbidden, InvalidInput, NotFound
from gateway.console.service import AgentView, ConsoleService

OUTCOMES = {
    "resolved": "已回拨解决",
    "no_answer": "无人接听",
    "wrong_number": "号码错误",
    "order": "已转工单",
    "consulted": "已解答咨询",
}
REASONS = {
    "abandoned": "排队中挂机",
    "no-answer": "坐席未接听",
    "voicemail": "来电留言",
    "overflow": "转智能助手后挂机",  # no message, no order: what the bot heard is a turn
    "ringing": "振铃中挂机",  # the agent's phone was ringing when the caller hung up
}


@dataclass(frozen=True)
class CallbackView:
    """A missed call on the callback list."""

    id: int
    call_sid: str
    conversation: str
    title: str
    reason: str
    reason_label: str
    recording: bool
    status: str
    claimed_by: str | None
    outcome: str | None
    outcome_label: str
    created_at: str
    # when the call came (ISO, UTC) and how long the caller waited before it ended
    # unanswered, seconds (trial4 F54); None when the call's record is gone
    called_at: str | None = None
    waited_seconds: float | None = None


class CallbackList:
    """The callback list's operations (needs the call service's sessions, clock, console,
    audit, title and callbacks event)."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime]
    console: ConsoleService

    async def _publish_callbacks(self) -> None:
        raise NotImplementedError

    async def _audit(self, actor: str, action: str, key: str, detail: dict[str, Any]) -> None:
        raise NotImplementedError

    @staticmethod
    def _title(caller: str) -> str:
        raise NotImplementedError

    async def callbacks(self, include_done: bool = False) -> list[CallbackView]:
        """The callback list: open and claimed items (and recent done ones when asked)."""
        async with self.sessions() as s:
            q = select(CallbackItem).order_by(CallbackItem.created_at)
            if not include_done:
                q = q.where(CallbackItem.status != "done")
            rows = (await s.scalars(q.limit(500))).all()
            sids = [r.call_sid for r in rows]
            calls = {
                c.call_sid: c
                for c in (
                    await s.scalars(select(VoiceCall).where(VoiceCall.call_sid.in_(sids)))
                ).all()
            }
        return [self._callback_view(r, calls.get(r.call_sid)) for r in rows]

    async def claim_callback(self, item_id: int, agent: AgentView) -> None:
        """Take a callback item (exactly one of several claimers). ``NotFound`` (404) for
        an id that does not exist; ``Conflict`` (409) for an item already claimed or done,
        saying which (trial5 F28)."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            done = await s.execute(
                update(CallbackItem)
                .where(CallbackItem.id == item_id, CallbackItem.status == "open")
                .values(status="claimed", claimed_by=agent.username, updated_at=now)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                taken = await s.get(CallbackItem, item_id)
                if taken is None:
                    raise NotFound("没有该回拨任务")
                if taken.status == "done":
                    raise Conflict("该回拨任务已完成")
                raise Conflict("该回拨任务已被领取")
            item = await s.get(CallbackItem, item_id)
            assert item is not None
            ConsoleService._audit(
                s, now, agent.username, "callback_claim", item.conversation_key, {"id": item_id}
            )
        await self._publish_callbacks()

    async def finish_callback(
        self, item_id: int, agent: AgentView, outcome: str, note: str = ""
    ) -> None:
        """Record the outcome of calling back (the claimer, or a supervisor).

        Idempotent: the same outcome sent again for an item already done is 200 and changes
        nothing; another outcome is ``Conflict`` 「该回拨任务已完成」 (409); an unknown id is
        ``NotFound`` (404); an item not claimed by this agent is ``Forbidden`` (403)."""
        if outcome not in OUTCOMES:
            raise InvalidInput("outcome: " + ", ".join(OUTCOMES))
        now = self.clock()
        async with self.sessions() as s, s.begin():
            cond = [CallbackItem.id == item_id, CallbackItem.status == "claimed"]
            if not agent.supervisor:
                cond.append(CallbackItem.claimed_by == agent.username)
            done = await s.execute(
                update(CallbackItem)
                .where(*cond)
                .values(status="done", outcome=outcome, note=note[:1000] or None, updated_at=now)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                self._not_finished(await s.get(CallbackItem, item_id), agent, outcome)
                return  # the same outcome again: already recorded
            item = await s.get(CallbackItem, item_id)
            assert item is not None
            ConsoleService._audit(
                s,
                now,
                agent.username,
                "callback_done",
                item.conversation_key,
                {"id": item_id, "outcome": outcome},
            )
        await self._publish_callbacks()

    @staticmethod
    def _not_finished(item: CallbackItem | None, agent: AgentView, outcome: str) -> None:
        """Why ``done`` changed nothing; returns only for a repeat of the same outcome by
        the agent who recorded it (or a supervisor)."""
        if item is None:
            raise NotFound("没有该回拨任务")
        if item.status == "done":
            if item.outcome == outcome and (agent.supervisor or item.claimed_by == agent.username):
                return
            raise Conflict("该回拨任务已完成")
        if item.status == "claimed":
            raise Forbidden("该回拨任务已由其他坐席领取")
        raise Forbidden("请先领取该回拨任务")

    async def callback_number(self, item_id: int, agent: AgentView) -> str:
        """The number to call back, for the claimer or a supervisor; the look is logged."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            item = await s.get(CallbackItem, item_id)
            if item is None:
                raise NotFound("no such callback")
            if not (agent.supervisor or item.claimed_by == agent.username):
                raise Forbidden("请先领取该回拨任务")
            ConsoleService._audit(
                s, now, agent.username, "reveal_pii", item.conversation_key, {"id": item_id}
            )
            return item.caller

    async def callback_recording(self, item_id: int, agent: AgentView) -> str:
        """The message's recording URL, for the claimer or a supervisor (the router
        fetches it and records the outcome with :meth:`listened`)."""
        async with self.sessions() as s:
            item = await s.get(CallbackItem, item_id)
        if item is None or not item.recording_url:
            raise NotFound("no recording for this callback")
        if not (agent.supervisor or item.claimed_by == agent.username):
            raise Forbidden("请先领取该回拨任务")
        return item.recording_url

    async def listened(self, item_id: int, agent: AgentView, error: str | None = None) -> None:
        """Audit a listen as it went: ``listen`` when the recording was delivered,
        ``listen_failed`` (with the reason) when it could not be fetched."""
        async with self.sessions() as s:
            item = await s.get(CallbackItem, item_id)
        if item is None:
            raise NotFound("no such callback")
        detail: dict[str, Any] = {"id": item_id, "outcome": "failed" if error else "played"}
        if error:
            detail["error"] = error[:200]
        action = "listen_failed" if error else "listen"
        await self._audit(agent.username, action, item.conversation_key, detail)

    async def callback_trail(self, item_id: int) -> list[dict[str, Any]]:
        """The audit entries of one callback item and of its call, newest first."""
        async with self.sessions() as s:
            item = await s.get(CallbackItem, item_id)
        if item is None:
            raise NotFound("no such callback")
        entries = await self.console.audit_log(item.conversation_key)
        return [
            e
            for e in entries
            if (e["detail"] or {}).get("id") == item_id
            or (e["detail"] or {}).get("call") == item.call_sid
        ]

    def _callback_view(self, item: CallbackItem, call: VoiceCall | None = None) -> CallbackView:
        waited = None
        if call is not None:
            end = call.answered_at or call.ended_at or item.created_at
            waited = round(max(0.0, (end - call.queued_at).total_seconds()), 1)
        return CallbackView(
            id=item.id,
            call_sid=item.call_sid,
            conversation=item.conversation_key,
            title=self._title(item.caller),
            reason=item.reason,
            reason_label=REASONS.get(item.reason, item.reason),
            recording=bool(item.recording_url),
            status=item.status,
            claimed_by=item.claimed_by,
            outcome=item.outcome,
            outcome_label=OUTCOMES.get(item.outcome or "", ""),
            created_at=item.created_at.isoformat(),
            called_at=call.queued_at.isoformat() if call is not None else None,
            waited_seconds=waited,
        )
