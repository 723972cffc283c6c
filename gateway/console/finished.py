"""Chats that wait for nobody (trial12 P21): a web chat whose order is filed (by the
console or the bot) and whose visitor has closed the page goes back to the bot as done
when its agent goes offline, never back to the queue as waiting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.console.core import ConsoleCore
from gateway.console.models import ConsoleConversation
from gateway.kv import KEYS


class FinishedMixin(ConsoleCore):
    """Which held chats are done, and handing them back as done."""

    async def _finished(self, conv: ConsoleConversation) -> str | None:
        """The order of a web chat whose order is filed and whose visitor's page is
        closed (no socket holds it: the chat hub's presence key); None for any other."""
        if conv.channel != "web":
            return None
        number = conv.work_order or await self.last_bot_order(conv.key)
        if number is None or await self.store.get(KEYS.web_presence(conv.sender)) is not None:
            return None
        return number

    async def _close_finished(
        self,
        s: AsyncSession,
        agent: str,
        why: str,
        name: str,
        now: datetime,
        finished: dict[str, str],
    ) -> None:
        """Give each of ``finished`` (key -> order) that ``agent`` still holds back to the
        bot, with its audit row (``why``) and the system turn that says it is done."""
        for key, number in finished.items():
            result = await s.execute(
                update(ConsoleConversation)
                .where(
                    ConsoleConversation.key == key,
                    ConsoleConversation.held_by == agent,
                    ConsoleConversation.status == "held",
                )
                .values(status="bot", held_by=None, queued_at=None, alerted_at=None, updated_at=now)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                self._audit(s, now, agent, why, key, {"finished": number})
                self._system_turn(
                    s, now, key, f"{name} 离线；工单{number}已登记，诉求人已离开，会话结束"
                )
