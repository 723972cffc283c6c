"""The agent takeover service: queue, claim, transfer, hand back, records and audit.

Claiming is one conditional ``UPDATE ... WHERE status IN ('queued','bot')``: the database
serializes it, so of two agents claiming at once exactly one changes the row. An agent's
liveness is a store key refreshed by every request and by the open event stream; when it
lapses, :meth:`ConsoleService.sweep` puts the agent's chats back in the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.dml import Insert

from casebridge.db import utcnow
from casebridge.intake import AppealDraft, IntakePort, OrderReceipt
from dialogs.state import DialogState, IntakeSlots, appeal_facts
from gateway.console.auth import hash_password, verify_password
from gateway.console.errors import Conflict, Forbidden, InvalidInput, NotFound
from gateway.console.hub import Hub
from gateway.console.models import Agent, ConsoleAudit, ConsoleConversation, ConsoleTurn
from gateway.kv import KEYS, Store
from gateway.pipeline.writebehind import WriteBehind
from nlu.pii import mask_text

log = logging.getLogger("hotline.console")

Direction = Literal["in", "out", "agent", "system"]
Role = Literal["agent", "supervisor"]
REASON_LABELS = {
    "citizen_request": "诉求人要求人工服务",
    "address_unresolved": "事发地点无法确定",
    "abuse": "违反条例第十一条的行为",
    "order_failed": "工单提交失败",
}
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_ATTACHMENT_FIELDS = ("kind", "mime", "size", "blob_key", "filename", "duration_seconds")
# a real hash of nothing useful, so a wrong username costs as much as a wrong password
_DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


class ConsoleSettings(BaseSettings):
    """Console limits from ``HOTLINE_CONSOLE_*`` variables."""

    model_config = SettingsConfigDict(env_prefix="HOTLINE_CONSOLE_", extra="ignore")

    session_ttl_seconds: float = Field(default=1800, ge=10)  # idle sign-ins end
    # presence: refreshed by every request and the page's event stream (every 15 s); a
    # closed page or a lost network lets it lapse and the agent's chats go back to the queue
    presence_ttl_seconds: float = Field(default=90, ge=5)
    unclaimed_alert_seconds: float = Field(default=120, ge=1)  # queue wait that alerts
    sweep_interval_seconds: float = Field(default=5, gt=0)
    # the write-behind queue of turn records: bounded (callers wait when full), group
    # commits of up to ``write_batch`` turns, at most ``write_interval_seconds`` apart
    write_queue_capacity: int = Field(default=10_000, ge=1)
    write_batch: int = Field(default=500, ge=1)
    write_interval_seconds: float = Field(default=0.05, ge=0)


@dataclass(frozen=True)
class AgentView:
    """A signed-in console user."""

    username: str
    display_name: str
    role: str

    @property
    def supervisor(self) -> bool:
        """Supervisors see the whole queue, every agent's load, and may force hand-backs."""
        return self.role == "supervisor"


@dataclass(frozen=True)
class QueueItem:
    """A conversation waiting for (or held by) an agent."""

    key: str
    channel: str
    status: str
    reason: str | None
    summary: str | None
    queued_at: datetime | None
    waiting_seconds: float
    position: int  # 1 = next; 0 when held
    reason_label: str
    held_by: str | None
    alerted: bool
    work_order: str | None
    title: str = ""  # what an agent reads: channel, a short citizen tag, the matter


@dataclass(frozen=True)
class TurnView:
    """A turn as the console shows it: personal data masked."""

    id: int
    at: datetime
    direction: str
    author: str | None
    text: str
    masked: bool  # True when masking changed the text (the agent may open it, logged)
    attachments: list[dict[str, Any]]
    nlu: dict[str, Any] | None
    actions: list[dict[str, Any]] | None


@dataclass(frozen=True)
class AgentLoad:
    """A supervisor's view of one agent."""

    username: str
    display_name: str
    role: str
    online: bool
    holding: int


@dataclass
class SweepResult:
    """What one sweep did."""

    requeued: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


def _insert_ignore(dialect: str, values: dict[str, Any] | list[dict[str, Any]]) -> Insert:
    """``INSERT ... ON CONFLICT DO NOTHING`` for conversation rows (both backends); a list
    is one multi-row statement."""
    rows = values if isinstance(values, list) else [values]
    if dialect == "postgresql":
        return (
            postgresql.insert(ConsoleConversation)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["key"])
        )
    return (
        sqlite.insert(ConsoleConversation)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["key"])
    )


