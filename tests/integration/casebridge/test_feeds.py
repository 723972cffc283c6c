"""The case-store reads the gateway's jobs use (reply notices, repeat detection)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from casebridge.cases import Actor
from casebridge.cases.feeds import latest_event_id, recent_orders, replies_since

from .conftest import Env, draft

pytestmark = pytest.mark.integration
ZJ = Actor.unit("CX-ZJ")


async def test_replies_since_follow_the_cursor(env: Env) -> None:
    assert await latest_event_id(env.sessions) == 0
    chat = (await env.cases.open_work_order(draft("f1", conversation_id="wechat:o1"))).number
    desk = (await env.cases.open_work_order(draft("f2"))).number
    start = await latest_event_id(env.sessions)
    assert start > 0
    for n in (chat, desk):
        await env.cases.sign(n, ZJ)
        await env.cases.reply(n, ZJ, text=f"{n} 已处理")
    found = await replies_since(env.sessions, start)
    assert [(r.number, r.reply_text, r.conversation_id) for r in found] == [
        (chat, f"{chat} 已处理", "wechat:o1"),
        (desk, f"{desk} 已处理", None),
    ]
    assert found[0].unit_name == "曹县住房和城乡建设局"
    assert found[0].at.tzinfo is not None
    assert await replies_since(env.sessions, found[0].event_id) == found[1:]
    assert await replies_since(env.sessions, start, limit=1) == found[:1]


async def test_recent_orders_are_the_conversations_orders(env: Env) -> None:
    await env.cases.open_work_order(draft("r1", conversation_id="web:abc"))
    await env.cases.open_work_order(draft("r2"))  # recorded by an agent: no conversation
    (only,) = await recent_orders(env.sessions, env.clock() - timedelta(days=1))
    assert only.conversation_id == "web:abc"
    assert only.category_level1 == "城乡建设"
    assert await recent_orders(env.sessions, env.clock() + timedelta(seconds=1)) == []
