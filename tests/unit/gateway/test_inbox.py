"""The durable inbox: accepted messages survive a crash and are re-run exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from casebridge.db import create_engine_for, session_factory
from channels.messages import InboundMessage, MessageKind
from gateway.pipeline.inbox import Inbox, InboxMessage

_ENGINES: list[AsyncEngine] = []


@pytest.fixture(autouse=True)
async def _dispose_engines() -> AsyncIterator[None]:
    """Close each test's database before its event loop ends: an engine left open keeps
    an aiosqlite thread that later fails on the closed loop, inside another test."""
    yield
    while _ENGINES:
        await _ENGINES.pop().dispose()


async def _inbox(tmp_path: Path) -> Inbox:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'inbox.db'}")
    _ENGINES.append(engine)
    async with engine.begin() as conn:
        table = InboxMessage.metadata.tables[InboxMessage.__tablename__]
        await conn.run_sync(lambda c: table.create(c))
    return Inbox(session_factory(engine), max_attempts=2)


def _msg(ext: str) -> InboundMessage:
    return InboundMessage(
        channel="wechat",
        external_id=ext,
        sender="o1",
        kind=MessageKind.TEXT,
        text="路灯坏了 13812345678",
    )


async def test_accept_is_idempotent_and_done_removes_from_recovery(tmp_path: Path) -> None:
    inbox = await _inbox(tmp_path)
    await inbox.accept(_msg("1"))
    await inbox.accept(_msg("1"))  # provider retry
    await inbox.accept(_msg("2"))
    await inbox.done("wechat::o1:2")
    left = await inbox.unfinished(timedelta(seconds=-1))
    assert [m.dedup_key for m in left] == ["wechat::o1:1"]
    assert left[0].text == "路灯坏了 13812345678"


async def test_grace_period_protects_messages_in_flight(tmp_path: Path) -> None:
    inbox = await _inbox(tmp_path)
    await inbox.accept(_msg("1"))
    assert await inbox.unfinished(timedelta(minutes=1)) == []


async def test_recovery_reruns_then_gives_up_after_max_attempts(tmp_path: Path) -> None:
    inbox = await _inbox(tmp_path)
    await inbox.accept(_msg("1"))
    handled: list[str] = []
    stop = asyncio.Event()

    async def handle(msg: InboundMessage) -> None:
        handled.append(msg.dedup_key)
        stop.set()
        raise RuntimeError("still failing")

    await inbox.recover(handle, stop, grace=timedelta(seconds=-1), interval=0.01)
    assert handled == ["wechat::o1:1"]
    # attempts: 1 at accept, 2 at the first recovery; the next recovery gives up
    assert await inbox.unfinished(timedelta(seconds=-1)) == []


async def test_a_burst_of_accepts_is_group_committed_none_lost(tmp_path: Path) -> None:
    inbox = await _inbox(tmp_path)
    keys = [str(i) for i in range(300)]
    # every message accepted at the same moment, one of them twice (a provider retry)
    await asyncio.gather(*(inbox.accept(_msg(k)) for k in [*keys, "7"]))
    assert inbox._accepts.commits < 300 / 10  # groups, not a transaction per message
    left = await inbox.unfinished(timedelta(seconds=-1), limit=1000)
    assert sorted(m.external_id for m in left) == sorted(keys)
    await asyncio.gather(*(inbox.done(f"wechat::o1:{k}") for k in keys))
    assert await inbox.unfinished(timedelta(seconds=-1), limit=1000) == []
    await inbox.aclose()
