"""One SMS per reply: segment arithmetic, shortening rules, TwiML shape and MMS media.

The TwiML is compared with what Twilio's own library (``twilio.twiml``) renders for the
same message, and parsed back to count ``<Message>`` elements.
"""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import defusedxml.ElementTree as ET
import pytest
from twilio.twiml.messaging_response import MessagingResponse

from channels.messages import Attachment, AttachmentKind, OutboundMessage, QuickReply
from channels.sms import SmsAdapter, TwilioSettings
from channels.sms.segments import count_segments, encoding_of, fits, shorten
from tests.contract.cases import CITIZEN_PHONE, sms_pairs, twilio_settings, twilio_signed
from tests.contract.conftest import FakeProvider

MENU = (
    QuickReply(title="反映问题", payload="1"),
    QuickReply(title="政策咨询", payload="2"),
    QuickReply(title="查询工单进度", payload="3"),
    QuickReply(title="转人工服务", payload="4"),
)
SENTENCES = [
    "您好，您反映的小区供暖不热问题已转交市住房和城乡建设局办理。",
    "承办单位将在五个工作日内与您联系，请保持电话畅通！",
    "根据《菏泽市12345政务服务便民热线条例》第十四条，承办单位应当按时办结。",
    "如对办理结果不满意，可在回访时说明理由；",
    "办理进度可发送“查询”加工单号查看？",
]


def _adapter(base: str, **extra: object) -> SmsAdapter:
    return SmsAdapter(TwilioSettings(**{**twilio_settings(base), **extra}))


@pytest.fixture
async def adapter(provider: FakeProvider) -> AsyncIterator[SmsAdapter]:
    built = _adapter(provider.base_url)
    yield built
    await built.aclose()


def _out(text: str, **kw: object) -> OutboundMessage:
    return OutboundMessage(channel="sms", recipient=CITIZEN_PHONE, text=text, **kw)


def _messages(body: bytes) -> list[str]:
    return [m.findtext("Body") or m.text or "" for m in ET.fromstring(body).iter("Message")]


# -- segment arithmetic (GSM 03.38 / UCS-2, 3GPP TS 23.040) ---------------------------------
@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("", "GSM-7", 0),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),  # 2 x 153
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),  # extension table: two septets each, 160 in all
        ("€" * 81, "GSM-7", 2),
        ("a" * 152 + "€", "GSM-7", 1),  # 154 septets still fit one single message
        ("a" * 152 + "€" + "a" * 8, "GSM-7", 2),  # the escape pair is not split
        ("办" * 70, "UCS-2", 1),
        ("办" * 71, "UCS-2", 2),
        ("办" * 134, "UCS-2", 2),  # 2 x 67
        ("办" * 135, "UCS-2", 3),
        ("a" * 69 + "é", "GSM-7", 1),
        ("a" * 70 + "ê", "UCS-2", 2),  # ê is not GSM-7: the whole body becomes UCS-2
        ("😀" * 35, "UCS-2", 1),  # surrogate pairs: 70 code units
        ("办" * 66 + "😀" + "办" * 66, "UCS-2", 3),  # 134 units, but a pair is never split
    ],
)
def test_segment_arithmetic(text: str, encoding: str, segments: int) -> None:
    count = count_segments(text)
    assert encoding_of(text) == encoding
    assert count.encoding == encoding
    assert count.segments == segments


# -- the shortening rule --------------------------------------------------------------------
def test_a_5000_character_reply_is_one_shortened_message(adapter: SmsAdapter) -> None:
    text = "".join(SENTENCES[i % len(SENTENCES)] for i in range(200))[:5000]
    reply = _out(text, quick_replies=MENU)
    (body,) = adapter.degrade(reply)
    assert len(body) <= 1600
    assert adapter.segments(reply).segments <= adapter.settings.sms_max_segments
    assert body.endswith("完整答复请拨打12345热线查询。）")
    for i, option in enumerate(MENU, start=1):
        assert f"{i}. {option.title}" in body.splitlines()  # every option whole, on its line
    kept = body.split("\n")[0]
    assert text.startswith(kept)  # the start of the answer, in order
    assert kept[-1] in "。！？；"  # ends at a sentence end: nothing cut mid-sentence


def test_inline_twiml_is_one_message_per_turn_as_twilio_renders_it(
    adapter: SmsAdapter,
) -> None:
    # trial5 F14: one <Message> per reply made two SMS that could arrive out of order;
    # a turn is one SMS (docs/channels.md), its replies in order, never one per segment
    request = twilio_signed("/webhooks/sms", sms_pairs("你好", "R1"))
    messages = adapter.parse(request)
    greeting = _out("您好，这里是菏泽12345热线，请问有什么可以帮您？", quick_replies=MENU)
    answer = _out("".join(SENTENCES) * 40)
    response = adapter.acknowledge(request, messages, [greeting, answer])
    (body,) = _messages(response.body)
    assert body.startswith(greeting.text + "\n1. 反映问题\n2. 政策咨询")
    assert SENTENCES[0] in body
    assert adapter.segments(_out(body)).segments <= adapter.settings.sms_max_segments
    expected = MessagingResponse()
    expected.message(body)
    assert response.body.decode() == str(expected)
    assert response.media_type == "application/xml"