def _mask_attachment(att: dict[str, Any]) -> dict[str, Any]:
    out = {k: att.get(k) for k in _ATTACHMENT_FIELDS if att.get(k) is not None}
    for k in ("transcript", "ocr_text"):
        if att.get(k):
            out[k] = mask_text(str(att[k]))
    return out


class ConsoleService:
    """Agent takeover over the database (records, queue) and the store (liveness)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        store: Store,
        clock: Callable[[], datetime] | None = None,
        *,
        settings: ConsoleSettings | None = None,
        hub: Hub | None = None,
    ) -> None:
        self.sessions = sessions
        self.store = store
        self.clock = clock or utcnow
        self.settings = settings or ConsoleSettings()
        self.hub = hub or Hub()
        # turns and the conversation rows they create: the one write-behind queue
        self.records: WriteBehind[dict[str, Any]] = WriteBehind(
            "console-turns",
            self._write_turns,
            capacity=self.settings.write_queue_capacity,
            max_batch=self.settings.write_batch,
            interval=self.settings.write_interval_seconds,
        )

    # ------------------------------------------------------------ pipeline side
    async def record_turn(
        self,
        conversation_key: str,
        channel: str,
        account: str,
        sender: str,
        direction: Direction,
        text: str,
        attachments: list[dict[str, Any]],
        nlu: dict[str, Any] | None,
        actions: list[dict[str, Any]] | None,
        *,
        author: str | None = None,
        wait: bool = True,
    ) -> None:
        """Keep one turn (every direction) and push it live to the holder and supervisors.

        With ``wait`` it returns once the turn is committed; without, once it is queued
        (the reply path: :class:`~gateway.pipeline.writebehind.WriteBehind`, which waits
        only when its bounded queue is full). Turns are written in groups, one transaction
        each, in call order: fewer, shorter write transactions.
        """
        row = {
            "conversation_key": conversation_key,
            "channel": channel,
            "account": account,
            "sender": sender,
            "direction": direction,
            "text": text,
            "attachments": [dict(a) for a in attachments],
            "nlu": nlu,
            "actions": actions,
            "author": author,
        }
        if wait:
            await self.records.put_and_wait(row)
        else:
            await self.records.put(row)

    async def _write_turns(self, rows: list[dict[str, Any]]) -> None:
        self._publish(await self._write_batch(rows))

    async def aclose(self) -> None:
        """Commit the queued turns (shutdown)."""
        await self.records.close()

    def _publish(self, published: list[tuple[dict[str, Any], str | None]]) -> None:
        for event, holder in published:
            self.hub.publish(event, agents={holder} if holder else set())

    async def _write_batch(
        self, rows: list[dict[str, Any]]
    ) -> list[tuple[dict[str, Any], str | None]]:
        now = self.clock()
        keys = list(dict.fromkeys(r["conversation_key"] for r in rows))
        async with self.sessions() as s, s.begin():
            # the conversation rows of the whole group: one multi-row insert-or-ignore
            first = {r["conversation_key"]: r for r in reversed(rows)}
            dialect = s.bind.dialect.name if s.bind is not None else "sqlite"
            await s.execute(
                _insert_ignore(
                    dialect,
                    [
                        {
                            "key": key,
                            "channel": first[key]["channel"],
                            "account": first[key]["account"],
                            "sender": first[key]["sender"],
                            "status": "bot",
                            "created_at": now,
                            "updated_at": now,
                        }
                        for key in keys
                    ],
                )
            )
            holders = dict(
                (
                    await s.execute(
                        select(ConsoleConversation.key, ConsoleConversation.held_by).where(
                            ConsoleConversation.key.in_(keys)
                        )
                    )
                ).all()
            )
            turns = []
            for r in rows:
                holder = holders.get(r["conversation_key"])
                author = r["author"]
                if r["direction"] == "agent" and author is None:
                    author = holder  # agent turns come from the holder
                turn = ConsoleTurn(
                    conversation_key=r["conversation_key"],
                    at=now,
                    channel=r["channel"],
                    direction=r["direction"],
                    author=author,
                    text=r["text"],
                    attachments=r["attachments"],
                    nlu=r["nlu"],
                    actions=r["actions"],
                )
                s.add(turn)
                turns.append(turn)
            await s.execute(
                update(ConsoleConversation)
                .where(ConsoleConversation.key.in_(keys))
                .values(last_turn_at=now, updated_at=now)
            )
            await s.flush()
            return [
                (
                    {
                        "type": "turn",
                        "key": t.conversation_key,
                        "turn": _jsonable(self._turn_view(t)),
                    },
                    holders.get(t.conversation_key),
                )
                for t in turns
            ]

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
        return position

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
        self, conversation_key: str, text: str, attachments: list[dict[str, Any]]
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
            self._system_turn(s, now, conversation_key, f"工作人员 {agent} 已接入")
        await self.heartbeat(agent)
        self.hub.publish(
            {"type": "queue", "key": conversation_key, "held_by": agent}, everyone=True
        )
        return True

    async def transfer(self, conversation_key: str, from_agent: AgentView, to_agent: str) -> None:
        """Hand a held conversation to another agent (the holder, or any supervisor)."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            target = await s.scalar(
                select(Agent).where(Agent.username == to_agent, Agent.active.is_(True))
            )
            if target is None:
                raise NotFound(f"no active agent {to_agent!r}")
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
                raise Forbidden("only the holder or a supervisor can transfer it")
            self._audit(s, now, from_agent.username, "transfer", conversation_key, {"to": to_agent})
            self._system_turn(s, now, conversation_key, f"{from_agent.username} 转交给 {to_agent}")
        self.hub.publish(
            {"type": "queue", "key": conversation_key, "held_by": to_agent}, everyone=True
        )

    async def release(self, conversation_key: str, agent: AgentView) -> None:
        """Give the conversation back to the bot (the holder, or a supervisor)."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            cond = [
                ConsoleConversation.key == conversation_key,
                ConsoleConversation.status == "held",
            ]
            if not agent.supervisor:
                cond.append(ConsoleConversation.held_by == agent.username)
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
                raise Forbidden("only the holder or a supervisor can hand it back")
            self._audit(s, now, agent.username, "release", conversation_key, {})
            self._system_turn(s, now, conversation_key, f"{agent.username} 交回机器人")
        self.hub.publish({"type": "queue", "key": conversation_key}, everyone=True)

    async def requeue_agent(self, agent: str, why: str) -> list[str]:
        """Put every conversation ``agent`` holds back at the front of the queue."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            keys = list(
                (
                    await s.scalars(
                        select(ConsoleConversation.key).where(
                            ConsoleConversation.status == "held",
                            ConsoleConversation.held_by == agent,
                        )
                    )
                ).all()
            )
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
                        status="queued",
                        held_by=None,
                        updated_at=now,
                        queued_at=func.coalesce(ConsoleConversation.queued_at, now),
                        alerted_at=None,
                    )
                )
                if result.rowcount == 1:  # type: ignore[attr-defined]
                    moved.append(key)
                    self._audit(s, now, agent, why, key, {})
                    self._system_turn(s, now, key, f"{agent} 离线，已回到排队")
        for key in moved:
            self.hub.publish({"type": "queue", "key": key}, everyone=True)
        return moved

    async def heartbeat(self, agent: str) -> None:
        """The agent is present (any request, or the open event stream)."""
        await self.store.set(KEYS.console_alive(agent), "1", self.settings.presence_ttl_seconds)

    async def online(self, agent: str) -> bool:
        """Whether the agent's presence is still fresh."""
        return await self.store.get(KEYS.console_alive(agent)) is not None

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
                    alerted=conv.alerted_at is not None,
                    work_order=conv.work_order,
                    title=await self.title(conv.key, conv.channel, conv.sender),
                )
            )
        return items

    async def title(self, conversation_key: str, channel: str, sender: str) -> str:
        """A chat's title an agent can read: ``微信用户…3f9a · 路灯坏了一个多星期``."""
        facts = await self.dialogue_facts(conversation_key)
        matter = facts.matter if facts is not None else ""
        return conversation_title(channel, sender, matter)

    async def conversation(self, conversation_key: str) -> ConsoleConversation:
        """The conversation row (``NotFound`` when unknown)."""
        async with self.sessions() as s:
            conv = await s.get(ConsoleConversation, conversation_key)
        if conv is None:
            raise NotFound(conversation_key)
        return conv

    async def turns(
        self, conversation_key: str, after: int = 0, limit: int = 500
    ) -> list[TurnView]:
        """The history after turn id ``after``, oldest first, personal data masked."""
        async with self.sessions() as s:
            rows = (
                await s.scalars(
                    select(ConsoleTurn)
                    .where(ConsoleTurn.conversation_key == conversation_key, ConsoleTurn.id > after)
                    .order_by(ConsoleTurn.id)
                    .limit(limit)
                )
            ).all()
        return [self._turn_view(t) for t in rows]

    async def reveal(self, conversation_key: str, turn_id: int, viewer: AgentView) -> str:
        """The unmasked text of a turn for its holder or a supervisor; the look is logged."""
        now = self.clock()
        async with self.sessions() as s, s.begin():
            conv = await s.get(ConsoleConversation, conversation_key)
            turn = await s.get(ConsoleTurn, turn_id)
            if conv is None or turn is None or turn.conversation_key != conversation_key:
                raise NotFound("no such turn")
            if not (viewer.supervisor or conv.held_by == viewer.username):
                raise Forbidden("only the holder or a supervisor may open personal data")
            self._audit(s, now, viewer.username, "reveal_pii", conversation_key, {"turn": turn_id})
            return turn.text

    async def load(self) -> list[AgentLoad]:
        """Every active agent with presence and the number of chats held (supervisors)."""
        async with self.sessions() as s:
            agents = list(
                (
                    await s.scalars(
                        select(Agent).where(Agent.active.is_(True)).order_by(Agent.username)
                    )
                ).all()
            )
            rows = (
                await s.execute(
                    select(ConsoleConversation.held_by, func.count())
                    .where(ConsoleConversation.status == "held")
                    .group_by(ConsoleConversation.held_by)
                )
            ).all()
            counts = {str(holder): int(n) for holder, n in rows}
        return [
            AgentLoad(
                a.username,
                a.display_name,
                a.role,
                await self.online(a.username),
                int(counts.get(a.username, 0)),
            )
            for a in agents
        ]

    async def audit_log(
        self, conversation_key: str | None = None, limit: int = 200
    ) -> list[dict[str, Any]]:
        """Recent console audit entries (supervisors)."""
        async with self.sessions() as s:
            q = select(ConsoleAudit).order_by(ConsoleAudit.id.desc()).limit(limit)
            if conversation_key is not None:
                q = q.where(ConsoleAudit.conversation_key == conversation_key)
            rows = (await s.scalars(q)).all()
        return [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "actor": r.actor,
                "action": r.action,
                "conversation": r.conversation_key,
                "detail": r.detail,
            }
            for r in rows
        ]

    # ------------------------------------------------------------- work orders
    async def prefill(self, conversation_key: str) -> dict[str, Any]:
        """Work-order fields taken from the conversation and the bot's session (masked)."""
        conv = await self.conversation(conversation_key)
        facts = await self.dialogue_facts(conversation_key) or IntakeSlots()
        async with self.sessions() as s:
            texts = (
                await s.scalars(
                    select(ConsoleTurn.text)
                    .where(
                        ConsoleTurn.conversation_key == conversation_key,
                        ConsoleTurn.direction == "in",
                        ConsoleTurn.text != "",
                    )
                    .order_by(ConsoleTurn.id.desc())
                    .limit(20)
                )
            ).all()
        # short turns are answers to the bot ("确认", "匿名", "转人工"), not the appeal
        text = facts.matter or "\n".join(t for t in reversed(texts) if len(t.strip()) >= 6)
        return {
            "text": mask_text(text),
            "order_type": facts.order_type,
            "county": facts.place.county,
            "township": facts.place.township,
            "address": facts.place.address(),
            "since": facts.since,
            "contact_name": facts.name,
            "has_contact_phone": facts.contact_phone is not None,
            "anonymous": facts.anonymous,
            "channel": conv.channel,
            "work_order": conv.work_order,
            "title": conversation_title(conv.channel, conv.sender, facts.matter),
        }

    async def open_order(
        self, cases: IntakePort, conversation_key: str, agent: AgentView, fields: dict[str, Any]
    ) -> OrderReceipt:
        """Write the work order from the console (idempotent on the form's token)."""
        conv = await self.conversation(conversation_key)
        if not (agent.supervisor or conv.held_by == agent.username):
            raise Forbidden("claim the conversation first")
        token = str(fields.get("token", ""))
        text = str(fields.get("text", "")).strip()
        order_type = str(fields.get("order_type") or "appeal")
        if not _TOKEN.match(token):
            raise InvalidInput("token: 8-64 letters, digits, '-' or '_'")
        if not text or len(text) > 4000:
            raise InvalidInput("text: 1 to 4000 characters")
        if order_type not in ("appeal", "staff_complaint"):
            raise InvalidInput("order_type: appeal or staff_complaint")
        facts = await self.dialogue_facts(conversation_key) or IntakeSlots()
        anonymous = bool(fields.get("anonymous"))
        phone = _opt(fields.get("contact_phone"))
        if phone is None and fields.get("use_session_contact") and not anonymous:
            phone = facts.contact_phone
        if phone is not None and not re.fullmatch(r"\+?[0-9-]{5,20}", str(phone)):
            raise InvalidInput("contact_phone: digits only")
        if "*" in text:
            # a masked excerpt: replace it with the recorded clear text of the citizen
            text = facts.matter or text
        cat = facts.category
        draft = AppealDraft(
            idempotency_key=f"console:{conversation_key}:{token}",
            channel=conv.channel,
            sender=conv.sender,
            text=text,
            order_type=order_type,
            county=_opt(fields.get("county")),
            township=_opt(fields.get("township")),
            address=_opt(fields.get("address")),
            since=_opt(fields.get("since")),
            contact_name=None if anonymous else _opt(fields.get("contact_name")),
            contact_phone=None if anonymous else (str(phone) if phone else None),
            anonymous=anonymous,
            conversation_id=conversation_key,
            category_level1=cat.level1 if cat else None,
            category_level2=cat.level2 if cat else None,
            unit_type=cat.unit_type if cat else None,
            extra={"agent": agent.username, "source": "console"},
        )
        receipt = await cases.open_work_order(draft)
        now = self.clock()
        async with self.sessions() as s, s.begin():
            await s.execute(
                update(ConsoleConversation)
                .where(ConsoleConversation.key == conversation_key)
                .values(work_order=receipt.number, updated_at=now)
            )
            self._audit(
                s,
                now,
                agent.username,
                "open_order",
                conversation_key,
                {"number": receipt.number, "created": receipt.created},
            )
            self._system_turn(
                s, now, conversation_key, f"{agent.username} 登记工单 {receipt.number}"
            )
        self.hub.publish({"type": "queue", "key": conversation_key}, everyone=True)
        return receipt

    # --------------------------------------------------------- agents, sessions
    async def create_agent(
        self, username: str, display_name: str, role: Role, password: str
    ) -> AgentView:
        """Add an agent or supervisor (password hashed with scrypt)."""
        if not _USERNAME.match(username):
            raise InvalidInput("username: 2-64 letters, digits, '.', '_' or '-'")
        if role not in ("agent", "supervisor"):
            raise InvalidInput("role: agent or supervisor")
        if len(password) < 8:
            raise InvalidInput("password: at least 8 characters")
        hashed = await asyncio.to_thread(hash_password, password)
        async with self.sessions() as s, s.begin():
            if await s.scalar(select(Agent.id).where(Agent.username == username)) is not None:
                raise Conflict(f"agent {username!r} exists")
            s.add(
                Agent(
                    username=username,
                    display_name=display_name[:64] or username,
                    role=role,
                    password_hash=hashed,
                    active=True,
                    created_at=self.clock(),
                )
            )
        return AgentView(username, display_name or username, role)

    async def ensure_admin(self, password: str, username: str = "admin") -> None:
        """The demo supervisor, with the password from ``HOTLINE_ADMIN_PASSWORD``."""
        async with self.sessions() as s:
            agent = await s.scalar(select(Agent).where(Agent.username == username))
        if agent is None:
            with contextlib.suppress(Conflict):  # another process made it first
                await self.create_agent(username, "值班长", "supervisor", password)
            return
        if not await asyncio.to_thread(verify_password, password, agent.password_hash):
            hashed = await asyncio.to_thread(hash_password, password)
            async with self.sessions() as s, s.begin():
                await s.execute(
                    update(Agent).where(Agent.username == username).values(password_hash=hashed)
                )

    async def authenticate(self, username: str, password: str) -> AgentView | None:
        """The agent when the password matches (scrypt runs in a thread)."""
        async with self.sessions() as s:
            agent = await s.scalar(
                select(Agent).where(Agent.username == username, Agent.active.is_(True))
            )
        encoded = agent.password_hash if agent is not None else _DUMMY_HASH
        ok = await asyncio.to_thread(verify_password, password, encoded)
        if agent is None or not ok:
            return None
        return AgentView(agent.username, agent.display_name, agent.role)

    async def start_session(self, agent: AgentView, sid: str) -> None:
        """Remember a signed-in session under ``sid`` (sliding expiry)."""
        payload = json.dumps({"u": agent.username, "n": agent.display_name, "r": agent.role})
        await self.store.set(KEYS.console_session(sid), payload, self.settings.session_ttl_seconds)
        await self.heartbeat(agent.username)
        async with self.sessions() as s, s.begin():
            self._audit(s, self.clock(), agent.username, "sign_in", None, {})

    async def resume_session(self, sid: str) -> AgentView | None:
        """The agent of a live session; refreshes its expiry and the agent's presence."""
        raw = await self.store.get(KEYS.console_session(sid))
        if raw is None:
            return None
        data = json.loads(raw)
        agent = AgentView(data["u"], data["n"], data["r"])
        await self.store.set(KEYS.console_session(sid), raw, self.settings.session_ttl_seconds)
        await self.heartbeat(agent.username)
        return agent

    async def end_session(self, sid: str, agent: AgentView) -> None:
        """Sign out: the session ends and the agent's chats go back to the queue."""
        await self.store.delete(KEYS.console_session(sid))
        await self.store.delete(KEYS.console_alive(agent.username))
        await self.requeue_agent(agent.username, "sign_out")

    # ---------------------------------------------------------------- internals
    async def _ensure(
        self, s: AsyncSession, key: str, channel: str, account: str, sender: str, now: datetime
    ) -> None:
        dialect = s.bind.dialect.name if s.bind is not None else "sqlite"
        await s.execute(
            _insert_ignore(
                dialect,
                {
                    "key": key,
                    "channel": channel,
                    "account": account,
                    "sender": sender,
                    "status": "bot",
                    "created_at": now,
                    "updated_at": now,
                },
            )
        )

    async def dialogue_facts(self, key: str) -> IntakeSlots | None:
        """What the bot's dialogue knows about the appeal: the console's one reading of
        the session (typed, via :func:`dialogs.state.appeal_facts`); ``None`` when there
        is no session or it is of another shape."""
        raw = await self.store.get(KEYS.session(key))
        if raw is None:
            return None
        try:
            state = DialogState.model_validate_json(raw)
        except ValueError:
            return None
        return appeal_facts(state)

    @staticmethod
    def _turn_view(t: ConsoleTurn) -> TurnView:
        masked = mask_text(t.text)
        return TurnView(
            id=t.id,
            at=t.at,
            direction=t.direction,
            author=t.author,
            text=masked,
            masked=masked != t.text,
            attachments=[_mask_attachment(a) for a in (t.attachments or [])],
            nlu=t.nlu,
            actions=t.actions,
        )

    @staticmethod
    def _audit(
        s: AsyncSession,
        now: datetime,
        actor: str,
        action: str,
        key: str | None,
        detail: dict[str, Any],
    ) -> None:
        s.add(ConsoleAudit(at=now, actor=actor, action=action, conversation_key=key, detail=detail))

    @staticmethod
    def _system_turn(s: AsyncSession, now: datetime, key: str, text: str) -> None:
        s.add(
            ConsoleTurn(
                conversation_key=key,
                at=now,
                channel="console",
                direction="system",
                author=None,
                text=text,
                attachments=[],
                nlu=None,
                actions=None,
            )
        )


