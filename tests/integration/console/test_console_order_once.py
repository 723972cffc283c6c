"""One matter, one order: a conversation that has an order (the console's or the bot's)
gets a second one only on the agent's explicit word (trial4 F06, F37)."""

from __future__ import annotations

import pytest

from dialogs.state import DialogState, Memory
from gateway.console.errors import OrderExists
from gateway.console.service import AgentView, ConsoleService
from gateway.kv import KEYS

from .test_console_service import RecordingCases

AGENT = AgentView("zhang", "张敏", "agent")
KEY = "web::citizen-7"
FIELDS = {
    "token": "tok-first-001",
    "text": "小区门口井盖丢了，很危险",
    "county": "定陶区",
    "contact_phone": "13853001234",
}


async def _claimed(console: ConsoleService) -> None:
    await console.record_turn(KEY, "web", "", "citizen-7", "in", "井盖丢了", [], None, None)
    await console.enqueue(KEY, "web", "", "citizen-7", "citizen_request", "诉求：井盖丢了")
    assert await console.claim(KEY, AGENT.username)


async def test_a_second_order_needs_the_agents_word(console: ConsoleService) -> None:
    await _claimed(console)
    cases = RecordingCases()
    first = await console.open_order(cases, KEY, AGENT, FIELDS)
    # the same click again (same form token) is the same order, not a refusal
    assert (await console.open_order(cases, KEY, AGENT, FIELDS)).created is False
    # the still-filled form submitted again (a new token) is refused, naming the order
    with pytest.raises(OrderExists, match="本会话已登记工单HZ"):
        await console.open_order(cases, KEY, AGENT, {**FIELDS, "token": "tok-second-02"})
    assert len({d.idempotency_key for d in cases.drafts}) == 1  # nothing new was filed
    again = {**FIELDS, "token": "tok-second-02", "again": True, "text": "另一事项：路灯坏了"}
    second = await console.open_order(cases, KEY, AGENT, again)
    assert second.created
    assert second.number != first.number


async def test_the_bots_order_counts_as_the_conversations_order(
    console: ConsoleService,
) -> None:
    await _claimed(console)
    state = DialogState(memory=Memory(last_order="HZ20261201-000017"))
    await console.store.set(KEYS.session(KEY), state.model_dump_json())
    assert (await console.prefill(KEY))["work_order"] == "HZ20261201-000017"
    with pytest.raises(OrderExists, match="HZ20261201-000017"):
        await console.open_order(RecordingCases(), KEY, AGENT, FIELDS)
