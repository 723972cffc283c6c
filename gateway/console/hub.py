"""Live events to signed-in console pages (server-sent events), across gateway processes.

Every event is also durable elsewhere (turns and the queue are in the database), so a
page that reconnects refetches and misses nothing; the hub only makes it immediate.

With N gateway processes behind a load balancer (Redis, ``HOTLINE_REDIS_URL``), the
process that takes a citizen's message, a claim or an emergency is seldom the one holding
the agent's event stream (issue 16). A hub given a shared store (``Store.shared``: Redis)
delivers each event to its own streams AND publishes it on the store's pub/sub channel
:data:`CHANNEL`; every process runs :meth:`Hub.relay`, which sends this process's events
out in publish order and hands what the others published to its own streams. An event
carries its origin, so no process delivers its own event twice. Without a shared store
(the in-process store, one process) nothing leaves the process.

Envelopes (JSON on :data:`CHANNEL`, each with ``"origin"``): an event ``{"kind": "event",
"agents": [str] | null, "everyone": bool, "event": {...}}``, delivered as
:meth:`Hub.publish` delivers it; who watches ``{"kind": "watchers", "supervisor": bool,
"agents": [str]}``, sent when a stream opens or closes and every :data:`WATCH_EVERY`
seconds, kept for :data:`WATCH_TTL` (so :meth:`Hub.reaches` knows whether a stream
anywhere would take an event, and no turn event is built for nobody); ``{"kind":
"hello"}`` from a process that starts, which the others answer with their watchers.
Publishing never waits on Redis: a full outbox (:data:`OUTBOX`, a stalled store) drops
the cross-process copy and logs it; the pages refetch on their next reconnect.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from gateway.kv.interface import Store

log = logging.getLogger("hotline.console.hub")
#: The pub/sub channel of console events (the store adds its key prefix).
CHANNEL = "console:hub-events"
#: Events waiting to be published to the other processes, at most.
OUTBOX = 10_000
#: Seconds between a process's announcements of its open streams, and how long another
#: process believes one.
WATCH_EVERY = 10.0
WATCH_TTL = 30.0


@dataclass(frozen=True)
class Watchers:
    """The open streams of another process: any supervisor, which agents; until when
    (``time.monotonic()``)."""

    supervisor: bool
    agents: frozenset[str]
    until: float


@dataclass(eq=False)
class Subscriber:
    """One open event stream of one agent."""

    agent: str
    supervisor: bool
    queue: asyncio.Queue[dict[str, Any]] = field(
        default_factory=lambda: asyncio.Queue(maxsize=1000)
    )
    overflowed: bool = False


class Hub:
    """Fan-out of console events to subscribers, in publish order per subscriber.

    ``store``: a shared store (``store.shared``) makes the hub relay events between
    processes (:meth:`relay` must run); any other store, or none, keeps them here.
    """

    def __init__(
        self, store: Store | None = None, *, channel: str = CHANNEL, origin: str | None = None
    ) -> None:
        self._subs: set[Subscriber] = set()
        self._seq = itertools.count(1)
        self.store = store if store is not None and store.shared else None
        self.channel = channel
        self.origin = origin or secrets.token_hex(8)
        self._outbox: asyncio.Queue[str] | None = None
        self.dropped = 0  # cross-process copies dropped on a full outbox
        self._remote: dict[str, Watchers] = {}  # origin -> its open streams
        self.clock = time.monotonic

    @property
    def relays(self) -> bool:
        """Whether events cross processes (a shared store): :meth:`relay` must run."""
        return self.store is not None

    @contextmanager
    def subscribe(self, agent: str, supervisor: bool) -> Iterator[Subscriber]:
        """Register a stream for as long as the context is open."""
        sub = Subscriber(agent, supervisor)
        self._subs.add(sub)
        self._announce()
        try:
            yield sub
        finally:
            self._subs.discard(sub)
            self._announce()

    def publish(
        self, event: dict[str, Any], *, agents: set[str] | None = None, everyone: bool = False
    ) -> None:
        """Send to ``agents`` and every supervisor (or to everyone), in this process and,
        with a shared store, in every other one whose streams would take it."""
        self._deliver(event, agents, everyone)
        if not self.elsewhere(agents, everyone):
            return  # no stream of another process would take it: Redis spared
        self._send_out(
            {
                "kind": "event",
                "agents": sorted(agents) if agents is not None else None,
                "everyone": everyone,
                "event": event,
            }
        )

    def _send_out(self, envelope: dict[str, Any]) -> None:
        """Queue ``envelope`` for the other processes (with a shared store only)."""
        if self.store is None:
            return
        try:
            raw = json.dumps({"origin": self.origin, **envelope}, ensure_ascii=False, default=str)
            self._queue().put_nowait(raw)
        except asyncio.QueueFull:
            self.dropped += 1
            log.warning("console event outbox full: an event stays in this process")
        except (TypeError, ValueError):
            log.warning("a console event could not be encoded for the other processes")

    def _announce(self) -> None:
        """Tell the other processes which streams are open here."""
        agents = sorted({sub.agent for sub in self._subs})
        supervisor = any(sub.supervisor for sub in self._subs)
        self._send_out({"kind": "watchers", "supervisor": supervisor, "agents": agents})

    def _deliver(self, event: dict[str, Any], agents: set[str] | None, everyone: bool) -> None:
        event = {**event, "seq": next(self._seq)}
        for sub in list(self._subs):
            if everyone or sub.supervisor or (agents is not None and sub.agent in agents):
                try:
                    sub.queue.put_nowait(event)
                except asyncio.QueueFull:
                    # a stalled page: it will reconnect and refetch from the database
                    sub.overflowed = True

    def _queue(self) -> asyncio.Queue[str]:
        if self._outbox is None:
            self._outbox = asyncio.Queue(maxsize=OUTBOX)
        return self._outbox

    async def relay(self) -> None:
        """Until cancelled: publish this process's events (in order) and deliver the
        other processes' here. Returns at once without a shared store. Errors of the
        store are logged and retried: the live event is a convenience."""
        if self.store is None:
            return
        sender = asyncio.create_task(self._send())
        beat = asyncio.create_task(self._heartbeat())
        try:
            while True:
                try:
                    await self._receive()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("console events from other processes: resubscribing")
                    await asyncio.sleep(1.0)
                _cancelled_yet()
        finally:
            for task in (sender, beat):
                task.cancel()
            # bounded: a client library that swallows a cancellation never holds shutdown
            await asyncio.wait({sender, beat}, timeout=2.0)

    async def _heartbeat(self) -> None:
        self._announce()
        await asyncio.sleep(0.5)  # this process listening first: the answers reach it
        self._send_out({"kind": "hello"})  # the others answer with their streams
        while True:
            await asyncio.sleep(WATCH_EVERY)
            self._announce()

    async def _send(self) -> None:
        assert self.store is not None
        outbox = self._queue()
        while True:
            raw = await outbox.get()
            try:
                await self.store.publish(self.channel, raw)
            except Exception:
                log.exception("could not publish a live console event to the other processes")
            _cancelled_yet()

    async def _receive(self) -> None:
        assert self.store is not None
        async for raw in self.store.subscribe(self.channel):
            try:
                envelope = json.loads(raw)
                origin = str(envelope["origin"])
                if origin == self.origin:
                    continue
                kind = envelope.get("kind", "event")
                if kind == "hello":
                    self._announce()
                    continue
                named = envelope.get("agents")
                agents = None if named is None else {str(a) for a in named}
                if kind == "watchers":
                    until = self.clock() + WATCH_TTL
                    watching = Watchers(
                        bool(envelope["supervisor"]), frozenset(agents or ()), until
                    )
                    self._remote[origin] = watching
                    continue
                event = envelope["event"]
                everyone = bool(envelope.get("everyone", False))
            except (ValueError, KeyError, TypeError, AttributeError):
                log.warning("a malformed shared console event was dropped")
                continue
            if isinstance(event, dict):
                self._deliver(event, agents, everyone)

    def elsewhere(self, agents: set[str] | None, everyone: bool = False) -> bool:
        """Whether a stream of another process (as it last announced) would take an event
        for ``agents`` (or for everyone). A stream opened elsewhere a moment ago (the
        announcement's round trip through Redis, milliseconds) is not known yet: its page
        loads the queue and the conversation as it opens anyway."""
        now = self.clock()
        for origin, w in list(self._remote.items()):
            if w.until < now:
                del self._remote[origin]  # a process that stopped announcing: gone
            elif w.supervisor or (agents and w.agents & agents) or (everyone and w.agents):
                return True
        return False

    def reaches(self, agents: set[str] | None = None) -> bool:
        """Whether :meth:`publish` to ``agents`` would reach any open stream (an agent of
        ``agents`` or a supervisor) here or, with a shared store, in another process (as
        it last announced its streams): an event nobody would receive need not be built."""
        if any(sub.supervisor or (agents and sub.agent in agents) for sub in self._subs):
            return True
        return self.elsewhere(agents)

    @property
    def subscribers(self) -> int:
        """How many streams are open (in this process)."""
        return len(self._subs)


def _cancelled_yet() -> None:
    """Raise ``CancelledError`` when this task was asked to stop: redis-py may swallow
    the cancellation inside a call (the sender then waited on its outbox for ever)."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
