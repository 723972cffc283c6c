"""Redis round trips per citizen message, counted on the wire (issue 16: about ten per
message were the largest cost per message on PostgreSQL + Redis; three after the first
pass, two since the turn ends in one script).

Every write of a command or a pipeline to a Redis connection is counted
(``send_packed_command``); a new citizen's message, a next message and a repeated one are
each counted after a warm-up message (which loads the scripts and opens the connection).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio.connection import AbstractConnection

from channels.messages import OutboundMessage
from gateway.kv import KEYS
from gateway.kv.store import RedisStore
from gateway.pipeline import Pipeline
from tests.conftest import REDIS_URL, require_service
from tests.unit.gateway.pipeline_fakes import (
    CountingNlu,
    FakeCases,
    FakeConsole,
    context_for,
    fake_step,
    msg,
)


class MarkedConsole(FakeConsole):
    """A console that leaves a claim marker in the store, as ``ConsoleService`` does."""

    def __init__(self, store: RedisStore) -> None:
        super().__init__()
        self.store = store

    def claim_marker(self, conversation_key: str) -> str:
        return KEYS.console_claimed(conversation_key)

    async def holder(self, key: str) -> str | None:
        if await self.store.get(self.claim_marker(key)) is None:
            return None
        return self.held.get(key)


class Wire:
    """Counts the commands and pipelines written to Redis connections."""

    def __init__(self) -> None:
        self.writes = 0


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> Wire:
    counter = Wire()
    original = AbstractConnection.send_packed_command

    async def counted(self: AbstractConnection, command: Any, check_health: bool = True) -> None:
        counter.writes += 1
        await original(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)
    return counter


@pytest.fixture
async def redis_store() -> AsyncIterator[RedisStore]:
    require_service(REDIS_URL, "Redis")
    store = RedisStore(REDIS_URL, prefix=f"test:{uuid.uuid4().hex}:")
    try:
        yield store
    finally:
        await store.aclose()


def _pipeline(store: RedisStore, console: FakeConsole) -> Pipeline:
    return Pipeline(
        store=store,
        nlu=CountingNlu(),
        knowledge=None,
        cases=FakeCases(),
        console=console,
        media=None,
        adapters={},
        step=fake_step,
        context_for=context_for,
    )


async def _count(wire: Wire, p: Pipeline, text: str, ext: str, sender: str) -> int:
    before = wire.writes
    await p.handle(msg(text, ext=ext, sender=sender))
    return wire.writes - before


async def test_two_round_trips_per_message(wire: Wire, redis_store: RedisStore) -> None:
    p = _pipeline(redis_store, MarkedConsole(redis_store))
    await p.handle(msg("路灯坏了", ext="warm", sender="u0"))  # scripts loaded, connection open
    # open (claim, record, lock, rate, agent marker, state), end (state, pending, lock,
    # answer)
    assert await _count(wire, p, "路灯坏了", "1", "u1") == 2
    assert await _count(wire, p, "水管漏水", "2", "u1") == 2
    # a repeat: the claim fails, the first answer is read
    assert await _count(wire, p, "水管漏水", "2", "u1") == 2


async def test_an_agents_claim_costs_one_more_read(wire: Wire, redis_store: RedisStore) -> None:
    console = MarkedConsole(redis_store)
    p = _pipeline(redis_store, console)
    await p.handle(msg("路灯坏了", ext="warm", sender="u0"))
    await redis_store.set(KEYS.console_claimed("web:web:u1"), "1")
    console.held["web:web:u1"] = "agent-7"
    assert await _count(wire, p, "我要找人工", "1", "u1") == 3
    assert console.notified == ["我要找人工"]  # the holder was asked, the agent told


async def test_a_repeat_gets_the_first_answer_with_the_pending_replies(
    redis_store: RedisStore,
) -> None:
    """The answer kept by the turn's one closing script is what the citizen got: the
    replies that waited for them first, then the turn's own."""
    p = _pipeline(redis_store, MarkedConsole(redis_store))
    waiting = OutboundMessage(channel="web", account="web", recipient="u1", text="您的工单已办结")
    await redis_store.rpush(KEYS.pending("web:web:u1"), waiting.model_dump_json())
    first = await p.handle(msg("路灯坏了", ext="1", sender="u1"))
    assert first[0].text == "您的工单已办结"
    assert len(first) > 1  # the turn's own reply after it
    assert await redis_store.lrange(KEYS.pending("web:web:u1")) == []
    assert await p.handle(msg("路灯坏了", ext="1", sender="u1")) == first
