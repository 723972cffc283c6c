"""Trial12 P21: when an agent goes offline, a web chat whose order is filed and whose
visitor has left goes back to the bot as done; every other held chat is queued again."""

from __future__ import annotations

from sqlalchemy import update

from gateway.console.models import ConsoleConversation
from gateway.console.service import ConsoleService
from gateway.kv import KEYS

AGENT = "zhang"


async def _held(console: ConsoleService, key: str, channel: str, order: str | None) -> None:
    sender = key.rsplit(":", 1)[-1]
    await console.record_turn(key, channel, "", sender, "in", "路灯坏了", [], None, None)
    await console.enqueue(key, channel, "", sender, "citizen_request", "诉求：路灯坏了")
    assert await console.claim(key, AGENT)
    if order is not None:
        async with console.sessions() as s, s.begin():
            await s.execute(
                update(ConsoleConversation)
                .where(ConsoleConversation.key == key)
                .values(work_order=order)
            )


async def test_only_open_or_present_chats_are_queued_again(console: ConsoleService) -> None:
    await _held(console, "web:web:gone-done", "web", "HZ20261203-000016")
    await _held(console, "web:web:here-done", "web", "HZ20261203-000017")
    await console.store.set(KEYS.web_presence("here-done"), "node-1")
    await _held(console, "web:web:gone-open", "web", None)
    await _held(console, "wechat:gh:o-done", "wechat", "HZ20261203-000018")
    moved = await console.requeue_agent(AGENT, "expire")
    assert sorted(moved) == ["web:web:gone-open", "web:web:here-done", "wechat:gh:o-done"]
    done = await console.conversation("web:web:gone-done")
    assert (done.status, done.held_by) == ("bot", None)
    notes = [t.text for t in await console.turns("web:web:gone-done") if t.direction == "system"]
    assert any("HZ20261203-000016" in n and "会话结束" in n for n in notes), notes
    for key in moved:
        assert (await console.conversation(key)).status == "queued"
