"""The write-behind queue: the reply path does not wait for records it does not need; group
commits by size and by interval; back-pressure at capacity; shutdown drains; one bad
record fails alone; a database that is away comes back to the same records."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casebridge.db import create_engine_for, session_factory
from channels.messages import InboundMessage, MessageKind
from config.settings import DATA_DIR
from dialogs import model as dm
from dialogs.context import DialogContext
from dialogs.engine import context_for_channel
from dialogs.wording import load_wording
from gateway import metrics
from gateway.console.service import ConsoleService
from gateway.db import migrate
from gateway.kv.store import MemoryStore
from gateway.pipeline import Pipeline
from gateway.pipeline.writebehind import WriteBehind
from nlu.types import Intent, NluResult


class Sink:
    """A flush that records its groups and can be held shut or made to fail."""

    def __init__(self) -> None:
        self.groups: list[list[int]] = []
        self.open = asyncio.Event()
        self.open.set()
        self.fail_times = 0
        self.refuse: set[int] = set()

    async def __call__(self, items: list[int]) -> None:
        await self.open.wait()
        if self.fail_times:
            self.fail_times -= 1
            raise OperationalError("INSERT", {}, ConnectionError("server closed the connection"))
        if self.refuse & set(items):
            raise IntegrityError("INSERT", {}, ValueError("refused"))
        self.groups.append(list(items))

    @property
    def written(self) -> list[int]:
        return [i for g in self.groups for i in g]


def _waited(name: str) -> float:
    return float(metrics.WRITE_BEHIND.labels(name, "waited")._value.get())


async def test_put_returns_before_the_commit_and_groups_are_committed_in_order() -> None:
    sink = Sink()
    sink.open.clear()  # the database is slow
    wb: WriteBehind[int] = WriteBehind("t-order", sink, interval=0.01)
    for i in range(50):
        await asyncio.wait_for(wb.put(i), 0.5)  # never waits for the database
    assert sink.written == []
    sink.open.set()
    await wb.close()
    assert sink.written == list(range(50))
    assert len(sink.groups) <= 3  # group commits, not one transaction per record


async def test_groups_are_cut_at_max_batch() -> None:
    sink = Sink()
    sink.open.clear()
    wb: WriteBehind[int] = WriteBehind("t-size", sink, max_batch=10, interval=10.0)
    for i in range(25):
        await wb.put(i)
    sink.open.set()
    await asyncio.wait_for(wb.drain(), 2)  # sizes cut the groups, not the 10 s interval
    assert [len(g) for g in sink.groups][:2] == [10, 10]
    assert sink.written == list(range(25))
    await wb.close()


async def test_a_full_group_is_committed_without_waiting_for_the_interval() -> None:
    sink = Sink()
    wb: WriteBehind[int] = WriteBehind("t-full", sink, max_batch=10, interval=30.0)
    for i in range(9):
        await wb.put(i)
    await asyncio.sleep(0.05)
    assert sink.written == []  # nine of ten: the group waits for its interval
    await asyncio.wait_for(wb.put_and_wait(9), 2)  # the tenth fills it: committed now
    assert sink.groups == [list(range(10))]
    await wb.put(10)
    await asyncio.sleep(0.05)
    assert sink.groups[1:] == []  # a new group waits for its own interval again
    await wb.drain()
    assert sink.groups[1:] == [[10]]
    await wb.close()


async def test_a_lone_record_is_committed_after_the_interval() -> None:
    sink = Sink()
    wb: WriteBehind[int] = WriteBehind("t-interval", sink, max_batch=1000, interval=0.02)
    await wb.put_and_wait(7)
    assert sink.groups == [[7]]
    await wb.close()


async def test_a_full_queue_makes_the_writer_wait_and_loses_nothing() -> None:
    sink = Sink()
    sink.open.clear()  # the database is stuck
    wb: WriteBehind[int] = WriteBehind("t-full", sink, capacity=3, max_batch=2, interval=0.0)
    before = _waited("t-full")
    accepted = 0
    blocked: asyncio.Task[None] | None = None
    for i in range(20):
        task = asyncio.create_task(wb.put(i))
        await asyncio.sleep(0.01)
        if not task.done():
            blocked = task
            break
        accepted += 1
    assert blocked is not None, "an unbounded queue: twenty records taken with the DB stuck"
    assert accepted <= 3 + 2  # the queue plus the group being written
    assert _waited("t-full") > before
    sink.open.set()
    await asyncio.wait_for(blocked, 2)  # back-pressure, not a drop
    await wb.close()
    assert sink.written == list(range(accepted + 1))


async def test_a_refused_record_fails_alone() -> None:
    sink = Sink()
    sink.refuse = {3}
    wb: WriteBehind[int] = WriteBehind("t-bad", sink, interval=0.05)
    waits = [asyncio.create_task(wb.put_and_wait(i)) for i in range(6)]
    results = await asyncio.gather(*waits, return_exceptions=True)
    assert isinstance(results[3], IntegrityError)
    assert [r for i, r in enumerate(results) if i != 3] == [None] * 5
    assert sorted(sink.written) == [0, 1, 2, 4, 5]
    await wb.close()


async def test_a_database_away_for_a_while_gets_the_same_group_later() -> None:
    sink = Sink()
    sink.fail_times = 3
    wb: WriteBehind[int] = WriteBehind("t-away", sink, interval=0.01, retry_delay=0.01)
    for i in range(20):
        await wb.put(i)
    await asyncio.wait_for(wb.drain(), 5)
    assert sink.written == list(range(20))
    await wb.close()


# ---------------------------------------------------------------- the reply path
def _reply_step(
    state: dm.DialogState, event: dm.Event, ctx: DialogContext
) -> tuple[dm.DialogState, list[dm.Action]]:
    return state, [dm.Reply(text="您好，请讲")]


class _Nlu:
    def parse(self, text: str) -> NluResult:
        return NluResult(text=text, intent=Intent("greet", 0.9))


class _NoCases:
    async def open_work_order(self, *a: Any) -> Any:
        raise AssertionError("no order here")

    async def progress(self, *a: Any, **k: Any) -> Any:
        raise AssertionError("no look-up here")

    async def record_evaluation(self, *a: Any) -> bool:
        return True

    async def record_urging(self, *a: Any) -> bool:
        return True


class GatedSessions:
    """A session factory whose database 'stops' while ``gate`` is clear."""

    def __init__(self, inner: async_sessionmaker[AsyncSession]) -> None:
        self.inner = inner
        self.gate = asyncio.Event()
        self.gate.set()

    def __call__(self) -> Any:
        gate, inner = self.gate, self.inner

        @contextlib.asynccontextmanager
        async def session() -> AsyncIterator[AsyncSession]:
            await gate.wait()
            async with inner() as s:
                yield s

        return session()


@pytest.fixture
async def gated(tmp_path: Path) -> AsyncIterator[GatedSessions]:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    await asyncio.to_thread(migrate, url)
    engine = create_engine_for(url)
    try:
        yield GatedSessions(session_factory(engine))
    finally:
        await engine.dispose()


async def test_replies_flow_while_the_database_is_stopped(gated: GatedSessions) -> None:
    wording = load_wording(DATA_DIR)
    context_for: Callable[[str], DialogContext] = lambda ch: context_for_channel(wording, ch)  # noqa: E731
    console = ConsoleService(gated, MemoryStore())  # type: ignore[arg-type]
    pipeline = Pipeline(
        store=MemoryStore(),
        nlu=_Nlu(),
        knowledge=None,
        cases=_NoCases(),
        console=console,
        media=None,
        adapters={},
        step=_reply_step,
        context_for=context_for,
    )
    gated.gate.clear()  # the database stops
    for i in range(20):
        msg = InboundMessage(
            channel="web",
            account="a",
            sender=f"c{i % 4}",
            external_id=str(i),
            kind=MessageKind.TEXT,
            text="你好",
        )
        replies = await asyncio.wait_for(pipeline.handle(msg), 2.0)
        assert [r.text for r in replies] == ["您好，请讲"]
    assert console.records.pending() > 0  # the records wait behind the replies
    gated.gate.set()  # it comes back: every turn is written
    await asyncio.wait_for(console.aclose(), 10)
    turns = await console.turns("web:a:c0")
    assert [t.direction for t in turns] == ["in", "out"] * 5
