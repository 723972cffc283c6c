"""Several workers on one real Redis: one leader runs the jobs; another takes over."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from gateway.kv.store import RedisStore
from gateway.scheduler import Job, Scheduler

pytestmark = pytest.mark.integration


async def test_one_leader_among_workers(redis_url: str) -> None:
    prefix = f"test-analytics-{uuid.uuid4().hex[:8]}:"
    stores = [RedisStore(redis_url, prefix) for _ in range(3)]
    ran: list[str] = []
    now = datetime(2025, 3, 3, tzinfo=UTC)

    def job(ident: str) -> Job:
        async def run(at: datetime) -> None:
            ran.append(ident)

        return Job("tick", timedelta(minutes=1), run)

    workers = [
        Scheduler(st, [job(f"w{i}")], clock=lambda: now, ident=f"w{i}", lease_ttl=5)
        for i, st in enumerate(stores)
    ]
    try:
        for w in workers:
            await w.run_due()
        assert ran == ["w0"]
        await workers[0].resign()  # the leader stops
        for w in workers[1:]:
            await w.run_due()
        assert ran == ["w0", "w1"]
        assert not await workers[2].is_leader()
    finally:
        for w in workers:
            await w.resign()
        for st in stores:
            await st.aclose()
