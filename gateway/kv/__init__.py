"""The gateway's shared key-value store (sessions, dedup, locks, rate limits, presence,
leader election, pub/sub): one interface, an in-process and a Redis backend, one key builder.
"""

from gateway.kv.keys import KEYS, KeyBuilder
from gateway.kv.store import LockTimeout, MemoryStore, RedisStore, Store, StoreError, open_store

__all__ = [
    "KEYS",
    "KeyBuilder",
    "LockTimeout",
    "MemoryStore",
    "RedisStore",
    "Store",
    "StoreError",
    "open_store",
]
