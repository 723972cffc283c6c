"""The key-value store's interface: what sessions, dedup keys, rate-limit counters, locks
and pub/sub ask of a backend, and the composed operations of a chat turn
(:meth:`Store.open_turn`, :meth:`Store.end_turn`) every backend offers in one round trip.

Backends: :mod:`gateway.kv.memory_store` and :mod:`gateway.kv.redis_store`; pick one with
:func:`gateway.kv.store.open_store`.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import secrets
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass


class StoreError(Exception):
    """Base of the store's errors."""


class LockTimeout(StoreError):
    """A lock could not be taken in time."""


def lock_key(name: str) -> str:
    """The key that holds the lock ``name`` (:meth:`Store.lock`)."""
    return f"lock:{name}"


@dataclass(frozen=True)
class TurnOpened:
    """What :meth:`Store.open_turn` did and read, in one round trip.

    ``claimed``: this call took the message's dedup claim (``False``: a repeat, nothing
    else was done). ``locked``: it also took the conversation lock; then ``count`` is the
    rate counter after this message and ``values`` the values of the ``reads`` keys, in
    order (``None`` when absent). Unlocked: ``count`` 0 and ``values`` empty.
    """

    claimed: bool
    locked: bool = False
    count: int = 0
    values: tuple[str | None, ...] = ()


class Store(abc.ABC):
    """Async key-value operations with expiry. Keys and values are ``str``."""

    #: Whether other gateway processes share this store (Redis): pub/sub then reaches them
    #: (:class:`gateway.console.hub.Hub` relays console events only then).
    shared: bool = False

    @abc.abstractmethod
    async def get(self, key: str) -> str | None:
        """The value, or ``None`` when absent or expired."""

    async def get_many(self, keys: Sequence[str]) -> list[str | None]:
        """The values of ``keys``, in order (one round trip on Redis)."""
        return [await self.get(k) for k in keys]

    @abc.abstractmethod
    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        """Store ``value``; ``ttl`` seconds until it expires (``None``: never)."""

    @abc.abstractmethod
    async def set_if_absent(self, key: str, value: str, ttl: float | None = None) -> bool:
        """Store only if no live value exists; True when this call stored it."""

    @abc.abstractmethod
    async def delete(self, key: str) -> None:
        """Remove the key."""

    @abc.abstractmethod
    async def incr(self, key: str, ttl: float) -> int:
        """Increment a counter; the first increment starts a ``ttl`` window."""

    @abc.abstractmethod
    async def compare_and_delete(self, key: str, value: str) -> bool:
        """Delete ``key`` only if it still holds ``value`` (lock release)."""

    @abc.abstractmethod
    async def rpush(self, key: str, value: str, ttl: float | None = None) -> int:
        """Append to a list; returns its new length."""

    @abc.abstractmethod
    async def lrange(self, key: str, start: int = 0, end: int = -1) -> list[str]:
        """A slice of a list (inclusive ``end``, like Redis)."""

    @abc.abstractmethod
    async def publish(self, channel: str, message: str) -> int:
        """Broadcast to every current subscriber of ``channel``; returns how many got it."""

    @abc.abstractmethod
    def subscribe(self, channel: str) -> AsyncIterator[str]:
        """Messages published to ``channel`` from now on (an async iterator)."""

    async def ping(self) -> bool:
        """True when the backend answers."""
        return True

    async def aclose(self) -> None:
        """Release connections."""

    @contextlib.asynccontextmanager
    async def lock(
        self, name: str, ttl: float = 30.0, timeout: float = 10.0
    ) -> AsyncIterator[None]:
        """Hold a named lock (expires after ``ttl`` in case the holder dies)."""
        token = secrets.token_hex(8)
        await self.acquire(name, token, ttl, timeout)
        try:
            yield
        finally:
            await self.compare_and_delete(lock_key(name), token)

    async def acquire(self, name: str, token: str, ttl: float, timeout: float) -> None:
        """Take the lock ``name`` under ``token`` (polling with back-off);
        :class:`LockTimeout` after ``timeout`` seconds. Released by
        ``compare_and_delete(lock_key(name), token)``."""
        key = lock_key(name)
        deadline = time.monotonic() + timeout
        delay = 0.002
        while not await self.set_if_absent(key, token, ttl):
            if time.monotonic() >= deadline:
                raise LockTimeout(name)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)

    # -- a citizen message's store work in few round trips (issue 16) -----------------
    # Each has a default composed of the operations above (atomic in MemoryStore, whose
    # operations never yield); RedisStore does each in one round trip (a Lua script).

    async def open_turn(
        self,
        *,
        claim: str,
        claim_value: str,
        claim_ttl: float,
        meta: str,
        meta_value: str,
        meta_ttl: float,
        lock: str,
        token: str,
        lock_ttl: float,
        rate: str,
        rate_ttl: float,
        reads: Sequence[str] = (),
    ) -> TurnOpened:
        """Claim a message and start its turn: ``set_if_absent(claim)``; if won,
        ``set(meta)``, try the lock ``lock`` once under ``token``, and if taken ``incr(rate)``
        and read ``reads``. See :class:`TurnOpened`."""
        if not await self.set_if_absent(claim, claim_value, claim_ttl):
            return TurnOpened(claimed=False)
        await self.set(meta, meta_value, meta_ttl)
        if not await self.set_if_absent(lock_key(lock), token, lock_ttl):
            return TurnOpened(claimed=True)
        count, values = await self.locked_reads(rate, rate_ttl, reads)
        return TurnOpened(claimed=True, locked=True, count=count, values=values)

    async def locked_reads(
        self, rate: str, rate_ttl: float, reads: Sequence[str]
    ) -> tuple[int, tuple[str | None, ...]]:
        """``incr(rate)`` and the values of ``reads`` (after a lock taken by polling)."""
        count = await self.incr(rate, rate_ttl)
        return count, tuple([await self.get(k) for k in reads])

    async def set_once_then(
        self, key: str, value: str, ttl: float, then: Sequence[tuple[str, str, float]] = ()
    ) -> str | None:
        """``set_if_absent(key, value, ttl)``; when this call stored it or ``key`` already
        holds ``value``, also ``set`` each ``(key, value, ttl)`` of ``then``. Returns the
        live value found (``None`` when this call stored it)."""
        if await self.set_if_absent(key, value, ttl):
            first = None
        else:
            first = await self.get(key)
            if first is not None and first != value:
                return first
        for k, v, t in then:
            await self.set(k, v, t)
        return first

    async def end_turn(
        self,
        *,
        session: str,
        state: str,
        state_ttl: float | None,
        pending: str,
        lock: str,
        token: str,
        answer: str,
        replies: Sequence[str],
        answer_ttl: float | None,
    ) -> list[str]:
        """End a turn opened by :meth:`open_turn`: ``set(session, state)``, take the list
        ``pending`` (its items, emptied), release the lock ``lock`` held under ``token``
        and keep, under ``answer``, the JSON array of the pending items then ``replies``
        (each one JSON object) for a repeat of the message. Returns the pending items."""
        await self.set(session, state, state_ttl)
        items = await self.lrange(pending)
        if items:
            await self.delete(pending)
        await self.compare_and_delete(lock_key(lock), token)
        await self.set(answer, "[" + ",".join([*items, *replies]) + "]", answer_ttl)
        return items