def test_segment_budget_and_more_link_come_from_settings(provider: FakeProvider) -> None:
    adapter = _adapter(
        provider.base_url, sms_max_segments=2, sms_more_url="https://12345.heze.gov.cn/chat"
    )
    reply = _out("".join(SENTENCES) * 3, quick_replies=MENU[:2])
    (body,) = adapter.degrade(reply)  # the class default budget (10 segments)
    short = adapter.body_for(reply)
    assert count_segments(short).segments <= 2
    assert short.endswith("完整答复请见：https://12345.heze.gov.cn/chat）")
    assert "1. 反映问题\n2. 政策咨询" in short
    assert len(short) < len(body)


def test_a_single_overlong_sentence_is_cut_at_a_clause_and_marked() -> None:
    sentence = "，".join(["请携带身份证原件和户口簿"] * 200) + "。"
    body = shorten(sentence, more="（未完）", max_segments=3)
    assert fits(body, 3)
    first = body.split("\n")[0]
    assert first.endswith("……")
    assert sentence.startswith(first.removesuffix("……"))
    assert first.removesuffix("……").endswith("户口簿")  # at a clause break, not mid-word


@pytest.mark.parametrize("seed", range(40))
def test_shortened_replies_keep_whole_sentences_and_fit(seed: int) -> None:
    rng = random.Random(seed)
    lines = [
        "".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6)))
        for _ in range(rng.randint(1, 30))
    ]
    text = "\n".join(lines)
    budget = rng.randint(1, 12)
    menu = "\n".join(f"{i}. 选项{i}" for i in range(1, rng.randint(1, 5)))
    body = shorten(text, menu=menu, more="（节选）", max_segments=budget)
    assert fits(body, budget) or body == "（节选）"
    if fits("\n".join(p for p in (text, menu) if p), budget):
        assert body == "\n".join(p for p in (text, menu) if p)
        return
    kept = [ln for ln in body.split("\n") if ln and ln != "（节选）" and not re.match(r"\d\.", ln)]
    sentences = set(SENTENCES)
    for line in kept:
        pieces = re.findall(r"[^。！？；]+[。！？；]", line)
        assert "".join(pieces) == line or line.endswith("……")
        assert all(p in sentences for p in pieces) or line.endswith("……")


# -- MMS ---------------------------------------------------------------------------------------
PICTURE = Attachment(
    kind=AttachmentKind.IMAGE,
    mime="image/png",
    source_url="https://hotline.example.gov.cn/media/out/ab/abc.png?s=sig",
)


def test_inline_mms_carries_media_in_the_same_message(adapter: SmsAdapter) -> None:
    request = twilio_signed("/webhooks/sms", sms_pairs("政务服务大厅在哪", "R2"))
    reply = _out("政务服务大厅位置见下图。", attachments=(PICTURE,))
    response = adapter.acknowledge(request, adapter.parse(request), [reply])
    root = ET.fromstring(response.body)
    (message,) = list(root.iter("Message"))
    assert [m.text for m in message.iter("Media")] == [PICTURE.source_url]
    expected = MessagingResponse()
    expected.message("政务服务大厅位置见下图。").media(PICTURE.source_url)
    assert response.body.decode() == str(expected)


async def test_rest_mms_sends_media_url(adapter: SmsAdapter, provider: FakeProvider) -> None:
    await adapter.send(_out("地图如下。", attachments=(PICTURE,)))
    (call,) = provider.calls("/Messages.json")
    form = parse_qsl(call.body.decode())
    assert ("MediaUrl", PICTURE.source_url) in form
    assert dict(form)["Body"] == "地图如下。"


async def test_refused_media_is_sent_again_as_text_with_the_link(
    adapter: SmsAdapter, provider: FakeProvider
) -> None:
    # Twilio refuses a media URL it cannot fetch (error 21620) with HTTP 400
    provider.script("/Messages.json", status=400, json_body={"code": 21620}, times=1)
    result = await adapter.send(_out("地图如下。", attachments=(PICTURE,)))
    first, second = provider.calls("/Messages.json")
    assert "MediaUrl" in dict(parse_qsl(first.body.decode()))
    retry = dict(parse_qsl(second.body.decode()))
    assert "MediaUrl" not in retry
    assert retry["Body"] == f"地图如下。\n图片：{PICTURE.source_url}"
    assert result.provider_message_id == "SM0123456789"
