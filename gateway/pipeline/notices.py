"""Tell citizens on their own channel when a unit has replied, and ask for their rating.

第九条 gives the citizen the right to know the result and to evaluate it; 第十七条 has the
centre call back. When a handling unit records its reply, this worker feeds a
``CallbackDue`` event into the citizen's conversation: the dialogue sends the result and
asks "satisfied / basically / unsatisfied", which becomes the callback record.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.cases.feeds import latest_event_id, replies_since
from dialogs.model import CallbackDue
from gateway.kv import KEYS, Store
from gateway.pipeline import Pipeline, UnknownConversation
from gateway.scheduler import Lease, every

log = logging.getLogger("hotline.notices")

CURSOR_KEY = KEYS.notices_cursor()


class ReplyNotifier:
    """Follows order events; each unit reply reaches its citizen once."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        store: Store,
        pipeline: Pipeline,
        *,
        batch: int = 100,
    ) -> None:
        self.sessions = sessions
        self.store = store
        self.pipeline = pipeline
        self.batch = batch

    async def _cursor(self) -> int:
        raw = await self.store.get(CURSOR_KEY)
        if raw is not None:
            return int(raw)
        # First start: replies recorded before this notifier existed are not re-sent.
        cursor = await latest_event_id(self.sessions)
        await self.store.set(CURSOR_KEY, str(cursor))
        return cursor

    async def run_once(self) -> int:
        """Notify the citizens of replies recorded since the last run; returns how many."""
        cursor = await self._cursor()
        replies = await replies_since(self.sessions, cursor, self.batch)
        sent = 0
        for r in replies:
            if r.conversation_id:
                event = CallbackDue(
                    number=r.number, result=r.reply_text, unit_name=r.unit_name, at=r.at
                )
                try:
                    await self.pipeline.notify(r.conversation_id, event)
                    sent += 1
                except UnknownConversation:
                    log.info("reply not relayed: conversation unknown", extra={"order": r.number})
            # Advance past each event, so one failure is not retried forever.
            await self.store.set(CURSOR_KEY, str(r.event_id))
        return sent

    async def run(self, stop: asyncio.Event, interval: float = 5.0) -> None:
        """Poll until ``stop``; one process of many (a lease in the shared store) follows
        the events, so a reply is not relayed twice by two processes reading one cursor."""
        lease = Lease(self.store, KEYS.lease("reply-notices"))
        await every(interval, self.run_once, stop, name="reply-notices", lease=lease)
