"""Inspection and the calls sweep run in one process of many (a lease in the shared store)."""

from __future__ import annotations

import asyncio

from gateway.assist.events import SharedEvents
from gateway.calls.service import CallService
from gateway.calls.settings import CallSettings
from gateway.calls.views import SweepDone
from gateway.console.hub import Hub
from gateway.inspection.rules import RuleSet
from gateway.inspection.service import Inspected, InspectionService
from gateway.kv.store import MemoryStore


class CountedInspection(InspectionService):
    rounds = 0

    async def inspect_pending(self, limit: int = 200) -> list[Inspected]:
        self.rounds += 1
        return []


class CountedCalls(CallService):
    rounds = 0

    async def sweep(self) -> SweepDone:
        self.rounds += 1
        return SweepDone(0, 0)


async def _run_two(
    a_run: asyncio.Task[None], b_run: asyncio.Task[None], stop: asyncio.Event
) -> None:
    await asyncio.sleep(0.3)
    stop.set()
    await asyncio.gather(a_run, b_run)


async def test_two_processes_one_inspection_worker() -> None:
    store = MemoryStore()  # stands for Redis shared by the processes
    rules = RuleSet(rules=[])
    a = CountedInspection(None, rules, store=store, poll_seconds=0.01)  # type: ignore[arg-type]
    b = CountedInspection(None, rules, store=store, poll_seconds=0.01)  # type: ignore[arg-type]
    stop = asyncio.Event()
    await _run_two(asyncio.create_task(a.run(stop)), asyncio.create_task(b.run(stop)), stop)
    assert a.rounds + b.rounds > 3
    assert min(a.rounds, b.rounds) == 0  # only the lease holder inspected


async def test_two_processes_one_calls_sweep() -> None:
    store = MemoryStore()
    settings = CallSettings(sweep_seconds=1)

    def made() -> CountedCalls:
        calls = CountedCalls(
            None,  # type: ignore[arg-type]
            store,
            None,  # type: ignore[arg-type]
            None,  # type: ignore[arg-type]
            lambda response, base: None,
            "https://hotline.example",
            settings,
            events=SharedEvents(store, Hub()),
        )
        calls.settings = settings.model_copy(update={"sweep_seconds": 0.01})
        return calls

    a, b = made(), made()
    stop = asyncio.Event()
    await _run_two(asyncio.create_task(a.run(stop)), asyncio.create_task(b.run(stop)), stop)
    assert a.rounds + b.rounds > 3
    assert min(a.rounds, b.rounds) == 0
