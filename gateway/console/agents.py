"""Agents, sign-in sessions, supervisors' load and the audit log."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from gateway.console.auth import hash_password, verify_password
from gateway.console.errors import Conflict, InvalidInput
from gateway.console.models import Agent, ConsoleAudit, ConsoleConversation
from gateway.console.queue import QueueMixin
from gateway.console.views import (
    _DUMMY_HASH,
    _USERNAME,
    AgentLoad,
    AgentView,
    Role,
)
from gateway.kv import KEYS


class AgentsMixin(QueueMixin):
    """Agents and their sessions (signing out requeues the agent's chats)."""

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

    # --------------------------------------------------------- agents, sessions
    async def create_agent(
        self, username: str, display_name: str, role: Role, password: str
    ) -> AgentView:
        """Add an agent or supervisor (password hashed with scrypt)."""
        if not _USERNAME.match(username):
            raise InvalidInput("用户名须为2至64位字母、数字或“.”“_”“-”")
        if role not in ("agent", "supervisor"):
            raise InvalidInput("角色须为受理员（agent）或值班长（supervisor）")
        if len(password) < 8:
            raise InvalidInput("密码至少8位")
        hashed = await asyncio.to_thread(hash_password, password)
        try:
            async with self.sessions() as s, s.begin():
                if await s.scalar(select(Agent.id).where(Agent.username == username)):
                    raise Conflict(f"坐席用户名“{username}”已存在")
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
        except IntegrityError as exc:  # a concurrent call inserted the same name first
            raise Conflict(f"坐席用户名“{username}”已存在") from exc
        return AgentView(username, display_name or username, role)

    async def ensure_admin(self, password: str, username: str = "admin") -> None:
        """The demo supervisor, with the password from ``HOTLINE_ADMIN_PASSWORD``.

        Idempotent and safe to run concurrently (several first sign-ins, several
        processes starting together): a name another call inserted first is a
        :class:`Conflict` inside :meth:`create_agent`, taken as done."""
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

    async def end_session(self, sid: str, agent: AgentView) -> list[str]:
        """Sign out: the session ends and the agent's chats go back to the queue (their
        keys are returned, so the citizens can be told)."""
        await self.store.delete(KEYS.console_session(sid))
        await self.store.delete(KEYS.console_alive(agent.username))
        return await self.requeue_agent(agent.username, "sign_out")
