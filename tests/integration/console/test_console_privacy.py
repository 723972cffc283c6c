"""What the console sends to an agent's browser: personal data masked in every field,
opened only through the audited reveal (trial 4, findings F10, F21, F41)."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from dialogs.state import DialogState, IntakeFlow, IntakeSlots, Place
from gateway.console.errors import InvalidInput
from gateway.console.service import AgentView, ConsoleService
from gateway.kv import KEYS

from .test_console_service import RecordingCases

AGENT = AgentView("zhang", "张敏", "agent")
KEY = "web::citizen-9"
PHONE = "13953008888"
NAME = "王小明"
READ_BACK = f"请您核对以下诉求信息：\n诉求内容：楼上装修太吵了\n联系方式：{NAME} 139****8888"


async def _chat(console: ConsoleService) -> None:
    await console.record_turn(
        KEY,
        "web",
        "",
        "citizen-9",
        "in",
        f"我叫{NAME}，电话{PHONE}，楼上装修太吵了",
        [],
        {"entities": [{"type": "phone", "value": PHONE}]},
        None,
    )
    await console.record_turn(
        KEY,
        "web",
        "",
        "citizen-9",
        "out",
        READ_BACK.replace(NAME, "王**"),
        [],
        None,
        [{"type": "reply", "text": READ_BACK, "quick_replies": [{"title": "确认提交"}]}],
    )


async def test_no_field_of_a_turn_carries_personal_data_in_clear(
    console: ConsoleService,
) -> None:
    await _chat(console)
    turns = await console.turns(KEY)
    sent = json.dumps([asdict(t) for t in turns], ensure_ascii=False, default=str)
    for clear in (PHONE, NAME):
        assert clear not in sent  # text, NLU summary and the bot's recorded actions
    assert turns[0].masked
    assert await console.reveal(KEY, turns[0].id, AgentView("admin", "值班长", "supervisor"))


async def test_a_text_without_personal_data_is_shown_as_written(
    console: ConsoleService,
) -> None:
    """Masking folds full-width forms; a turn with nothing personal is not altered by it
    and offers no reveal (a reveal is an audited look at personal data)."""
    asking = "请告诉我们所在的县区、乡镇（街道）和具体位置，例如“牡丹区西城街道某某小区3号楼”。"
    await console.record_turn(KEY, "web", "", "citizen-9", "out", asking, [], None, None)
    (turn,) = await console.turns(KEY)
    assert (turn.text, turn.masked) == (asking, False)


async def test_the_prefilled_name_is_masked_and_the_order_keeps_the_recorded_one(
    console: ConsoleService,
) -> None:
    await _chat(console)
    facts = IntakeSlots(
        matter="楼上装修太吵了", name=NAME, phone=PHONE, place=Place(county="牡丹区")
    )
    state = DialogState(flow=IntakeFlow(step="confirm", slots=facts))
    await console.store.set(KEYS.session(KEY), state.model_dump_json())
    await console.enqueue(KEY, "web", "", "citizen-9", "citizen_request", "诉求：装修噪音")
    assert await console.claim(KEY, AGENT.username)
    prefill = await console.prefill(KEY)
    assert NAME not in json.dumps(prefill, ensure_ascii=False)
    assert prefill["contact_name"] == "王**"
    cases = RecordingCases()
    fields = {"token": "tok-privacy-1", "text": "楼上装修太吵了", "contact_name": "王**"}
    await console.open_order(cases, KEY, AGENT, {**fields, "use_session_contact": True})
    assert cases.drafts[0].contact_name == NAME
    # a name the agent typed (another contact person) is kept as typed
    await console.open_order(
        cases,
        KEY,
        AGENT,
        {**fields, "token": "tok-privacy-2", "contact_name": "李四", "again": True},
    )
    assert cases.drafts[1].contact_name == "李四"


CALLER = "+8613953008888"


async def _call_order(
    console: ConsoleService, sender: str, **fields: object
) -> tuple[dict[str, object], str | None]:
    key = f"voice:+865305551234:{sender}"
    await console.record_turn(
        key, "voice", "+865305551234", sender, "system", "来电", [], None, None
    )
    await console.enqueue(key, "voice", "+865305551234", sender, "call", "来电")
    assert await console.claim(key, AGENT.username)
    prefill = await console.prefill(key)
    cases = RecordingCases()
    order = {"token": "tok-call-0001", "text": "楼上装修噪音扰民", "use_session_contact": True}
    await console.open_order(cases, key, AGENT, {**order, **fields})
    return prefill, cases.drafts[0].contact_phone


async def test_an_order_from_a_call_keeps_the_callers_number(console: ConsoleService) -> None:
    """The caller ID is the contact the provider vouches for: an order filed from the call
    (nothing typed in 联系电话) keeps it, or the unit cannot call back (trial4 F50)."""
    prefill, phone = await _call_order(console, CALLER)
    assert phone == CALLER.removeprefix("+86")  # the bot's orders' form (trial11 N03)
    assert prefill["has_contact_phone"] is True
    assert prefill["contact_phone_hint"] == "尾号8888"
    assert CALLER not in json.dumps(prefill)


async def test_a_withheld_caller_or_an_anonymous_order_has_no_number(
    console: ConsoleService,
) -> None:
    # no number and not 匿名: the agent is asked for one (trial11 N03), nothing filed
    with pytest.raises(InvalidInput, match="匿名"):
        await _call_order(console, "anonymous-CA0123456789abcdef")
    prefill, phone = await _call_order(console, "anonymous-CA0123456789abcdee", anonymous=True)
    assert (prefill["has_contact_phone"], phone) == (False, None)
    _, phone = await _call_order(console, "+8613800138000", anonymous=True)
    assert phone is None


async def test_a_hand_over_names_a_colleague_on_duty_in_chinese(console: ConsoleService) -> None:
    """转交 by display name or user name; an unknown or signed-out colleague is refused in
    Chinese before anything changes (trial4 F07, F32)."""
    from gateway.console.errors import Conflict, NotFound

    await console.create_agent("lili", "李丽", "agent", "password-lili")
    await console.enqueue(KEY, "web", "", "citizen-9", "citizen_request", "诉求：装修噪音")
    assert await console.claim(KEY, AGENT.username)
    with pytest.raises(NotFound, match="没有名为“王五”的坐席"):
        await console.transfer(KEY, AGENT, "王五")
    with pytest.raises(Conflict, match=r"^李丽（lili）当前不在线，无法转交$"):
        await console.transfer(KEY, AGENT, "李丽")  # signed out
    assert await console.holder(KEY) == AGENT.username  # nothing changed
    await console.heartbeat("lili")
    await console.transfer(KEY, AGENT, "李丽")  # the display name agents know
    assert await console.holder(KEY) == "lili"
