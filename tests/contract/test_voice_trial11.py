"""trial11 phone-line findings at the adapter, by kind:

* N06 silence at a question the bot asked (the place, the contact): an empty message for
  the dialogue, which asks that question again; the answer says it did not hear, and a
  second silence is a message for a person, never the matter asked for again;
* N10 the SMS wording of the table said on the phone (「请发“查询”加工单号」, 「如有照片可一
  并发送」, 「或发文字」): the phone's wording, and key 2 where it is offered.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter
from typing import Any

import defusedxml.ElementTree as ET
import pytest

from channels.messages import MessageKind, OutboundMessage
from channels.voice import VoiceAdapter
from channels.voice.speech import spoken
from dialogs.wording import load_wording
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import PUBLIC, twilio_signed, voice_build, voice_pairs
from tests.contract.replies import voice_reply

adapter = adapter_fixture(VoiceAdapter, voice_build)
CONFIG = Path(__file__).resolve().parents[2] / "config" / "data"
# what only a text channel can do: send (发/发送) a text, a picture, a 「查询…」 message
SMS_SENDING = re.compile(r"发“|发送|发文字|再发|照片|图片|文字描述|自动告诉我")


def _turn(
    adapter: VoiceAdapter, query: str, replies: list[OutboundMessage], **fields: str
) -> tuple[list[Any], Any]:
    request = twilio_signed("/webhooks/voice/gather", voice_pairs(**fields), query=query)
    adapter.verify(request)
    messages = adapter.parse(request)
    return messages, ET.fromstring(adapter.acknowledge(request, messages, replies).body)


def _said(root: Any) -> str:
    return "".join(s.text or "" for s in root.iter("Say"))


@pytest.mark.parametrize(
    ("sms", "said"),
    [
        ("查询进度请发“查询”加工单号；反映问题请直接描述。", "查询进度请按2，或说出工单号"),
        ("有原工单号可发送“查询+工单号”查进度。", "可按2，或说出工单号查进度"),
        ("查询进度请回复“查询”和工单号", "查询进度请按2，或说出工单号"),
        ("问题从何时开始？如有照片可一并发送。", "问题从何时开始？"),
        ("没听清，请再说一遍或发文字。", "没听清，请再说一遍。"),
        ("抱歉没记下电话，请再发一次。", "抱歉没记下电话，请再说一遍。"),
        ("请用文字描述您的问题。", "请直接说出您的问题。"),
        ("修改的内容请重新发送一条消息，我们以新消息为准。", "修改的内容请再说一遍"),
        ("依条例第十一条，暂停自动回复，留言已转人工。", "暂停自动回复"),
    ],
)
def test_sms_sending_words_are_said_the_phone_way(sms: str, said: str) -> None:
    out = spoken(sms)
    assert said in out
    assert not SMS_SENDING.search(out), out


def test_no_short_text_of_the_table_asks_a_caller_to_send_anything() -> None:
    wording = load_wording(CONFIG)
    for key, variants in wording.texts.items():
        template = variants.get("short") or variants["rich"]
        names = {n for _, n, _, _ in Formatter().parse(template) if n}
        out = spoken(wording.say(key, "short", **dict.fromkeys(names, "示例")))
        assert not SMS_SENDING.search(out), (key, out)


def test_key_2_is_progress_where_the_turn_offered_it(adapter: VoiceAdapter) -> None:
    hint = voice_reply("查询进度请发“查询”加工单号；反映问题请直接描述。")
    _, root = _turn(adapter, "step=3", [hint], Digits="9900#")
    action = root.find("Gather").get("action")
    assert action == f"{PUBLIC}/webhooks/voice/gather?step=4&ask=1&progress=1"
    offered, _ = _turn(adapter, "step=4&ask=1&progress=1", [], Digits="2")
    assert [m.text for m in offered] == ["查询工单进度"]
    # elsewhere a 2 is an answer (「基本满意请按2」), read by the dialogue as it is
    plain, _ = _turn(adapter, "step=4&ask=1", [], Digits="2")
    assert [m.text for m in plain] == ["2"]


@pytest.mark.parametrize(
    "question",
    [
        "请说明发生地点：县区、乡镇（街道）及具体位置。",
        "请问在哪个县区、乡镇（街道）？",
        "请留姓名和手机号以便回复结果；不便提供请回“匿名”。",
    ],
)
def test_a_question_marks_its_gather_and_silence_there_is_an_empty_answer(
    adapter: VoiceAdapter, question: str
) -> None:
    _, root = _turn(adapter, "step=1", [voice_reply(question)], SpeechResult="路灯坏了")
    action = root.find("Gather").get("action")
    assert action.startswith(f"{PUBLIC}/webhooks/voice/gather?step=2&ask=1")
    messages, again = _turn(adapter, "step=2&ask=1", [voice_reply(question)], SpeechResult="")
    assert [(m.kind, m.text) for m in messages] == [(MessageKind.TEXT, "")]
    said = _said(again)
    assert said.startswith("抱歉，没有听清。")
    assert again.find("Record") is None
    assert "retry=1" in again.find("Gather").get("action")
    # asked twice: nothing for the dialogue, a message for a person (not the matter)
    none, last = _turn(adapter, "step=3&ask=1&retry=1", [], SpeechResult="")
    assert none == []
    assert last.find("Record") is not None
    assert "您的问题" not in _said(last)


def test_an_answer_and_the_filing_ask_nothing(adapter: VoiceAdapter) -> None:
    """Not a question (an answer, then 「请问还有其他问题吗」): silence is no answer to
    repeat; the call's own fallback stands."""
    _, root = _turn(adapter, "step=5", [voice_reply("好的，已为您记录。")], SpeechResult="嗯")
    assert "ask=1" not in root.find("Gather").get("action")
