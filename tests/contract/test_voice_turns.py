"""trial5 phone-line findings, by kind:

* F10 「没有了 谢谢」 after an answer: the same 「请问还有其他问题吗？」 was asked again; it
  ends the call (a goodbye and ``<Hangup/>``);
* F11 「…请再核对后回复。」 on the phone (回复 is the SMS word);
* F13 silence at a yes/no check went to ``<Record>`` and, with no message either, the call
  ended with what was heard dropped: a silence at a choice is asked once more, an empty
  recording is offered once more;
* F30 the read-back of a number the caller just gave said only 「尾号八零八零」: a
  correction 139 → 138 could not be heard.
"""

from __future__ import annotations

from typing import Any

import defusedxml.ElementTree as ET
import pytest

from channels.messages import OutboundMessage, QuickReply
from channels.voice import VoiceAdapter
from channels.voice.speech import spoken
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import PUBLIC, twilio_signed, voice_build, voice_pairs
from tests.contract.replies import voice_reply

adapter = adapter_fixture(VoiceAdapter, voice_build)


def _turn(
    adapter: VoiceAdapter, sub: str, query: str, replies: list[OutboundMessage], **fields: str
) -> tuple[list[Any], Any]:
    request = twilio_signed(f"/webhooks/voice/{sub}", voice_pairs(**fields), query=query)
    adapter.verify(request)
    messages = adapter.parse(request)
    body = adapter.acknowledge(request, messages, replies).body
    return messages, ET.fromstring(body)


def _said(root: Any) -> str:
    return "".join(s.text or "" for s in root.iter("Say"))


# -- F10 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "said",
    [
        "没有了 谢谢",
        "没有了",
        "没事了，再见",
        "不用了谢谢",
        "嗯 没有其他问题了 谢谢你们",
        "谢谢 再见",
    ],
)
def test_nothing_more_after_an_answer_ends_the_call(adapter: VoiceAdapter, said: str) -> None:
    _, root = _turn(
        adapter, "gather", "step=5", [voice_reply("不客气，感谢您的支持。")], SpeechResult=said
    )
    assert root.find("Gather") is None  # not asked again
    assert root.find("Hangup") is not None
    assert "再见" in _said(root)
    assert "还有其他问题" not in _said(root)


@pytest.mark.parametrize("said", ["没有了 我还想问个事", "没有热水", "路灯坏了"])
def test_anything_more_keeps_the_call_open(adapter: VoiceAdapter, said: str) -> None:
    _, root = _turn(
        adapter, "gather", "step=5", [voice_reply("好的，已为您记录。")], SpeechResult=said
    )
    assert root.find("Gather") is not None


def test_a_no_to_a_question_is_an_answer_not_a_goodbye(adapter: VoiceAdapter) -> None:
    question = voice_reply("请问事情是从什么时候开始的？")
    _, root = _turn(adapter, "gather", "step=3", [question], SpeechResult="没有")
    assert root.find("Gather") is not None


# -- F11 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "电话后四位与工单HZ20261201-000001不符，请再核对后回复。",
        "工单号有误，请核对后回复",
        "地址不完整，请补充后回复；谢谢。",
    ],
)
def test_the_sms_word_is_never_said_on_the_phone(text: str) -> None:
    assert "回复" not in spoken(text)


def test_a_tail_mismatch_asks_for_the_digits_by_voice_or_keys(adapter: VoiceAdapter) -> None:
    wrong = voice_reply("电话后四位与工单HZ20261201-000001不符，请再核对后回复。")
    _, root = _turn(adapter, "gather", "step=4", [wrong], Digits="9999#")
    said = _said(root)
    assert "回复" not in said
    assert "按键" in said  # the keypad is offered for the digits


def test_we_will_reply_to_you_stays(adapter: VoiceAdapter) -> None:
    assert "回复您" in spoken("承办单位会尽快回复您。")


# -- F13 ------------------------------------------------------------------------------------
YES_NO = (QuickReply(title="是的", payload="1"), QuickReply(title="不是", payload="2"))


def test_a_choice_prompt_marks_its_gather(adapter: VoiceAdapter) -> None:
    check = voice_reply("您说的是“我要反应楼上漏水”吗？", quick_replies=YES_NO)
    _, root = _turn(
        adapter, "gather", "step=1", [check], SpeechResult="我要反应楼上漏水", Confidence="0.12"
    )
    gather = root.find("Gather")
    assert gather.get("action") == f"{PUBLIC}/webhooks/voice/gather?step=2&choice=1"


@pytest.mark.parametrize("fields", [{"SpeechResult": ""}, {"Digits": ""}, {}])
def test_silence_at_a_choice_is_asked_once_more(
    adapter: VoiceAdapter, fields: dict[str, str]
) -> None:
    messages, root = _turn(adapter, "gather", "step=2&choice=1", [], **fields)
    assert messages == []
    assert root.find("Record") is None
    gather = root.find("Gather")
    assert gather is not None
    assert gather.get("action") == f"{PUBLIC}/webhooks/voice/gather?step=2&choice=1&retry=1"
    assert "选择" in _said(root)
    # a second silence: the message recorder, then no third offer
    _, again = _turn(adapter, "gather", "step=2&choice=1&retry=1", [], SpeechResult="")
    record = again.find("Record")
    assert record is not None
    assert record.get("action") == f"{PUBLIC}/webhooks/voice/recording?step=2&retry=1"


def test_an_empty_recording_is_offered_once_more_then_ends(adapter: VoiceAdapter) -> None:
    _, first = _turn(adapter, "recording", "step=2", [], RecordingDuration="0", Digits="#")
    assert first.find("Gather") is not None
    assert "没有收到您的留言" in _said(first)
    assert "再次拨打" not in _said(first)
    _, second = _turn(adapter, "recording", "step=2&retry=1", [], RecordingDuration="0")
    assert second.find("Gather") is None
    assert second.find("Hangup") is not None


# -- F30 ------------------------------------------------------------------------------------
READ_BACK = "请核对：楼道灯坏了；地点：牡丹区桂陵社区；联系：138****8080。无误回1，修改回2。"


@pytest.mark.parametrize(
    "fields",
    [
        {"SpeechResult": "不对 电话是幺三八五三零零八零八零"},
        {"SpeechResult": "电话是一三八 五三零零 八零八零"},
        {"Digits": "13853008080#"},
    ],
)
def test_a_number_just_given_is_read_back_in_full(
    adapter: VoiceAdapter, fields: dict[str, str]
) -> None:
    _, root = _turn(adapter, "gather", "step=6", [voice_reply(READ_BACK)], **fields)
    said = _said(root)
    assert "幺三八，五三零零，八零八零" in said
    assert "尾号" not in said


def test_another_masked_number_stays_masked(adapter: VoiceAdapter) -> None:
    _, root = _turn(
        adapter, "gather", "step=6", [voice_reply(READ_BACK)], SpeechResult="电话是13953008080"
    )
    said = _said(root)
    assert "尾号八零八零" in said
    assert "五三零零" not in said
