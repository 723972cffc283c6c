"""One bounded write-behind queue with group commits, for records the reply does not need.

The reply to a citizen never waits for the conversation record (the turns, the console's
conversation row): :meth:`WriteBehind.put` queues a record and returns at once; a writer
task commits what is queued in groups, one transaction per group, when ``max_batch``
records wait or ``interval`` seconds after the first of a group, whichever comes first.

- **Bounded, with back-pressure**: at ``capacity`` queued records ``put`` waits for room
  (counted as ``hotline_write_behind_total{outcome="waited"}``). Nothing queued is dropped
  to make room: a slow database slows the callers down instead of losing the record of
  what was said. (A database that is down holds the writer in its retries; at
  ``capacity`` the replies wait too, which bounds the memory a stall can take.)
- **Shutdown drains**: :meth:`close` commits everything queued before it returns
  (``Services.aclose``).
- **A crash** loses the records queued since the last group commit (at most ``interval``
  seconds' worth plus one group). What the citizen asked for is not among them: a message
  acknowledged before its answer is in the durable inbox, a work order is committed in its
  own transaction before its number is said, and the dialogue state is in the store.
- **A failing group** is written again record by record, so one bad record does not fail
  its neighbours; a record that fails alone is logged and counted (``outcome="failed"``).
- :meth:`put_and_wait` is for the few callers that must see their record committed (an
  agent's own words, a turn shown to the agent holding the chat).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from gateway import metrics

log = logging.getLogger("hotline.writebehind")

T = TypeVar("T")
Flush = Callable[[list[T]], Awaitable[None]]


class WriteBehind(Generic[T]):
    """A bounded queue of records committed behind the callers, in groups."""

    def __init__(
        self,
        name: str,
        flush: Flush[T],
        *,
        capacity: int = 10_000,
        max_batch: int = 500,
        interval: float = 0.05,
        retry_delay: float = 0.5,
        max_retry_delay: float = 10.0,
    ) -> None:
        if capacity < 1 or max_batch < 1:
            raise ValueError("capacity and max_batch must be positive")
        self.name = name
        self.flush = flush
        self.capacity = capacity
        self.max_batch = max_batch
        self.interval = interval
        self.retry_delay = retry_delay
        self.max_retry_delay = max_retry_delay
        self._queue: asyncio.Queue[tuple[T, asyncio.Future[None] | None]] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._closing = False
        self._hurry = asyncio.Event()  # drain: commit what is queued now, not after interval
        self._full = asyncio.Event()  # a group's worth queued (or a drain): commit now
        self._gathering = 0  # 1 while the writer holds a group's first record and waits
        self.commits = 0

    # ------------------------------------------------------------------ callers
    async def put(self, item: T) -> None:
        """Queue ``item``; returns at once unless the queue is full (then waits for room)."""
        await self._put(item, None)

    async def put_and_wait(self, item: T) -> None:
        """Queue ``item`` and return once it is committed (raises if it could not be)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._put(item, done)
        await done

    def pending(self) -> int:
        """Records queued and not yet committed (the group being written excluded)."""
        return 0 if self._queue is None else self._queue.qsize()

    async def drain(self) -> None:
        """Commit everything queued so far now (not after ``interval``) and wait for it."""
        if self._queue is not None and self._writer is not None and not self._writer.done():
            self._hurry.set()
            self._full.set()
            try:
                await self._queue.join()
            finally:
                self._hurry.clear()

    async def close(self) -> None:
        """Commit everything queued, then stop the writer."""
        self._closing = True
        await self.drain()
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
            self._writer = None

    # ------------------------------------------------------------------ writer
    async def _put(self, item: T, done: asyncio.Future[None] | None) -> None:
        if self._queue is None:
            self._queue = asyncio.Queue(self.capacity)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._run(self._queue), name=f"wb-{self.name}")
        try:
            self._queue.put_nowait((item, done))
        except asyncio.QueueFull:
            metrics.WRITE_BEHIND.labels(self.name, "waited").inc()
            self._full.set()
            await self._queue.put((item, done))
        if self._queue.qsize() + self._gathering >= self.max_batch:
            self._full.set()

    async def _run(self, queue: asyncio.Queue[tuple[T, asyncio.Future[None] | None]]) -> None:
        while True:
            batch = [await queue.get()]
            # One wait per group, not one per record (that cost two futures and a wait for
            # every record): woken early by a full group (``_put``) or a drain, else the
            # group is taken ``interval`` seconds after its first record.
            if queue.qsize() + 1 < self.max_batch and not self._hurry.is_set():
                self._gathering = 1  # the group's first record, out of the queue
                try:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._full.wait(), self.interval)
                finally:
                    self._gathering = 0
            self._full.clear()
            while len(batch) < self.max_batch:
                try:
                    batch.append(queue.get_nowait())
                except asyncio.QueueEmpty:
                    break
            try:
                await self._commit(batch)
            finally:
                for _ in batch:
                    queue.task_done()

    async def _commit(self, batch: list[tuple[T, asyncio.Future[None] | None]]) -> None:
        delay = self.retry_delay
        while True:
            try:
                await self._flush([item for item, _ in batch])
                for _, done in batch:
                    if done is not None and not done.done():
                        done.set_result(None)
                return
            except Exception as exc:
                if not _transient(exc) or self._closing:
                    break
                # the database unreachable for a while: the same group again, later (the
                # queue fills meanwhile, and at capacity the callers wait: back-pressure)
                log.warning(
                    "write-behind commit failed; retrying",
                    extra={"queue": self.name, "error": str(exc), "records": len(batch)},
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_retry_delay)
        # the group was refused: write its records one by one, so one bad record fails alone
        for item, done in batch:
            try:
                await self._flush([item])
            except Exception as exc:
                metrics.WRITE_BEHIND.labels(self.name, "failed").inc()
                log.exception("write-behind record lost", extra={"queue": self.name})
                if done is not None and not done.done():
                    done.set_exception(exc)
                continue
            if done is not None and not done.done():
                done.set_result(None)

    async def _flush(self, items: list[T]) -> None:
        await self.flush(items)
        self.commits += 1
        metrics.WRITE_BEHIND_COMMITS.labels(self.name).inc()
        metrics.WRITE_BEHIND.labels(self.name, "written").inc(len(items))


def _transient(exc: Exception) -> bool:
    """Whether the database was unreachable or busy (try again later), as opposed to the
    records being refused (an integrity error, a bug): those are not retried."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError | PoolTimeout | OSError | TimeoutError)
