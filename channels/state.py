"""State an adapter must share across N stateless gateway processes.

WeChat's access token (a second process fetching its own would invalidate the first's),
the 48-hour customer-service window and its per-citizen quota, uploaded media ids: kept
through :class:`ChannelState`, which the gateway backs with its shared store (Redis when
configured; the store builds the keys with ``KEYS.channel_state``). Adapters stay free of
gateway imports: they name their entries by parts, e.g. ``("seen", openid)``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Protocol

# an entry to write: (value, ttl in seconds, the entry's parts)
Entry = tuple[str, float, tuple[str, ...]]


class ChannelState(Protocol):
    """A small async key-value store with expiry, scoped to one channel."""

    @property
    def shared(self) -> bool:
        """Whether other gateway processes see the same entries (Redis)."""
        ...

    async def get(self, *parts: str) -> str | None:
        """The value of an entry, or ``None``."""
        ...

    async def set(self, value: str, ttl: float, *parts: str) -> None:
        """Keep ``value`` for ``ttl`` seconds."""
        ...

    async def set_if_absent(self, value: str, ttl: float, *parts: str) -> bool:
        """Keep ``value`` for ``ttl`` seconds unless the entry exists (atomic); True if set."""
        ...

    async def incr(self, ttl: float, *parts: str) -> int:
        """Add one to a counter (created at 1 with ``ttl``) and return it."""
        ...

    async def set_once_then(
        self, value: str, ttl: float, parts: tuple[str, ...], then: Sequence[Entry] = ()
    ) -> str | None:
        """``set_if_absent(value, ttl, *parts)``; when this call stored it or the entry
        already holds ``value``, also write each entry of ``then`` (atomic, one round trip
        on a shared store). Returns the value found (``None`` when this call stored it)."""
        ...

    async def delete(self, *parts: str) -> None:
        """Forget an entry."""
        ...


class LocalState:
    """In-process :class:`ChannelState` (one process, tests); bounded by ``cap`` entries."""

    shared = False

    def __init__(self, cap: int = 100_000) -> None:
        self._data: dict[tuple[str, ...], tuple[str, float]] = {}
        self._cap = cap

    def _live(self, key: tuple[str, ...]) -> str | None:
        found = self._data.get(key)
        if found is None:
            return None
        value, until = found
        if until < time.monotonic():
            del self._data[key]
            return None
        return value

    async def get(self, *parts: str) -> str | None:
        return self._live(parts)

    async def set(self, value: str, ttl: float, *parts: str) -> None:
        if len(self._data) >= self._cap:
            self._data.pop(next(iter(self._data)))
        self._data[parts] = (value, time.monotonic() + ttl)

    async def set_if_absent(self, value: str, ttl: float, *parts: str) -> bool:
        if self._live(parts) is not None:
            return False
        await self.set(value, ttl, *parts)
        return True

    async def set_once_then(
        self, value: str, ttl: float, parts: tuple[str, ...], then: Sequence[Entry] = ()
    ) -> str | None:
        first = self._live(parts)
        if first is None:
            await self.set(value, ttl, *parts)
        elif first != value:
            return first
        for v, t, p in then:
            await self.set(v, t, *p)
        return first

    async def incr(self, ttl: float, *parts: str) -> int:
        current = self._live(parts)
        n = int(current or 0) + 1
        until = self._data[parts][1] if current is not None else time.monotonic() + ttl
        self._data[parts] = (str(n), until)
        return n

    async def delete(self, *parts: str) -> None:
        self._data.pop(parts, None)
