"""The console core: database and store handles, the hub, helpers every part uses."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.db import utcnow
from dialogs.state import DialogState, IntakeSlots, appeal_facts
from gateway.console.errors import NotFound
from gateway.console.hub import Hub
from gateway.console.models import Agent, ConsoleAudit, ConsoleConversation, ConsoleTurn
from gateway.console.views import (
    ConsoleSettings,
    TurnView,
    _insert_ignore,
    _mask_attachment,
    _mask_json,
    conversation_title,
    folded,
    masked,
)
from gateway.kv import KEYS, Store
from gateway.pipeline.writebehind import WriteBehind


class TurnFields(Protocol):
    """A turn's columns as a row read back from the database carries them (an
    ``INSERT … RETURNING`` row), without an ORM object."""

    @property
    def id(self) -> int: ...
    @property
    def conversation_key(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def direction(self) -> str: ...
    @property
    def author(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def attachments(self) -> list[dict[str, Any]] | None: ...
    @property
    def nlu(self) -> dict[str, Any] | None: ...
    @property
    def actions(self) -> list[dict[str, Any]] | None: ...


class ConsoleCore:
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
        self.hub = hub or Hub(store)  # across processes when the store is shared (Redis)
        # per console, never per module: a second app in the process (tests, a reload)
        # gets its own; the agent router reads them
        self.admin_ready = False  # ensure_admin has run for this console
        self.admin_lock = asyncio.Lock()  # concurrent first sign-ins: one creates the account
        self.last_sweep = float("-inf")  # time.monotonic() of the last request-driven sweep
        # turns and the conversation rows they create: the one write-behind queue
        self.records: WriteBehind[dict[str, Any]] = WriteBehind(
            "console-turns",
            self._write_turns,
            capacity=self.settings.write_queue_capacity,
            max_batch=self.settings.write_batch,
            interval=self.settings.write_interval_seconds,
        )

    async def _write_turns(self, rows: list[dict[str, Any]]) -> None:
        """Commit a group of turns (``TurnsMixin`` writes them)."""
        raise NotImplementedError

    async def aclose(self) -> None:
        """Commit the queued turns (shutdown)."""
        await self.records.close()

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

    async def last_bot_order(self, key: str) -> str | None:
        """The order the bot filed in this conversation (the dialogue's memory)."""
        raw = await self.store.get(KEYS.session(key))
        if raw is None:
            return None
        try:
            return DialogState.model_validate_json(raw).memory.last_order
        except ValueError:
            return None

    @staticmethod
    def _turn_view(t: ConsoleTurn | TurnFields) -> TurnView:
        masked_text = masked(t.text)
        # masking folds full-width digits and letters (``nlu.pii.fold``): only a text
        # whose personal data was hidden is shown masked (and offered for an audited
        # reveal); any other is shown as written
        hidden = masked_text != folded(t.text)
        return TurnView(
            id=t.id,
            at=t.at,
            direction=t.direction,
            author=t.author,
            text=masked_text if hidden else t.text,
            masked=hidden,
            attachments=[_mask_attachment(a) for a in (t.attachments or [])],
            nlu=_mask_json(t.nlu),
            actions=_mask_json(t.actions),
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

    @staticmethod
    async def _name_of(s: AsyncSession, username: str) -> str:
        """The agent's display name (张敏) for the console's own texts; the user name
        when the agent is unknown (trial4 F13)."""
        name = await s.scalar(select(Agent.display_name).where(Agent.username == username))
        return name or username

    async def display_names(self) -> dict[str, str]:
        """Every agent's display name by user name (``{"zhangmin": "张敏"}``), for the
        names the console shows instead of user names (trial4 F13, F26)."""
        async with self.sessions() as s:
            rows = (await s.execute(select(Agent.username, Agent.display_name))).all()
        return {str(u): str(n or u) for u, n in rows}

    async def heartbeat(self, agent: str) -> None:
        """The agent is present (any request, or the open event stream)."""
        await self.store.set(KEYS.console_alive(agent), "1", self.settings.presence_ttl_seconds)

    async def online(self, agent: str) -> bool:
        """Whether the agent's presence is still fresh."""
        return await self.store.get(KEYS.console_alive(agent)) is not None

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
            raise NotFound("会话不存在或已结束")
        return conv
