"""200 citizens at once, each to a work order, on SQLite with a small pool and a 2 s
checkout timeout (issue 16: 1,000 concurrent dialogues completed 309 on SQLite, 108 on
PostgreSQL, the confirmations timing out on the pool). The pipeline's own admission gate
is opened wide here, so that the order transactions themselves must queue."""

from __future__ import annotations

from gateway.db import migrate
from gateway.kv.store import MemoryStore
from tests.unit.gateway.many_dialogues import run_dialogues


async def test_200_concurrent_dialogues_all_open_their_order_on_sqlite(sqlite_url: str) -> None:
    migrate(sqlite_url)
    failures, orders = await run_dialogues(sqlite_url, MemoryStore(), 200, concurrency=1000)
    assert failures == []
    assert orders == 200  # one order each: none lost, none twice
