"""The in-process key-value store: one gateway process, the default without Redis.

Expiry is checked on read and swept now and then; pub/sub reaches this process's
subscribers only.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from gateway.kv.interface import Store


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
