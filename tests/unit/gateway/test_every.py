"""``every(interval, job)``: the one polling loop of the background workers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from gateway import metrics
from gateway.kv.store import MemoryStore
from gateway.scheduler import Lease, every


def _count(job: str, outcome: str) -> float:
    return float(metrics.JOB_RUNS.labels(job, outcome)._value.get())


async def _until(cond: object, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not cond():  # type: ignore[operator]
        assert loop.time() < end, "condition not reached"
        await asyncio.sleep(0.005)


async def test_failures_are_logged_counted_and_the_loop_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[int] = []

    async def job() -> None:
        calls.append(1)
        if len(calls) % 2:
            raise RuntimeError("round failed")

    before_failed, before_ok = _count("t-fail", "failed"), _count("t-fail", "ok")
    stop = asyncio.Event()
    task = asyncio.create_task(every(0.01, job, stop, name="t-fail"))
    await _until(lambda: len(calls) >= 4)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert _count("t-fail", "failed") - before_failed >= 2
    assert _count("t-fail", "ok") - before_ok >= 2
    assert any("periodic job failed" in r.message and r.exc_info for r in caplog.records)


async def test_stop_ends_the_pause_at_once() -> None:
    stop = asyncio.Event()
    ran: list[int] = []

    async def job() -> None:
        ran.append(1)

    task = asyncio.create_task(every(3600, job, stop, name="t-stop"))
    await _until(lambda: ran)
    stop.set()
    await asyncio.wait_for(task, 1)  # not an hour
    assert ran == [1]


async def test_a_busy_round_is_followed_at_once() -> None:
    batches = [5, 5, 0]
    done: list[int] = []

    async def job() -> int:
        n = batches.pop(0) if batches else 0
        done.append(n)
        return n

    stop = asyncio.Event()
    task = asyncio.create_task(every(3600, job, stop, name="t-again", again=bool))
    await _until(lambda: len(done) >= 3)  # three rounds without waiting an hour
    stop.set()
    await asyncio.wait_for(task, 1)
    assert done == [5, 5, 0]


async def test_jitter_spreads_the_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    real = asyncio.wait_for

    async def spy(aw: object, timeout: float | None = None) -> object:
        if timeout is not None:
            pauses.append(timeout)
            timeout = 0.0
        return await real(aw, timeout)  # type: ignore[arg-type]

    monkeypatch.setattr(asyncio, "wait_for", spy)
    stop = asyncio.Event()

    async def job() -> None:
        if len(pauses) >= 30:
            stop.set()

    await every(10.0, job, stop, name="t-jitter", jitter=0.2)
    assert all(8.0 <= p <= 12.0 for p in pauses)
    assert len({round(p, 6) for p in pauses}) > 1


async def test_with_a_lease_one_loop_of_two_runs_and_the_other_takes_over() -> None:
    store = MemoryStore()
    ran: list[str] = []
    stop_a, stop_b = asyncio.Event(), asyncio.Event()

    def job(who: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            ran.append(who)

        return run

    a = asyncio.create_task(
        every(0.01, job("a"), stop_a, name="t-lease", lease=Lease(store, "lease:t", ident="a"))
    )
    await _until(lambda: "a" in ran)
    b = asyncio.create_task(
        every(0.01, job("b"), stop_b, name="t-lease", lease=Lease(store, "lease:t", ident="b"))
    )
    await asyncio.sleep(0.1)
    assert "b" not in ran  # a holds the lease
    stop_a.set()
    await asyncio.wait_for(a, 1)
    assert await store.get("lease:t") in (None, "b")  # a gave it up on the way out
    await _until(lambda: "b" in ran)
    stop_b.set()
    await asyncio.wait_for(b, 1)
