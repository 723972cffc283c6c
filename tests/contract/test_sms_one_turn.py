"""trial5 F14: a turn's replies are ONE SMS. An attachment during an intake answered
「已收到附件1个。」 and the read-back as two ``<Message>`` elements (two SMS that may arrive
out of order); the 第十一条 notice and the next question likewise."""

from __future__ import annotations

from collections.abc import AsyncIterator

import defusedxml.ElementTree as ET
import pytest

from channels.messages import Attachment, AttachmentKind, OutboundMessage, QuickReply
from channels.sms import SmsAdapter, TwilioSettings
from tests.contract.cases import CITIZEN_PHONE, sms_pairs, twilio_settings, twilio_signed
from tests.contract.conftest import FakeProvider


@pytest.fixture
async def adapter(provider: FakeProvider) -> AsyncIterator[SmsAdapter]:
    built = SmsAdapter(TwilioSettings(**twilio_settings(provider.base_url)))
    yield built
    await built.aclose()


def _out(text: str, **kw: object) -> OutboundMessage:
    return OutboundMessage(channel="sms", recipient=CITIZEN_PHONE, text=text, **kw)


def _bodies(adapter: SmsAdapter, replies: list[OutboundMessage]) -> list[str]:
    request = twilio_signed("/webhooks/sms", sms_pairs("照片", "T1"))
    response = adapter.acknowledge(request, adapter.parse(request), replies)
    root = ET.fromstring(response.body)
    return [m.findtext("Body") or m.text or "" for m in root.iter("Message")]


YES_NO = (QuickReply(title="确认", payload="1"), QuickReply(title="修改", payload="2"))
TURNS = [
    [
        _out("已收到附件1个。"),
        _out("请核对：路灯坏了；地点：牡丹区桂陵社区；联系：尾号1234。无误回1，修改回2。"),
    ],
    [
        _out("根据《条例》第十一条，请文明表达诉求，不得辱骂工作人员。"),
        _out("请说明发生地点：县区、乡镇（街道）及具体位置。"),
    ],
    [
        _out("您反映的情况我们已记录。"),
        _out("请问是否需要修改？", quick_replies=YES_NO),
        _out("如需人工服务请回复“人工”。"),
    ],
]


@pytest.mark.parametrize("turn", TURNS, ids=["attachment", "notice", "three"])
def test_a_turns_replies_are_one_sms_in_order(
    adapter: SmsAdapter, turn: list[OutboundMessage]
) -> None:
    (body,) = _bodies(adapter, turn)
    positions = [body.index(r.text) for r in turn]
    assert positions == sorted(positions)  # the order of the turn kept


def test_options_of_an_earlier_reply_stay_with_it(adapter: SmsAdapter) -> None:
    (body,) = _bodies(adapter, TURNS[2])
    lines = body.splitlines()
    assert lines[lines.index("请问是否需要修改？") + 1 : lines.index("请问是否需要修改？") + 3] == [
        "1. 确认",
        "2. 修改",
    ]


def test_pictures_of_every_reply_go_in_the_one_message(adapter: SmsAdapter) -> None:
    pic = Attachment(
        kind=AttachmentKind.IMAGE, mime="image/png", source_url="https://hz.example/m/a.png"
    )
    request = twilio_signed("/webhooks/sms", sms_pairs("在哪", "T2"))
    replies = [_out("位置见下图。", attachments=(pic,)), _out("还有其他问题吗？")]
    root = ET.fromstring(adapter.acknowledge(request, adapter.parse(request), replies).body)
    (message,) = list(root.iter("Message"))
    assert [m.text for m in message.iter("Media")] == [pic.source_url]


def test_an_empty_turn_is_an_empty_response(adapter: SmsAdapter) -> None:
    assert _bodies(adapter, [_out(""), _out("  ")]) == []


async def test_a_turn_pushed_later_is_one_sms_too(
    adapter: SmsAdapter, provider: FakeProvider
) -> None:
    # the inline deadline passed: the turn goes through the push path, still one SMS
    from urllib.parse import parse_qsl

    from gateway.kv import MemoryStore
    from gateway.pipeline.delivery import Delivery

    delivery = Delivery(MemoryStore(), {"sms": adapter})
    turn = TURNS[1]
    delivery.push_later(turn)
    await delivery.drain()
    (call,) = provider.calls("/Messages.json")
    body = dict(parse_qsl(call.body.decode()))["Body"]
    assert [body.index(r.text) for r in turn] == sorted(body.index(r.text) for r in turn)
