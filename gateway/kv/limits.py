"""Limits counted in the shared store, so N gateway processes count together.

A per-process counter lets a client that meets N processes (behind a load balancer) try
N times as often. :class:`FailureLimit` counts misses per subject (a client address, an
order number) in the shared :class:`~gateway.kv.store.Store` with a sliding-window
counter: fixed windows of ``window`` seconds, the previous window weighted by how much of
it still overlaps the sliding one (the approximation Redis rate limiters commonly use).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from gateway.kv.keys import KEYS
from gateway.kv.store import Store


@dataclass
class FailureLimit:
    """After ``limit`` failures in ``window`` seconds a subject is refused until the
    count decays."""

    scope: str
    limit: int = 10
    window: float = 600.0
    clock: Callable[[], float] = field(default=time.time)  # wall clock: shared by processes

    def _slot(self) -> tuple[int, float]:
        now = self.clock()
        slot = int(now // self.window)
        return slot, (now - slot * self.window) / self.window

    async def count(self, store: Store, subject: str) -> float:
        """Failures of ``subject`` in the sliding window ending now."""
        slot, elapsed = self._slot()
        current = await store.get(KEYS.failures(self.scope, subject, slot))
        previous = await store.get(KEYS.failures(self.scope, subject, slot - 1))
        return int(current or 0) + int(previous or 0) * (1.0 - elapsed)

    async def blocked(self, store: Store, subjects: Sequence[str]) -> bool:
        """Whether any of ``subjects`` has reached the limit."""
        for subject in subjects:
            if await self.count(store, subject) >= self.limit:
                return True
        return False

    async def fail(self, store: Store, subjects: Sequence[str]) -> None:
        """Count one failure for each of ``subjects``."""
        slot, _ = self._slot()
        for subject in subjects:
            await store.incr(KEYS.failures(self.scope, subject, slot), ttl=2 * self.window)
