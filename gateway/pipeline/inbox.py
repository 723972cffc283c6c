"""The durable inbox: every accepted message is on disk before it is acknowledged.

A provider that got a 200 will not send again, so a message must survive a crash between
the acknowledgement and the end of processing. ``accept`` writes it (idempotently, unique
on the dedup key) before the pipeline runs; ``done`` marks it; the recovery worker re-runs
anything left ``received`` after a grace period — the pipeline's dedup and the work
order's idempotency key make the re-run safe.

Under a burst every acknowledgement waits for its row, so accepts are group-committed
(one ``INSERT … ON CONFLICT DO NOTHING`` of many rows per transaction, through a
:class:`~gateway.pipeline.writebehind.WriteBehind` whose callers wait for the commit),
and ``done`` marks go behind, in groups, not awaited (a mark lost in a crash only makes
the recovery re-run a message that dedup then answers from its kept reply).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, Integer, String, Text, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from casebridge.db import UTCDateTime, utcnow
from channels.messages import InboundMessage
from gateway.db import Base
from gateway.pipeline.writebehind import WriteBehind
from gateway.scheduler import Lease, every

log = logging.getLogger("hotline.inbox")

RECEIVED = "received"
DONE = "done"
FAILED = "failed"


class InboxMessage(Base):
    """One accepted inbound message (the normalized form; raw kept for audit)."""

    __tablename__ = "inbox_messages"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    dedup_key: Mapped[str] = mapped_column(String(300), unique=True)
    channel: Mapped[str] = mapped_column(String(32), index=True)
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True, default=RECEIVED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Inbox:
    """Accept, complete and recover inbound messages."""

    def __init__(self, sessions: async_sessionmaker, max_attempts: int = 5) -> None:  # type: ignore[type-arg]
        self.sessions = sessions
        self.max_attempts = max_attempts
        self._accepts: WriteBehind[InboundMessage] = WriteBehind(
            "inbox", self._insert, max_batch=200, interval=0.005
        )
        self._dones: WriteBehind[str] = WriteBehind("inbox-done", self._mark_done)

    async def accept(self, msg: InboundMessage) -> None:
        """Persist ``msg`` unless it is already there (a provider retry); returns once it
        is committed (group-committed with the accepts of the same moment)."""
        await self._accepts.put_and_wait(msg)

    async def done(self, dedup_key: str) -> None:
        """Mark a message processed (queued; committed in a group shortly after)."""
        await self._dones.put(dedup_key)

    async def drain(self) -> None:
        """Commit the queued accepts and marks now (tests, shutdown)."""
        await self._accepts.drain()
        await self._dones.drain()

    async def aclose(self) -> None:
        """Commit what is queued and stop the writers."""
        await self._accepts.close()
        await self._dones.close()

    async def _insert(self, messages: list[InboundMessage]) -> None:
        now = utcnow()
        rows = {
            m.dedup_key: {
                "dedup_key": m.dedup_key,
                "channel": m.channel,
                "payload": m.model_dump_json(),
                "status": RECEIVED,
                "attempts": 1,
                "received_at": now,
            }
            for m in messages
        }
        async with self.sessions() as session:
            dialect = session.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            await session.execute(
                insert(InboxMessage)
                .values(list(rows.values()))
                .on_conflict_do_nothing(index_elements=[InboxMessage.dedup_key])
            )
            await session.commit()

    async def _mark_done(self, keys: list[str]) -> None:
        async with self.sessions() as session:
            await session.execute(
                update(InboxMessage)
                .where(InboxMessage.dedup_key.in_(keys))
                .values(status=DONE, done_at=utcnow())
            )
            await session.commit()

    async def unfinished(self, older_than: timedelta, limit: int = 100) -> list[InboundMessage]:
        """Messages accepted but not processed for ``older_than`` (a crash or a failure)."""
        await self._dones.drain()  # this process's own marks first
        cutoff = utcnow() - older_than
        async with self.sessions() as session:
            rows = (
                await session.scalars(
                    select(InboxMessage)
                    .where(InboxMessage.status == RECEIVED, InboxMessage.received_at < cutoff)
                    .order_by(InboxMessage.id)
                    .limit(limit)
                )
            ).all()
            out: list[InboundMessage] = []
            for row in rows:
                row.attempts += 1
                if row.attempts > self.max_attempts:
                    row.status = FAILED
                    log.error("inbox message gave up", extra={"dedup_key": row.dedup_key})
                    continue
                out.append(InboundMessage.model_validate_json(row.payload))
            await session.commit()
        return out

    async def recover_once(
        self,
        handle: Callable[[InboundMessage], Awaitable[object]],
        grace: timedelta = timedelta(seconds=60),
    ) -> int:
        """Re-run the messages left unfinished for ``grace``; how many were tried."""
        found = await self.unfinished(grace)
        for msg in found:
            try:
                await handle(msg)
            except Exception:
                log.exception("recovery of an inbox message failed")
        return len(found)

    async def recover(
        self,
        handle: Callable[[InboundMessage], Awaitable[object]],
        stop: asyncio.Event,
        *,
        grace: timedelta = timedelta(seconds=60),
        interval: float = 15.0,
        lease: Lease | None = None,
    ) -> None:
        """Re-run unfinished messages until ``stop`` is set (a full batch: again at once)."""
        await every(
            interval,
            lambda: self.recover_once(handle, grace),
            stop,
            name="inbox-recovery",
            lease=lease,
            again=lambda n: isinstance(n, int) and n >= 100,
        )
