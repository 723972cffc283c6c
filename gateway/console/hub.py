"""Live events to signed-in console pages (server-sent events), within one process.

Every event is also durable elsewhere (turns and the queue are in the database), so a
page that reconnects refetches and misses nothing; the hub only makes it immediate.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


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
    """Fan-out of console events to subscribers, in publish order per subscriber."""

    def __init__(self) -> None:
        self._subs: set[Subscriber] = set()
        self._seq = itertools.count(1)

    @contextmanager
    def subscribe(self, agent: str, supervisor: bool) -> Iterator[Subscriber]:
        """Register a stream for as long as the context is open."""
        sub = Subscriber(agent, supervisor)
        self._subs.add(sub)
        try:
            yield sub
        finally:
            self._subs.discard(sub)

    def publish(
        self, event: dict[str, Any], *, agents: set[str] | None = None, everyone: bool = False
    ) -> None:
        """Send to ``agents`` and every supervisor (or to everyone)."""
        event = {**event, "seq": next(self._seq)}
        for sub in list(self._subs):
            if everyone or sub.supervisor or (agents is not None and sub.agent in agents):
                try:
                    sub.queue.put_nowait(event)
                except asyncio.QueueFull:
                    # a stalled page: it will reconnect and refetch from the database
                    sub.overflowed = True

    def reaches(self, agents: set[str] | None = None) -> bool:
        """Whether :meth:`publish` to ``agents`` would reach any open stream (an agent of
        ``agents`` or a supervisor): an event nobody would receive need not be built."""
        return any(sub.supervisor or (agents and sub.agent in agents) for sub in self._subs)

    @property
    def subscribers(self) -> int:
        """How many streams are open."""
        return len(self._subs)
