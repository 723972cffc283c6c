"""Admission: how many citizen messages are worked on at once, and who waits.

A thousand citizens writing at the same moment must not become a thousand coroutines
interleaving on one event loop: every one of them holds a Redis connection, a database
session or a share of the loop, the loop's iterations grow to seconds, and the websocket
keep-alives, the pool checkouts and the providers' deadlines all run out together (issue
16: 1,000 concurrent dialogues opened 1,000 Redis connections at once and completed 0).

:class:`Gate` lets ``limit`` messages run and queues the rest in arrival order (FIFO,
no timeout: a queued message is never dropped, it waits its turn). Its ``waiting`` and
``running`` counts are what the webhook route reads to decide, at arrival, whether an
answer can still be given inline (:func:`gateway.routers.webhooks`).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import time
from collections.abc import AsyncIterator, Iterator

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway import metrics

# the gate whose slot the current task holds (outside() gives back only a held slot)
_HELD: contextvars.ContextVar[Gate | None] = contextvars.ContextVar("gate_held", default=None)


class Gate:
    """At most ``limit`` holders at once; the others wait in arrival order.

    ``limit`` ≥ 1 (``HOTLINE_PIPELINE_CONCURRENCY``). ``waiting``: callers queued now;
    ``running``: callers inside now; ``inflight``: provider webhook requests in their
    route now (:meth:`webhook`), counted from before their verification, so a burst is
    seen while its requests are still being read, before any of them reaches the gate.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.waiting = 0
        self.running = 0
        self.inflight = 0
        # the event loop's lag (seconds), measured while messages are in: how long a
        # request's bytes may have waited before the loop read them and stamped it
        self.lag = 0.0
        self._slots: asyncio.Semaphore | None = None
        self._probe: asyncio.Task[None] | None = None

    @property
    def busy(self) -> int:
        """Callers inside plus callers queued."""
        return self.waiting + self.running

    @contextlib.asynccontextmanager
    async def slot(self, channel: str = "") -> AsyncIterator[None]:
        """Hold one slot for the body; waits (FIFO, no timeout) while all are taken."""
        if self._slots is None:  # created on first use, on the running loop
            self._slots = asyncio.Semaphore(self.limit)
        if self._probe is None or self._probe.done():
            self._probe = asyncio.create_task(self._measure_lag(), name="gate-lag")
        started = time.perf_counter()
        self.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
        metrics.STAGE_LATENCY.labels(channel, "admission").observe(time.perf_counter() - started)
        self.running += 1
        token = _HELD.set(self)
        try:
            yield
        finally:
            _HELD.reset(token)
            self.running -= 1
            self._slots.release()

    @contextlib.contextmanager
    def webhook(self) -> Iterator[None]:
        """Count one provider request in its route for the body (:attr:`inflight`)."""
        self.inflight += 1
        try:
            yield
        finally:
            self.inflight -= 1

    @contextlib.asynccontextmanager
    async def outside(self) -> AsyncIterator[None]:
        """Give the caller's slot back for the body (a wait on something else, e.g. the
        database) and take one again after it, in turn with the others; a caller that
        holds no slot of this gate (a pushed event, a recovery) just runs the body."""
        if _HELD.get() is not self or self._slots is None:
            yield
            return
        self.running -= 1
        self._slots.release()
        try:
            yield
        finally:
            self.waiting += 1
            try:
                await self._slots.acquire()
            finally:
                self.waiting -= 1
            self.running += 1

    async def _measure_lag(self, tick: float = 0.02) -> None:
        """While messages are in, how late a ``tick``-second sleep wakes (decaying max);
        ends when the gate is idle (restarted by the next message)."""
        loop = asyncio.get_running_loop()
        while self.busy:
            start = loop.time()
            await asyncio.sleep(tick)
            late = loop.time() - start - tick
            self.lag = max(late, self.lag * 0.8)
        self.lag = 0.0


# -- a provider's deadline counts from the request's arrival ------------------------------
MIN_INLINE_SECONDS = 0.25  # less left than this: acknowledge now, answer by push


class ArrivalStamp:
    """ASGI middleware (outermost): stamps each HTTP request's arrival in
    ``scope["state"]["arrived"]`` (``time.monotonic()`` seconds), before the other
    middleware and the route run, so that a provider's deadline (WeChat: 5 s) is counted
    from there and not from the handler's start (issue 16: under a burst the requests
    queued before the handler and 96 % were answered late)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope.setdefault("state", {}).setdefault("arrived", time.monotonic())
        await self.app(scope, receive, send)


def arrived_at(scope: Scope) -> float:
    """When the request arrived (:class:`ArrivalStamp`); now if it was not stamped."""
    state = scope.get("state")
    value = state.get("arrived") if isinstance(state, dict) else None
    return float(value) if isinstance(value, int | float) else time.monotonic()


def inline_budget(wait: float, arrived: float, gate: Gate, now: float | None = None) -> float:
    """Seconds the route may still wait for an inline answer: the channel's ``wait``
    (its deadline less a margin) less the time since ``arrived`` and less the event
    loop's lag (``gate.lag``: the request may have waited that long unread before it was
    stamped, and its answer will wait as long to be written); 0 when less than
    :data:`MIN_INLINE_SECONDS` is left, when messages already queue at ``gate`` (the
    answer would come after theirs), or when more provider requests are in their route
    than the gate lets run at once (``gate.inflight > gate.limit``: a burst, the later
    ones would queue): then the message is acknowledged at once and answered by push."""
    left = wait - ((time.monotonic() if now is None else now) - arrived) - 2 * gate.lag
    if left < MIN_INLINE_SECONDS or gate.waiting > 0 or gate.inflight > gate.limit:
        return 0.0
    return left
