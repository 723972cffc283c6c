"""Key-value store for sessions, dedup keys, rate-limit counters and locks.

One interface (:mod:`gateway.kv.interface`), two real backends: :class:`MemoryStore`
(:mod:`gateway.kv.memory_store`, one process, the default) and :class:`RedisStore`
(:mod:`gateway.kv.redis_store`, ``HOTLINE_REDIS_URL``, shared by several gateway
processes). The same test suite runs over both. Everything is importable from here.
"""

from __future__ import annotations

from gateway.kv.interface import LockTimeout, Store, StoreError, TurnOpened, lock_key
from gateway.kv.memory_store import MemoryStore
from gateway.kv.redis_store import RedisStore

__all__ = [
    "LockTimeout",
    "MemoryStore",
    "RedisStore",
    "Store",
    "StoreError",
    "TurnOpened",
    "lock_key",
    "open_store",
]


def open_store(redis_url: str | None, prefix: str = "hotline:") -> Store:
    """The Redis store when a URL is configured, else the in-process one."""
    return RedisStore(redis_url, prefix) if redis_url else MemoryStore()
