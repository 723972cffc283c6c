"""The bot on the phone (issue 17, trial 2): emergencies (V9), no chat menu (V8), the
confirmation instruction once (V2), the caller's 「嗯」 (V19). TwiML parsed as XML."""

from __future__ import annotations

from typing import Any

import defusedxml.ElementTree as ET
import pytest

from channels.messages import OutboundMessage, QuickReply
from channels.voice import VoiceAdapter
from tests.contract.cases import CITIZEN_PHONE, voice_build, voice_signed
from tests.contract.replies import voice_reply


@pytest.fixture
def adapter() -> VoiceAdapter:
    built = voice_build("http://127.0.0.1:9")
    assert isinstance(built, VoiceAdapter)
    return built


def _answer(adapter: VoiceAdapter, said: str, *replies: OutboundMessage) -> Any:
    request = voice_signed("gather", 1, SpeechResult=said, Confidence="0.9")
    adapter.verify(request)
    messages = adapter.parse(request)
    root = ET.fromstring(adapter.acknowledge(request, messages, list(replies)).body)
    assert root.tag == "Response"
    return root


def _said(root: Any) -> str:
    return "".join(s.text or "" for s in root.iter("Say"))


@pytest.mark.parametrize(
    ("said", "service", "advice"),
    [
        ("家里煤气泄漏了，味特别大", "119", "关闭气阀、开窗通风"),
        ("楼下着火了，好大的烟", "119", "撤离"),
        ("我爸晕倒了叫不醒", "120", "不要随意搬动"),
    ],
)
def test_an_emergency_is_one_message_with_safety_advice_then_the_dial(
    adapter: VoiceAdapter, said: str, service: str, advice: str
) -> None:
    text_channels = voice_reply("紧急情况请立即拨打119（火警）！", transfer_to=service)
    root = _answer(adapter, said, text_channels)
    assert [child.tag for child in root] == ["Say", "Dial"]
    notice = _said(root)
    assert advice in notice
    assert "立即拨打" not in notice
    assert notice.index(advice) < notice.index("正在为您转接")
    assert "请不要挂机" in notice
    assert (root.find("Dial").text or "").strip() == service


def test_the_chats_welcome_menu_is_never_said_on_the_phone(adapter: VoiceAdapter) -> None:
    menu = tuple(
        QuickReply(title=t, payload=t)
        for t in ("反映问题", "政策咨询", "查询工单进度", "转人工服务")
    )
    welcome = voice_reply(
        "您好，菏泽12345热线为您服务。请直接描述您的问题，或回复序号选择服务。", quick_replies=menu
    )
    said = _said(_answer(adapter, "1234", welcome))
    assert "您好" not in said
    assert "请按" not in said  # no keyed menu
    assert "查询" in said  # progress still offered, in words


def test_a_read_back_says_its_confirmation_keys_once(adapter: VoiceAdapter) -> None:
    keys = (QuickReply(title="确认提交", payload="y"), QuickReply(title="需要修改", payload="n"))
    read_back = voice_reply(
        "请核对：路灯坏了；地点：牡丹区。无误请回1，修改请回2。", quick_replies=keys
    )
    said = _said(_answer(adapter, "牡丹区", read_back))
    assert said.count("请按1") == 1
    assert "挂机" not in said  # a question is not followed by "you may hang up"


@pytest.mark.parametrize("um", ["嗯", "嗯。", "对"])
def test_a_short_yes_is_not_left_to_the_recognisers_confidence(
    adapter: VoiceAdapter, um: str
) -> None:
    request = voice_signed("gather", 2, SpeechResult=um, Confidence="0.2")
    adapter.verify(request)
    (message,) = adapter.parse(request)
    assert message.transcript_confidence is None
    longer = voice_signed("gather", 2, SpeechResult="路灯坏了", Confidence="0.2")
    (other,) = adapter.parse(longer)
    assert other.transcript_confidence == pytest.approx(0.2)


def _inline(adapter: VoiceAdapter, *replies: OutboundMessage) -> Any:
    request = voice_signed("gather", 3, Digits="1")
    adapter.verify(request)
    return adapter.acknowledge(request, adapter.parse(request), list(replies))


def test_a_receipt_repeats_the_number_and_sends_it_a_progress_answer_does_not(
    adapter: VoiceAdapter,
) -> None:
    receipt = voice_reply(
        "已受理，工单号HZ20261201-000003，由东明县人民政府办理，2026-12-08 24:00前答复。"
    )
    filed = _inline(adapter, receipt)
    said = _said(ET.fromstring(filed.body))
    assert said.startswith("您的诉求已受理")
    assert said.count("H Z，二零二六，幺二零幺，零零零，零零三") == 2
    (sms,) = filed.continuations
    assert "HZ20261201-000003" in sms.text
    assert sms.recipient == CITIZEN_PHONE
    progress = voice_reply(
        "工单HZ20261201-000003：已派单，东明县人民政府办理，时限2026-12-08 24:00。"
    )
    answered = _inline(adapter, progress)
    heard = _said(ET.fromstring(answered.body))
    assert "H Z，二零二六" in heard  # still said slowly
    assert "重复" not in heard
    assert answered.continuations == ()
