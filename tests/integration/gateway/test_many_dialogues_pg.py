"""200 citizens at once, each to a work order, on PostgreSQL (a two-connection pool, a
2 s checkout timeout) and the Redis store's one-round-trip scripts (issue 16: 892 of
1,000 confirmations timed out on the pool). The pipeline's admission gate is opened wide,
so that the order transactions themselves must queue."""

from __future__ import annotations

import uuid

import pytest

from gateway.db import migrate
from gateway.kv.store import RedisStore
from tests.unit.gateway.many_dialogues import run_dialogues

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]


async def test_200_concurrent_dialogues_all_open_their_order_on_postgresql(
    postgres_url: str, redis_url: str
) -> None:
    migrate(postgres_url)
    store = RedisStore(redis_url, prefix=f"t:{uuid.uuid4().hex[:8]}:")
    try:
        failures, orders = await run_dialogues(postgres_url, store, 200, concurrency=1000)
    finally:
        await store.aclose()
    assert failures == []
    assert orders == 200  # one order each: none lost, none twice