_MARKER_TTL = 30 * 24 * 3600.0  # refreshed on every message; longer than any hold


CHANNEL_LABELS = {
    "wechat": "微信用户",
    "sms": "短信用户",
    "voice": "来电",
    "weibo": "微博用户",
    "telegram": "Telegram用户",
    "web": "网页访客",
}


def conversation_title(channel: str, sender: str, matter: str = "") -> str:
    """``网页访客…9ee1 · 路灯坏了一个多星期`` (the sender's id shortened, digits masked)."""
    who = CHANNEL_LABELS.get(channel, channel)
    tag = sender[-4:] if len(sender) > 4 else sender
    title = f"{who}…{tag}"
    matter = " ".join(mask_text(matter).split())
    if matter:
        title += " · " + (matter[:18] + "…" if len(matter) > 18 else matter)
    return title


def reason_label(reason: str | None) -> str:
    """The Chinese label of a hand-off reason (``abuse:repeat`` -> the abuse label)."""
    if not reason:
        return ""
    return REASON_LABELS.get(reason.split(":", 1)[0], reason)


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text[:500] or None


def _jsonable(view: TurnView | QueueItem) -> dict[str, Any]:
    data = dict(view.__dict__)
    for k, v in data.items():
        if isinstance(v, datetime):
            data[k] = v.isoformat()
    return data


def turn_json(view: TurnView) -> dict[str, Any]:
    """A turn for the JSON API."""
    return _jsonable(view)


def queue_json(items: Sequence[QueueItem]) -> list[dict[str, Any]]:
    """Queue items for the JSON API."""
    return [_jsonable(i) for i in items]
