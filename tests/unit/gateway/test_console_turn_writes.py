"""The console's group commit of turns (the write behind every citizen message): a new
conversation's row is created, a known one's last turn moves on without losing who holds
it, and an agent's turn without an author is the holder's (issue 16: the conversation
rows of a group are one upsert … RETURNING instead of three statements)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from casebridge.db import create_engine_for, session_factory
from gateway.console.models import ConsoleConversation, ConsoleTurn
from gateway.console.service import ConsoleService
from gateway.db import migrate
from gateway.kv.store import MemoryStore


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _row(key: str, direction: str, text: str, author: str | None = None) -> dict[str, Any]:
    channel, account, sender = key.split(":")
    return {
        "conversation_key": key,
        "channel": channel,
        "account": account,
        "sender": sender,
        "direction": direction,
        "text": text,
        "attachments": [],
        "nlu": None,
        "actions": None,
        "author": author,
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    if request.param == "sqlite":
        return sqlite_url
    url: str = request.getfixturevalue("postgres_url")
    return url


async def test_turn_groups_create_touch_and_attribute_conversations(database: str) -> None:
    migrate(database)
    engine = create_engine_for(database)
    sessions = session_factory(engine)
    clock = Clock()
    console = ConsoleService(sessions, MemoryStore(), clock=clock)
    try:
        first = clock.now
        published = await console._write_batch(
            [
                _row("wechat:gh:o1", "in", "路灯坏了"),
                _row("wechat:gh:o2", "in", "你好"),
                _row("wechat:gh:o1", "out", "请问在哪里？"),
            ]
        )
        assert [event["key"] for event, _ in published] == [
            "wechat:gh:o1",
            "wechat:gh:o2",
            "wechat:gh:o1",
        ]
        assert all(holder is None for _, holder in published)
        ids = [event["turn"]["id"] for event, _ in published]
        assert ids == sorted(ids)
        assert len(set(ids)) == 3

        async with sessions() as s:  # an agent claims o1
            await s.execute(
                update(ConsoleConversation)
                .where(ConsoleConversation.key == "wechat:gh:o1")
                .values(held_by="agent7", status="held")
            )
            await s.commit()
        clock.now = first + timedelta(minutes=5)
        published = await console._write_batch(
            [
                _row("wechat:gh:o1", "in", "在东门"),
                _row("wechat:gh:o1", "agent", "收到，马上处理"),
                _row("wechat:gh:o3", "in", "停水了，电话13812345678"),
            ]
        )
        assert [holder for _, holder in published] == ["agent7", "agent7", None]
        live = published[2][0]["turn"]  # what the console is pushed: masked, stamped
        assert "13812345678" not in live["text"]
        assert live["masked"] is True
        assert live["direction"] == "in"
        assert published[1][0]["turn"]["author"] == "agent7"

        async with sessions() as s:
            convs = {c.key: c for c in (await s.scalars(select(ConsoleConversation))).all()}
            turns = (await s.scalars(select(ConsoleTurn).order_by(ConsoleTurn.id))).all()
        assert set(convs) == {"wechat:gh:o1", "wechat:gh:o2", "wechat:gh:o3"}
        o1, o2, o3 = convs["wechat:gh:o1"], convs["wechat:gh:o2"], convs["wechat:gh:o3"]
        # touched: the last turn moves on, the rest of the row (holder, status, creation) stays
        assert (o1.held_by, o1.status) == ("agent7", "held")
        assert o1.created_at == first
        assert o1.last_turn_at == clock.now
        assert o1.updated_at == clock.now
        assert o2.last_turn_at == first
        assert o2.status == "bot"
        assert o3.created_at == clock.now
        assert o3.last_turn_at == clock.now
        assert (o3.channel, o3.account, o3.sender) == ("wechat", "gh", "o3")
        assert [t.author for t in turns if t.direction == "agent"] == ["agent7"]
        assert [t.text for t in turns] == [
            "路灯坏了",
            "你好",
            "请问在哪里？",
            "在东门",
            "收到，马上处理",
            "停水了，电话13812345678",  # kept whole in the record; masked when read
        ]
    finally:
        await engine.dispose()


async def test_live_turn_events_are_built_only_for_open_streams(sqlite_url: str) -> None:
    """A turn's live event (its masked view) goes to its holder's and supervisors'
    streams; with none open the turns are still written, and no event is built."""
    migrate(sqlite_url)
    engine = create_engine_for(sqlite_url)
    sessions = session_factory(engine)
    console = ConsoleService(sessions, MemoryStore(), clock=Clock())
    try:
        await console._write_turns([_row("wechat:gh:o1", "in", "路灯坏了，电话13812345678")])
        async with sessions() as s:
            assert len((await s.scalars(select(ConsoleTurn))).all()) == 1
        assert console.hub.reaches() is False
        with console.hub.subscribe("agent7", supervisor=False) as agent:
            assert console.hub.reaches({"agent7"}) is True
            assert console.hub.reaches() is False
            await console._write_turns([_row("wechat:gh:o1", "in", "还没修")])
            assert agent.queue.empty()  # agent7 does not hold o1
            with console.hub.subscribe("lead", supervisor=True) as lead:
                await console._write_turns([_row("wechat:gh:o2", "in", "电话13812345678")])
                event = lead.queue.get_nowait()
                assert event["key"] == "wechat:gh:o2"
                assert "13812345678" not in event["turn"]["text"]
                assert agent.queue.empty()
        async with sessions() as s:
            assert len((await s.scalars(select(ConsoleTurn))).all()) == 3
    finally:
        await engine.dispose()
