"""trial14 phone-line findings, by kind:

* T05 「没有了」 to 「请问还有其他问题吗？」 after a progress answer was read as a new matter
  (「请说明发生地点…」): after an answer, the caller's closing words end the call before the
  dialogue sees them;
* T06 an SMS that could not be sent was read aloud on the next call (「【菏泽12345】…」, the
  receipt repeated, the keypad hint): it is sent again as an SMS, never spoken;
* T17 the keypad hint after a yes/no about the caller's own number; dates said
  「二零二六年12月5日1时15分」;
* T18 one rule for ``Confidence``, ``SpeechResult`` and ``Digits`` on every callback.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import defusedxml.ElementTree as ET
import pytest

from channels.errors import PayloadError
from channels.messages import OutboundMessage
from channels.voice import VoiceAdapter
from channels.voice.speech import asks_number, spoken
from channels.voice.wording import CONTINUE, KEYPAD, ORDER_SMS
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import CITIZEN_PHONE, twilio_signed, voice_build, voice_pairs
from tests.contract.replies import voice_reply

adapter = adapter_fixture(VoiceAdapter, voice_build)
PROGRESS = "工单HZ20261204-000013：已派至菏泽市牡丹区综合行政执法局，正在办理。"


def _turn(
    adapter: VoiceAdapter, query: str, replies: list[OutboundMessage], **fields: str
) -> tuple[list[Any], Any, tuple[OutboundMessage, ...]]:
    request = twilio_signed("/webhooks/voice/gather", voice_pairs(**fields), query=query)
    adapter.verify(request)
    messages = adapter.parse(request)
    answer = adapter.acknowledge(request, messages, replies)
    return messages, ET.fromstring(answer.body), answer.continuations


def _said(root: Any) -> str:
    return "".join(str(s.text or "") for s in root.iter("Say"))


def _next_query(root: Any) -> str:
    gather = root.find("Gather")
    assert gather is not None
    return urlsplit(str(gather.get("action", ""))).query


# -- T05 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "closing",
    ["没有了", "没事了", "就这些", "没别的了", "俺没事了 谢谢恁", "中 没啥事了", "行了 就这些吧"],
)
def test_nothing_more_after_a_progress_answer_ends_the_call_unread(
    adapter: VoiceAdapter, closing: str
) -> None:
    _, first, _ = _turn(adapter, "step=2", [voice_reply(PROGRESS)], SpeechResult="查询工单进度")
    assert CONTINUE in _said(first)
    messages, root, _ = _turn(adapter, _next_query(first), [], SpeechResult=closing)
    assert messages == []  # the dialogue never sees it: no new matter, no draft
    assert root.find("Gather") is None
    assert root.find("Hangup") is not None
    assert "再见" in _said(root)
    assert "发生地点" not in _said(root)


@pytest.mark.parametrize("said", ["没有了 俺还想反映个事", "俺家门口的路灯坏了"])
def test_more_after_a_progress_answer_goes_to_the_dialogue(
    adapter: VoiceAdapter, said: str
) -> None:
    _, first, _ = _turn(adapter, "step=2", [voice_reply(PROGRESS)], SpeechResult="查询工单进度")
    messages, _, _ = _turn(adapter, _next_query(first), [voice_reply("好的。")], SpeechResult=said)
    assert [m.text for m in messages] == [said]


def test_no_to_a_question_is_still_an_answer(adapter: VoiceAdapter) -> None:
    _, first, _ = _turn(
        adapter, "step=2", [voice_reply("请问有工单号吗？")], SpeechResult="查询工单进度"
    )
    assert "done=1" not in _next_query(first)
    messages, _, _ = _turn(
        adapter, _next_query(first), [voice_reply("好的。")], SpeechResult="没有"
    )
    assert [m.text for m in messages] == ["没有"]


# -- T06 ------------------------------------------------------------------------------------
def test_a_kept_sms_is_sent_again_never_read_aloud(adapter: VoiceAdapter) -> None:
    stale = voice_reply(
        ORDER_SMS.format(number="HZ20261204-000013"),
        idempotency_key="CAold:gather:7:order-sms",
        kept=True,
    )
    _, root, later = _turn(
        adapter, "step=1", [stale, voice_reply(PROGRESS)], SpeechResult="查询工单进度"
    )
    said = _said(root)
    assert "菏泽" in said  # the progress
    for never in ("【", "】", "妥善保存", "我再重复一遍", "短信发送", KEYPAD):
        assert never not in said, said
    assert [m.text for m in later] == [stale.text]  # tried again as an SMS
    assert later[0].recipient == CITIZEN_PHONE
    assert not later[0].kept


def test_a_pushed_message_is_marked_kept_when_it_cannot_go() -> None:
    import asyncio

    from gateway.kv.keys import KEYS
    from gateway.kv.memory_store import MemoryStore
    from gateway.pipeline.delivery import Delivery

    async def run() -> list[OutboundMessage]:
        store = MemoryStore()
        delivery = Delivery(store, {})  # no adapter can push: kept
        await delivery.push(voice_reply("答复"))
        items = await store.lrange(KEYS.pending(KEYS.conversation("voice", "", CITIZEN_PHONE)))
        return [OutboundMessage.model_validate_json(i) for i in items]

    assert [(m.text, m.kept) for m in asyncio.run(run())] == [("答复", True)]


# -- T17 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "办理结果打您这个来电号码可以吗？方便请告知怎么称呼，不便留请说“匿名”。",
        "请问用这个号码联系您行吗？",
        "回头打您本机电话中不中？",
    ],
)
def test_a_yes_or_no_about_the_callers_number_gets_no_keypad_hint(
    adapter: VoiceAdapter, question: str
) -> None:
    assert not asks_number(spoken(question))
    _, root, _ = _turn(adapter, "step=3", [voice_reply(question)], SpeechResult="路灯坏了")
    assert KEYPAD not in _said(root)


@pytest.mark.parametrize(
    "question", ["请留联系电话；不便提供请回“匿名”。", "请问您的手机号码是多少？"]
)
def test_a_number_asked_keeps_the_keypad_hint(adapter: VoiceAdapter, question: str) -> None:
    _, root, _ = _turn(adapter, "step=3", [voice_reply(question)], SpeechResult="路灯坏了")
    gather = root.find("Gather")
    assert gather is not None
    assert [x.text for x in gather.iter("Say")][-1] == KEYPAD


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2026年12月5日1时15分前答复", "十二月五日一时十五分前答复"),
        ("2026年12月5日24时前", "十二月五日二十四时前"),
        ("2026年1月10日9时05分", "一月十日九时零五分"),
        ("2025年11月30日17时", "二零二五年十一月三十日十七时"),  # another year is said
        ("3号楼2单元", "3号楼2单元"),  # no date: an address stays as it is
    ],
)
def test_dates_and_times_are_said_as_words(text: str, said: str) -> None:
    assert spoken(text, this_year=2026) == said


# -- T18 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "fields",
    [
        {"Digits": "9999999999999999999999", "Confidence": "abc"},
        {"SpeechResult": "路灯坏了", "Confidence": "NaN"},
        {"SpeechResult": "路灯坏了", "Confidence": "1.5"},
        {"SpeechResult": "路灯\u202e坏了", "Confidence": "0.9"},
        {"SpeechResult": "路灯\x00坏了", "Confidence": "0.9"},
        {"SpeechResult": "路灯坏了\x1b[31m"},
        {"Digits": "12ab#"},
        {"Digits": "1" * 65},
    ],
)
def test_one_rule_for_a_turns_fields(adapter: VoiceAdapter, fields: dict[str, str]) -> None:
    request = twilio_signed("/webhooks/voice/gather", voice_pairs(**fields), query="step=1")
    adapter.verify(request)
    with pytest.raises(PayloadError) as refused:
        adapter.parse(request)
    assert refused.value.status_code == 400


@pytest.mark.parametrize(
    "fields",
    [
        {"Digits": "9999999999999999999999"},
        {"SpeechResult": "路灯坏了", "Confidence": "0.42"},
        {"SpeechResult": "路灯坏了", "Confidence": ""},
        {"Digits": "20261204000014#"},
    ],
)
def test_fields_within_the_rule_are_taken(adapter: VoiceAdapter, fields: dict[str, str]) -> None:
    request = twilio_signed("/webhooks/voice/gather", voice_pairs(**fields), query="step=1")
    adapter.verify(request)
    assert len(adapter.parse(request)) == 1
