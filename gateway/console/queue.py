"""The queue: hand-offs, the exactly-one claim, transfer, hand-back, presence sweep.

Claiming is one conditional ``UPDATE ... WHERE status IN ('queued','bot')``: the database
serializes it, so of two agents claiming at once exactly one changes the row. An agent's
liveness is a store key refreshed by every request and by the open event stream; when it
lapses, :meth:`QueueMixin.sweep` puts the agent's chats back in the queue.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import and_, case, func, or_, select, update

from gateway.console.errors import Conflict, Forbidden, NotFound
from gateway.console.finished import FinishedMixin
from gateway.console.models import Agent, ConsoleConversation, ConsoleTurn
from gateway.console.views import (
    _MARKER_TTL,
    AgentView,
    QueueItem,
    SweepResult,
    log,
    reason_label,
)
from gateway.kv import KEYS
from gateway.ports import TurnAttachment
from nlu.pii import mask_text


class QueueMixin(FinishedMixin):
    """Queue, claim, holder, transfer, release, sweep."""

    async def enqueue(
        self,
        conversation_key: str,
        channel: str,
        account: str,
        sender: str,
        reason: str,
        summary: str,
    ) -> int:
        """Put the conversation in the queue; its place (1 = next, 0 = already held)."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            await self._ensure(s, conversation_key, channel, account, sender, now)
            conv = await s.get(ConsoleConversation, conversation_key)
            assert conv is not None
            if conv.status == "held":
                return 0
            if conv.status != "queued":
                conv.queued_at = now
                conv.alerted_at = None
            urgent = reason.startswith("emergency")
            if urgent:
                # a citizen in an emergency who cannot call (第十三条(一)): every agent is
                # alerted at once, not after the unclaimed wait (trial12 P05)
                conv.alerted_at = now
            conv.status = "queued"
            conv.reason = reason[:200]
            conv.summary = mask_text(summary)[:2000]
            conv.updated_at = now
            s.add(
                ConsoleTurn(
                    conversation_key=conversation_key,
                    at=now,
                    channel=channel,
                    direction="system",
                    author=None,
                    text=f"转人工：{reason_label(reason)}",
                    attachments=[],
                    nlu=None,
                    actions=None,
                )
            )
            await s.flush()
            position = int(
                await s.scalar(
                    select(func.count())
                    .select_from(ConsoleConversation)
                    .where(
                        ConsoleConversation.status == "queued",
                        or_(
                            ConsoleConversation.queued_at < conv.queued_at,
                            and_(
                                ConsoleConversation.queued_at == conv.queued_at,
                                ConsoleConversation.key <= conversation_key,
                            ),
                        ),
                    )
                )
                or 1
            )
        self.hub.publish({"type": "queue", "key": conversation_key}, everyone=True)
        if urgent:
            self.hub.publish({"type": "alert", "key": conversation_key}, everyone=True)
            log.warning("emergency waiting for an agent", extra={"conversation": conversation_key})
        return position

    def claim_marker(self, conversation_key: str) -> str:
        """The store key whose absence means no agent ever claimed the conversation (so
        none holds it): the pipeline reads it with the message's other keys, in the same
        round trip, and asks :meth:`holder` only when it is present."""
        return KEYS.console_claimed(conversation_key)

    async def holder(self, conversation_key: str) -> str | None:
        """The agent holding the conversation (the bot stays silent), or ``None``.

        Called for every citizen message: a conversation no agent ever claimed (the
        marker is absent) needs no database read.
        """
        if await self.store.get(KEYS.console_claimed(conversation_key)) is None:
            return None
        await self.store.set(KEYS.console_claimed(conversation_key), "1", ttl=_MARKER_TTL)
        async with self.sessions() as s:
            return await s.scalar(
                select(ConsoleConversation.held_by).where(
                    ConsoleConversation.key == conversation_key,
                    ConsoleConversation.status == "held",
                )
            )

    async def notify_inbound(
        self, conversation_key: str, text: str, attachments: list[TurnAttachment]
    ) -> None:
        """Alert the holding agent that the citizen wrote (the turn itself came with
        :meth:`record_turn`, which the pipeline calls first)."""
        holder = await self.holder(conversation_key)
        self.hub.publish(
            {
                "type": "inbound",
                "key": conversation_key,
                "text": mask_text(text)[:200],
                "attachments": len(attachments),
            },
            agents={holder} if holder else set(),
        )

    # -------------------------------------------------------------- agent side
    async def claim(self, conversation_key: str, agent: str) -> bool:
        """Take the conversation; True for exactly one of several concurrent claimers."""
        now = self.clock()
        # Mark first, then hold: ``holder`` may skip the database only for unmarked chats.
        await self.store.set(KEYS.console_claimed(conversation_key), "1", ttl=_MARKER_TTL)
        async with self.sessions() as s, s.begin():
            result = await s.execute(
                update(ConsoleConversation)
                .where(
                    ConsoleConversation.key == conversation_key,
                    ConsoleConversation.status.in_(("queued", "bot")),
                )
                .values(status="held", held_by=agent, claimed_at=now, updated_at=now)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return False
            self._audit(s, now, agent, "claim", conversation_key, {})
            name = await self._name_of(s, agent)
            self._system_turn(s, now, conversation_key, f"工作人员 {name} 已接入")
        await self.heartbeat(agent)
        self.hub.publish(
            {"type": "queue", "key": conversation_key, "held_by": agent}, everyone=True
        )
        return True

    async def transfer(
        self, conversation_key: str, from_agent: AgentView, to_agent: str
    ) -> tuple[str, str]:
        """Hand a held conversation to another agent (the holder, or any supervisor); the
        receiving agent's user name and display name, for the handing agent's screen."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            named = (
                await s.scalars(
                    select(Agent).where(
                        or_(Agent.username == to_agent, Agent.display_name == to_agent),
                        Agent.active.is_(True),
                    )
                )
            ).all()
            # the user name first, else a display name that names one colleague only
            target = next((a for a in named if a.username == to_agent), None) or (
                named[0] if len(named) == 1 else None
            )
            if target is None:
                raise NotFound(
                    f"没有名为“{to_agent}”的坐席，请填写坐席用户名"
                    if not named
                    else f"名为“{to_agent}”的坐席不止一位，请填写坐席用户名"
                )
            to_agent = target.username
            cond = [
                ConsoleConversation.key == conversation_key,
                ConsoleConversation.status == "held",
            ]
            if not from_agent.supervisor:
                cond.append(ConsoleConversation.held_by == from_agent.username)
            result = await s.execute(
                update(ConsoleConversation)
                .where(*cond)
                .values(held_by=to_agent, claimed_at=now, updated_at=now)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise Forbidden("只有接入该会话的坐席或值班长可以转交")
            if not await self.online(to_agent):
                # refused (the transaction rolls back) before the citizen is told anything
                raise Conflict(f"{target.display_name}（{to_agent}）当前不在线，无法转交")
            self._audit(s, now, from_agent.username, "transfer", conversation_key, {"to": to_agent})
            self._system_turn(
                s,
                now,
                conversation_key,
                f"{from_agent.display_name} 转交给 {target.display_name}",
            )
        self.hub.publish(
            {"type": "queue", "key": conversation_key, "held_by": to_agent}, everyone=True
        )
        return to_agent, target.display_name

    async def release(self, conversation_key: str, agent: AgentView) -> None:
        """Give the conversation back to the bot (the holder, or a supervisor)."""
        if not await self.hand_back(
            conversation_key,
            held_by=None if agent.supervisor else agent.username,
            actor=agent.username,
            action="release",
            detail={},
            note=f"{agent.display_name} 交回机器人",
        ):
            raise Forbidden("只有接入该会话的坐席或值班长可以交回机器人")
        self.hub.publish({"type": "queue", "key": conversation_key}, everyone=True)

    async def hand_back(
        self,
        conversation_key: str,
        *,
        held_by: str | None,
        actor: str,
        action: str,
        detail: dict[str, str],
        note: str,
    ) -> bool:
        """Give a held conversation back to the bot, in one transaction with its audit
        row (``action``, ``detail``) and the system turn ``note``; nothing is published.

        ``held_by``: only if that agent holds it (``None``: whoever holds it). False when
        it was not held (so: by that agent), and then nothing is written.
        """
        now = self.clock()
        async with self.sessions() as s, s.begin():
            cond = [
                ConsoleConversation.key == conversation_key,
                ConsoleConversation.status == "held",
            ]
            if held_by is not None:
                cond.append(ConsoleConversation.held_by == held_by)
            result = await s.execute(
                update(ConsoleConversation)
                .where(*cond)
                .values(
                    status="bot",
                    held_by=None,
                    queued_at=None,
                    alerted_at=None,
                    updated_at=now,
                )
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return False
            self._audit(s, now, actor, action, conversation_key, detail)
            self._system_turn(s, now, conversation_key, note)
        return True

    async def requeue_agent(self, agent: str, why: str) -> list[str]:
        """Put every conversation ``agent`` holds back at the front of the queue.

        A web chat whose order is filed and whose visitor has left (no socket holds the
        page: :meth:`_left`'s presence key) waits for nobody: it goes back to the bot, as
        done, not to the queue (trial12 P21). Returns the keys requeued."""
        now = self.clock()
        async with self.sessions() as s:
            held = list(
                (
                    await s.scalars(
                        select(ConsoleConversation).where(
                            ConsoleConversation.status == "held",
                            ConsoleConversation.held_by == agent,
                        )
                    )
                ).all()
            )
        finished = {c.key: n for c in held if (n := await self._finished(c)) is not None}
        keys = [c.key for c in held if c.key not in finished]
        async with self.sessions() as s, s.begin():
            name = await self._name_of(s, agent) if held else agent
            await self._close_finished(s, agent, why, name, now, finished)
            moved = []
            for key in keys:
                result = await s.execute(
                    update(ConsoleConversation)
                    .where(
                        ConsoleConversation.key == key,
                        ConsoleConversation.held_by == agent,
                        ConsoleConversation.status == "held",
                    )
                    .values(
                        # a call's conversation is the call queue's (gateway.calls), never
                        # a chat to answer: back to the bot (issue 17 V23)
                        status=case(
                            (ConsoleConversation.channel == "voice", "bot"), else_="queued"
                        ),
                        held_by=None,
                        updated_at=now,
                        queued_at=case(
                            (ConsoleConversation.channel == "voice", None),
                            else_=func.coalesce(ConsoleConversation.queued_at, now),
                        ),
                        alerted_at=None,
                    )
                )
                if result.rowcount == 1:  # type: ignore[attr-defined]
                    moved.append(key)
                    self._audit(s, now, agent, why, key, {})
                    self._system_turn(s, now, key, f"{name} 离线，已回到排队")
        for key in [*moved, *finished]:
            self.hub.publish({"type": "queue", "key": key}, everyone=True)
        return moved

    async def sweep(self) -> SweepResult:
        """Return lapsed agents' chats to the queue; alert on chats waiting too long."""
        result = SweepResult()
        async with self.sessions() as s:
            holders = set(
                (
                    await s.scalars(
                        select(ConsoleConversation.held_by).where(
                            ConsoleConversation.status == "held"
                        )
                    )
                ).all()
            )
        for agent in sorted(h for h in holders if h):
            if not await self.online(agent):
                result.requeued += await self.requeue_agent(agent, "expire")
        now = self.clock()
        limit = now - timedelta(seconds=self.settings.unclaimed_alert_seconds)
        async with self.sessions() as s, s.begin():
            late = list(
                (
                    await s.scalars(
                        select(ConsoleConversation).where(
                            ConsoleConversation.status == "queued",
                            ConsoleConversation.queued_at <= limit,
                            ConsoleConversation.alerted_at.is_(None),
                        )
                    )
                ).all()
            )
            for conv in late:
                # conditional, so two gateway processes sweeping at once alert once
                done = await s.execute(
                    update(ConsoleConversation)
                    .where(
                        ConsoleConversation.key == conv.key,
                        ConsoleConversation.alerted_at.is_(None),
                    )
                    .values(alerted_at=now)
                )
                if done.rowcount == 1:  # type: ignore[attr-defined]
                    result.alerts.append(conv.key)
                    waited = (now - conv.queued_at).total_seconds() if conv.queued_at else 0.0
                    self._audit(s, now, "system", "alert", conv.key, {"waited": waited})
        for key in result.alerts:
            self.hub.publish({"type": "alert", "key": key}, everyone=True)
            log.warning("conversation waiting for an agent too long", extra={"conversation": key})
        return result

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep every ``sweep_interval_seconds`` until ``stop`` is set."""
        from gateway.scheduler import every

        await every(self.settings.sweep_interval_seconds, self.sweep, stop, name="console-sweep")

    # ------------------------------------------------------------------ views
    async def queue(self, viewer: AgentView) -> list[QueueItem]:
        """Waiting conversations in order; supervisors also see held ones, agents their own."""
        now = self.clock()
        async with self.sessions() as s:
            rows = list(
                (
                    await s.scalars(
                        select(ConsoleConversation)
                        .where(ConsoleConversation.status.in_(("queued", "held")))
                        .order_by(ConsoleConversation.queued_at, ConsoleConversation.key)
                    )
                ).all()
            )
        names = await self.display_names()
        items, position = [], 0
        for conv in rows:
            if conv.status == "held" and not (viewer.supervisor or conv.held_by == viewer.username):
                continue
            if conv.status == "queued":
                position += 1
            since = conv.queued_at or conv.claimed_at or now
            items.append(
                QueueItem(
                    key=conv.key,
                    channel=conv.channel,
                    status=conv.status,
                    reason=conv.reason,
                    summary=conv.summary,
                    queued_at=conv.queued_at,
                    waiting_seconds=max(0.0, (now - since).total_seconds()),
                    position=position if conv.status == "queued" else 0,
                    reason_label=reason_label(conv.reason),
                    held_by=conv.held_by,
                    held_by_name=names.get(conv.held_by, conv.held_by) if conv.held_by else None,
                    alerted=conv.alerted_at is not None,
                    work_order=conv.work_order,
                    title=await self.title(conv.key, conv.channel, conv.sender),
                    left=await self._left(conv),
                )
            )
        return items

    async def _left(self, conv: ConsoleConversation) -> bool:
        """A waiting web-chat citizen whose page is closed: no socket holds the visitor
        (the chat hub's presence key, removed when the socket closes), trial4 F35."""
        if conv.channel != "web" or conv.status != "queued":
            return False
        return await self.store.get(KEYS.web_presence(conv.sender)) is None
