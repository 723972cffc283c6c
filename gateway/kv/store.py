"""Key-value store for sessions, dedup keys, rate-limit counters and locks.

One interface, two real backends: :class:`MemoryStore` (one process, the default) and
:class:`RedisStore` (``HOTLINE_REDIS_URL``, shared by several gateway processes).
The same test suite runs over both.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import secrets
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from gateway.kv import scripts


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


@dataclass
class _Entry:
    value: str | list[str]
    expires: float | None


class MemoryStore(Store):
    """In-process store. Correct under asyncio concurrency within one process."""

    def __init__(self) -> None:
        self._data: dict[str, _Entry] = {}
        self._now = time.monotonic
        self._subscribers: dict[str, set[asyncio.Queue[str]]] = {}

    def _live(self, key: str) -> _Entry | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        if entry.expires is not None and entry.expires <= self._now():
            del self._data[key]
            return None
        return entry

    def _expiry(self, ttl: float | None) -> float | None:
        return None if ttl is None else self._now() + ttl

    def _sweep(self) -> None:
        # Bound memory: drop expired keys now and then (amortized O(1) per write).
        if len(self._data) % 1024 == 0:
            now = self._now()
            for k in [
                k for k, e in self._data.items() if e.expires is not None and e.expires <= now
            ]:
                del self._data[k]

    async def get(self, key: str) -> str | None:
        entry = self._live(key)
        if entry is None or isinstance(entry.value, list):
            return None
        return entry.value

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        self._data[key] = _Entry(value, self._expiry(ttl))
        self._sweep()

    async def set_if_absent(self, key: str, value: str, ttl: float | None = None) -> bool:
        if self._live(key) is not None:
            return False
        self._data[key] = _Entry(value, self._expiry(ttl))
        self._sweep()
        return True

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)

    async def incr(self, key: str, ttl: float) -> int:
        entry = self._live(key)
        if entry is None or isinstance(entry.value, list):
            self._data[key] = _Entry("1", self._expiry(ttl))
            return 1
        value = int(entry.value) + 1
        entry.value = str(value)
        return value

    async def compare_and_delete(self, key: str, value: str) -> bool:
        entry = self._live(key)
        if entry is not None and entry.value == value:
            del self._data[key]
            return True
        return False

    async def rpush(self, key: str, value: str, ttl: float | None = None) -> int:
        entry = self._live(key)
        if entry is None or not isinstance(entry.value, list):
            entry = _Entry([], None)
            self._data[key] = entry
        assert isinstance(entry.value, list)
        entry.value.append(value)
        if ttl is not None:
            entry.expires = self._expiry(ttl)
        return len(entry.value)

    async def lrange(self, key: str, start: int = 0, end: int = -1) -> list[str]:
        entry = self._live(key)
        if entry is None or not isinstance(entry.value, list):
            return []
        stop = None if end == -1 else end + 1
        return list(entry.value[start:stop])

    async def publish(self, channel: str, message: str) -> int:
        queues = self._subscribers.get(channel, set())
        for queue in queues:
            queue.put_nowait(message)
        return len(queues)

    async def subscribe(self, channel: str) -> AsyncIterator[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._subscribers.setdefault(channel, set()).add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._subscribers[channel].discard(queue)


class RedisStore(Store):
    """Redis backend (redis-py asyncio). Keys are prefixed so tests can share a server."""

    def __init__(
        self,
        url: str,
        prefix: str = "hotline:",
        max_connections: int = 200,
        socket_timeout: float = 30.0,
    ) -> None:
        from redis.asyncio import BlockingConnectionPool, Redis

        # Blocking: a burst waits for a free connection instead of failing past the limit.
        # The timeouts are counted on the event loop, so they include its lag: redis-py's
        # 5 s default failed 199 of 1,000 web chats opened at once (issue 16). A URL's
        # own max_connections / socket_*timeout parameters win over these.
        pool = BlockingConnectionPool.from_url(
            url,
            decode_responses=True,
            max_connections=max_connections,
            timeout=socket_timeout,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
        )
        self._redis = Redis(connection_pool=pool)
        self._prefix = prefix
        self._cad = self._redis.register_script(scripts.CAD)
        self._incr = self._redis.register_script(scripts.INCR)
        self._open_turn = self._redis.register_script(scripts.OPEN_TURN)
        self._locked_reads = self._redis.register_script(scripts.LOCKED_READS)
        self._end_turn = self._redis.register_script(scripts.END_TURN)
        self._set_once_then = self._redis.register_script(scripts.SET_ONCE_THEN)

    def _k(self, key: str) -> str:
        return self._prefix + key

    @staticmethod
    def _ms(ttl: float | None) -> int | None:
        return None if ttl is None else max(1, int(ttl * 1000))

    async def get(self, key: str) -> str | None:
        value = await self._redis.get(self._k(key))
        return None if value is None else str(value)

    async def get_many(self, keys: Sequence[str]) -> list[str | None]:
        values = await self._redis.mget([self._k(k) for k in keys])
        return [None if v is None else str(v) for v in values]

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        await self._redis.set(self._k(key), value, px=self._ms(ttl))

    async def set_if_absent(self, key: str, value: str, ttl: float | None = None) -> bool:
        return bool(await self._redis.set(self._k(key), value, px=self._ms(ttl), nx=True))

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._k(key))

    async def incr(self, key: str, ttl: float) -> int:
        return int(await self._incr(keys=[self._k(key)], args=[max(1, int(ttl * 1000))]))

    async def compare_and_delete(self, key: str, value: str) -> bool:
        return bool(await self._cad(keys=[self._k(key)], args=[value]))

    async def rpush(self, key: str, value: str, ttl: float | None = None) -> int:
        k = self._k(key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.rpush(k, value)
            if ttl is not None:
                pipe.pexpire(k, max(1, int(ttl * 1000)))
            result = await pipe.execute()
        return int(result[0])

    async def lrange(self, key: str, start: int = 0, end: int = -1) -> list[str]:
        return [str(v) for v in await self._redis.lrange(self._k(key), start, end)]

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
        keys = [self._k(k) for k in (claim, meta, lock_key(lock), rate, *reads)]
        args: list[str | int] = [
            claim_value,
            _px(claim_ttl),
            meta_value,
            _px(meta_ttl),
            token,
            _px(lock_ttl),
            _px(rate_ttl),
        ]
        out = await self._open_turn(keys=keys, args=args)
        if not int(out[0]):
            return TurnOpened(claimed=False)
        if not int(out[1]):
            return TurnOpened(claimed=True)
        return TurnOpened(True, True, int(out[2]), _values(out[3:], len(reads)))

    async def locked_reads(
        self, rate: str, rate_ttl: float, reads: Sequence[str]
    ) -> tuple[int, tuple[str | None, ...]]:
        keys = [self._k(k) for k in (rate, *reads)]
        out = await self._locked_reads(keys=keys, args=[_px(rate_ttl)])
        return int(out[0]), _values(out[1:], len(reads))

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
        keys = [self._k(k) for k in (session, pending, lock_key(lock), answer)]
        args: list[str | int] = [
            state,
            self._ms(state_ttl) or 0,
            token,
            self._ms(answer_ttl) or 0,
            *replies,
        ]
        out = await self._end_turn(keys=keys, args=args)
        return [str(v) for v in out]

    async def set_once_then(
        self, key: str, value: str, ttl: float, then: Sequence[tuple[str, str, float]] = ()
    ) -> str | None:
        keys = [self._k(key), *[self._k(k) for k, _, _ in then]]
        args: list[str | int] = [value, _px(ttl)]
        for _, v, t in then:
            args += [v, _px(t)]
        first = await self._set_once_then(keys=keys, args=args)
        return None if first is None else str(first)

    async def publish(self, channel: str, message: str) -> int:
        return int(await self._redis.publish(self._k(channel), message))

    async def subscribe(self, channel: str) -> AsyncIterator[str]:
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(self._k(channel))
        try:
            async for item in pubsub.listen():
                if item.get("type") == "message":
                    yield str(item["data"])
        finally:
            await pubsub.unsubscribe()
            await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except Exception:
            return False

    async def aclose(self) -> None:
        await self._redis.aclose()


def _px(ttl: float) -> int:
    """A script's expiry in milliseconds (at least 1)."""
    return max(1, int(ttl * 1000))


def _values(raw: Sequence[object], n: int) -> tuple[str | None, ...]:
    """A script's trailing GET results (Lua drops trailing nils: pad with ``None``)."""
    out = [None if v is None or v is False else str(v) for v in raw]
    return tuple(out + [None] * (n - len(out)))


def open_store(redis_url: str | None, prefix: str = "hotline:") -> Store:
    """The Redis store when a URL is configured, else the in-process one."""
    return RedisStore(redis_url, prefix) if redis_url else MemoryStore()
