"""The scheduler runs due jobs on a controllable clock, and only while it leads."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from gateway.kv.store import MemoryStore
from gateway.scheduler import LEADER_KEY, Job, Scheduler


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 3, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def make(
    store: MemoryStore, clock: Clock, log: list[tuple[str, datetime]], ident: str
) -> Scheduler:
    async def record(now: datetime) -> None:
        log.append((ident, now))

    async def boom(now: datetime) -> None:
        raise RuntimeError("job failure")

    return Scheduler(
        store,
        [
            Job("every-minute", timedelta(minutes=1), record),
            Job("broken", timedelta(minutes=1), boom),
        ],
        clock=clock,
        ident=ident,
    )


async def test_jobs_run_when_due_and_failures_do_not_stop_others() -> None:
    store, clock, log = MemoryStore(), Clock(), list[tuple[str, datetime]]()
    s = make(store, clock, log, "a")
    assert await s.run_due() == ["every-minute", "broken"]
    assert await s.run_due() == []  # not due again yet
    clock.now += timedelta(seconds=59)
    assert await s.run_due() == []
    clock.now += timedelta(seconds=1)
    assert await s.run_due() == ["every-minute", "broken"]
    assert [t for _, t in log] == [
        datetime(2025, 3, 3, tzinfo=UTC),
        datetime(2025, 3, 3, 0, 1, tzinfo=UTC),
    ]
    assert s.jobs[1].failures == 2
    assert s.jobs[0].runs == 2


async def test_only_one_leader_and_hand_over() -> None:
    store, clock, log = MemoryStore(), Clock(), list[tuple[str, datetime]]()
    a = make(store, clock, log, "a")
    b = make(store, clock, log, "b")
    assert await a.run_due()
    assert await b.run_due() == []  # a holds the lease
    assert {who for who, _ in log} == {"a"}
    await a.resign()
    assert await store.get(LEADER_KEY) is None
    assert await b.run_due()
    assert await a.is_leader() is False


async def test_run_loop_stops_and_resigns() -> None:
    store, clock, log = MemoryStore(), Clock(), list[tuple[str, datetime]]()
    s = make(store, clock, log, "a")
    s.tick = 0.01
    stop = asyncio.Event()
    task = asyncio.create_task(s.run(stop))
    for _ in range(100):
        if log:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert log
    assert await store.get(LEADER_KEY) is None


async def test_every_process_jobs_run_without_the_lease() -> None:
    store, clock, log = MemoryStore(), Clock(), list[tuple[str, datetime]]()
    leader = make(store, clock, log, "a")
    other = make(store, clock, log, "b")

    async def local(now: datetime) -> None:
        log.append(("b-local", now))

    other.jobs.append(Job("cache", timedelta(minutes=1), local, leader_only=False))
    assert await leader.run_due()
    assert await other.run_due() == ["cache"]
