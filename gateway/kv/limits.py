"""Limits counted in the shared store, so N gateway processes count together.

A per-process counter lets a client that meets N processes (behind a load balancer) try
N times as often. :class:`FailureLimit` counts misses per subject (a client address, an
order number) in the shared :class:`~gateway.kv.store.Store` with a sliding-window
counter: fixed windows of ``window`` seconds, the previous window weighted by how much of
it still overlaps the sliding one (the approximation Redis rate limiters commonly use).

Check and count are one atomic step: :meth:`FailureLimit.acquire` counts the attempt
first (one ``INCR``, atomic in every store) and compares the number it returned, so N
concurrent guesses get N distinct counts and at most ``limit`` of them pass; an attempt
that turns out right is then taken back with :meth:`FailureLimit.release` (a second
counter of successes, subtracted). Several subjects are counted in turn and a refusal
by one takes the attempt back from those before it, so a limit of 10 per client and per
number lets 10 concurrent misses through, not fewer. Checking first and counting after
a slow look-up let 52 of 100 concurrent guesses through a limit of 10 (trial finding R1).
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

    def _ok(self, subject: str, slot: int) -> str:
        return KEYS.failures(self.scope + ":ok", subject, slot)

    async def _net(self, store: Store, subject: str, slot: int) -> int:
        counted = await store.get(KEYS.failures(self.scope, subject, slot))
        released = await store.get(self._ok(subject, slot))
        return max(0, int(counted or 0) - int(released or 0))

    async def count(self, store: Store, subject: str) -> float:
        """Failures of ``subject`` in the sliding window ending now."""
        slot, elapsed = self._slot()
        current = await self._net(store, subject, slot)
        previous = await self._net(store, subject, slot - 1)
        return current + previous * (1.0 - elapsed)

    async def blocked(self, store: Store, subjects: Sequence[str]) -> bool:
        """Whether any of ``subjects`` has reached the limit (a read only: use
        :meth:`acquire` to guard an attempt)."""
        for subject in subjects:
            if await self.count(store, subject) >= self.limit:
                return True
        return False

    async def fail(self, store: Store, subjects: Sequence[str]) -> None:
        """Count one failure for each of ``subjects``."""
        slot, _ = self._slot()
        for subject in subjects:
            await store.incr(KEYS.failures(self.scope, subject, slot), ttl=2 * self.window)

    async def acquire(self, store: Store, subjects: Sequence[str]) -> bool:
        """Count this attempt as a failure of each subject in turn, then say whether it may
        go on: False when a subject is now over ``limit``. That subject keeps the refused
        attempt counted (hammering a blocked subject keeps it blocked); the subjects
        before it have it taken back. Call :meth:`release` when the attempt succeeds."""
        slot, elapsed = self._slot()
        taken: list[str] = []
        for subject in subjects:
            mine = await store.incr(KEYS.failures(self.scope, subject, slot), ttl=2 * self.window)
            released = int(await store.get(self._ok(subject, slot)) or 0)
            previous = await self._net(store, subject, slot - 1)
            if mine - released + previous * (1.0 - elapsed) > self.limit:
                await self.release(store, taken)
                return False
            taken.append(subject)
        return True

    async def release(self, store: Store, subjects: Sequence[str]) -> None:
        """The attempt :meth:`acquire` counted succeeded: it is no failure."""
        slot, _ = self._slot()
        for subject in subjects:
            await store.incr(self._ok(subject, slot), ttl=2 * self.window)


#: Guesses of an order's phone tail (four digits: 10,000 values), wherever they are made:
#: ``POST /api/progress`` (per client address and per number) and the dialogue's
#: 「查询HZ…」 (per conversation and per number) share one budget per number.
PROGRESS_FAILURES = FailureLimit("progress", limit=10, window=600.0)
