"""The TwiML of every call state, parsed back from what Twilio's library produced."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import defusedxml.ElementTree as ET
from twilio.twiml.voice_response import VoiceResponse

from channels.voice import VoiceAdapter, VoiceSettings
from channels.voice.speech import spoken
from gateway.calls import twiml

BASE = "https://hotline.example/webhooks/voice"


def _parse(document: str) -> Element:
    root = ET.fromstring(document)
    assert isinstance(root, Element)
    assert root.tag == "Response"
    return root


def _bot(response: VoiceResponse) -> None:
    VoiceAdapter(VoiceSettings()).greet(response, BASE)


def test_incoming_call_is_queued_without_a_menu() -> None:
    root = _parse(twiml.enqueue(BASE, "hotline"))
    assert [c.tag for c in root] == ["Say", "Enqueue"]
    assert root.find("Gather") is None  # no menu before a person
    enqueue = root.find("Enqueue")
    assert enqueue is not None
    assert enqueue.text == "hotline"
    assert enqueue.get("waitUrl") == f"{BASE}/wait"
    assert enqueue.get("action") == f"{BASE}/dequeued"
    assert root[0].get("language") == "zh-CN"


def test_waiting_tells_the_place_and_plays_hold_music_or_pauses() -> None:
    root = _parse(twiml.waiting(2, "https://cdn.example/hold.mp3", 5))
    assert [c.tag for c in root] == ["Say", "Play"]
    assert "2位" in (root[0].text or "")
    assert root[1].text == "https://cdn.example/hold.mp3"
    next_up = _parse(twiml.waiting(0, None, 7))
    assert "下一位" in (next_up[0].text or "")
    assert next_up[1].tag == "Pause"
    assert next_up[1].get("length") == "7"
    unchanged = _parse(twiml.waiting(None, None, 5))
    assert [c.tag for c in unchanged] == ["Pause"]  # the place is said once, when it changes


def test_time_up_leaves_the_queue() -> None:
    assert [c.tag for c in _parse(twiml.leave())] == ["Leave"]


def test_overflow_offers_a_message_on_1_and_the_bot_otherwise() -> None:
    root = _parse(twiml.overflow(BASE, "choose", _bot))
    gather = root.find("Gather")
    assert gather is not None
    assert gather.get("numDigits") == "1"
    assert gather.get("input") == "dtmf"
    assert gather.get("action") == f"{BASE}/overflow"
    assert "留言，请按1" in (gather.findtext("Say") or "")
    assert root.findtext("Redirect") == f"{BASE}/overflow"


def test_overflow_modes_bot_and_message() -> None:
    bot = _parse(twiml.overflow(BASE, "bot", _bot, reason="night"))
    assert bot[0].tag == "Say"
    assert (bot[0].text or "").startswith(spoken(twiml.NIGHT))
    assert "智能助手" in (bot[0].text or "")  # says what happens next
    gather = bot.find("Gather")
    assert gather is not None
    assert gather.get("input") == "dtmf speech"
    assert gather.get("action") == f"{BASE}/gather?step=0"
    assert "按1" not in (gather.findtext("Say") or "")  # no "press 1 for a person" here
    message = _parse(twiml.overflow(BASE, "message", _bot, max_seconds=60))
    record = message.find("Record")
    assert record is not None
    assert record.get("action") == f"{BASE}/voicemail"
    assert record.get("maxLength") == "60"


def test_bridge_dials_the_agents_endpoint_of_each_kind() -> None:
    for kind, address, tag in (
        ("client", "alice", "Client"),
        ("sip", "sip:alice@pbx.example", "Sip"),
        ("number", "+865301234567", "Number"),
    ):
        root = _parse(twiml.bridge(BASE, "CA1", twiml.Endpoint(kind, address), 20))  # type: ignore[arg-type]
        assert root.find("Start") is None  # live assist off
        dial = root.find("Dial")
        assert dial is not None
        assert dial.get("action") == f"{BASE}/dialed?sid=CA1"
        assert dial.get("timeout") == "20"
        leg = dial.find(tag)
        assert leg is not None
        assert leg.text == address
        assert leg.get("statusCallback") == f"{BASE}/events?leg=agent&sid=CA1"
        assert "answered" in (leg.get("statusCallbackEvent") or "")


def test_bridge_with_live_assist_starts_the_stream_before_the_dial() -> None:
    root = _parse(
        twiml.bridge(
            BASE,
            "CA9",
            twiml.Endpoint("client", "bob"),
            15,
            stream_url="wss://hotline.example/webhooks/voice/stream",
            conversation="conv:voice:+86530:+86138",
        )
    )
    assert [c.tag for c in root] == ["Start", "Say", "Dial"]
    stream = root.find("Start/Stream")
    assert stream is not None
    assert stream.get("url") == "wss://hotline.example/webhooks/voice/stream"
    params = {p.get("name"): p.get("value") for p in stream.findall("Parameter")}
    assert params == {"call_sid": "CA9", "conversation": "conv:voice:+86530:+86138"}


def test_after_the_agent_goodbye_or_overflow() -> None:
    done = _parse(twiml.after_agent(True, BASE, "choose", _bot))
    assert [c.tag for c in done] == ["Say", "Hangup"]
    missed = _parse(twiml.after_agent(False, BASE, "message", _bot))
    assert (missed[0].text or "").startswith(spoken(twiml.AGENT_MISSED))
    assert missed.find("Record") is not None


def test_message_thanks_and_empty() -> None:
    assert [c.tag for c in _parse(twiml.message_thanks())] == ["Say", "Hangup"]
    assert list(_parse(twiml.empty())) == []


def _said(document: str) -> str:
    return "".join(e.text or "" for e in _parse(document).iter("Say"))


def test_each_overflow_is_one_notice_greeting_only_a_caller_not_yet_greeted() -> None:
    modes: tuple[twiml.OverflowMode, ...] = ("choose", "bot", "message")
    first: tuple[twiml.Reason, ...] = ("night", "nobody")  # the caller has heard nothing yet
    later: tuple[twiml.Reason, ...] = ("busy", "missed")  # greeted by the queue's welcome
    for mode in modes:
        for reason in first:
            said = _said(twiml.overflow(BASE, mode, _bot, reason=reason))
            assert said.count("您好") == 1, (mode, reason)
            assert "繁忙" not in said
            assert "无人值守" not in said
        for reason in later:
            said = _said(twiml.overflow(BASE, mode, _bot, reason=reason))
            assert "您好" not in said, (mode, reason)
            assert said.count("非常抱歉") == 1
    assert "回电" in _said(twiml.overflow(BASE, "message", _bot, reason="nobody"))


def test_every_fixed_prompt_reads_the_hotline_number_digit_by_digit() -> None:
    documents = [
        twiml.enqueue(BASE, "hotline"),
        twiml.overflow(BASE, "choose", _bot, reason="nobody"),
        twiml.overflow(BASE, "bot", _bot, reason="night"),
    ]
    for document in documents:
        said = _said(document)
        assert "12345" not in said
        assert "幺二三四五" in said


def test_night_mode_on_a_7x24_line_never_says_outside_service_hours() -> None:
    document = twiml.overflow(BASE, "message", _bot, reason="night")
    root = _parse(document)
    tags = [child.tag for child in root]
    before = list(root)[: tags.index("Record")]  # what the caller hears before the beep
    said = "".join(s.text or "" for s in before if s.tag == "Say")
    assert "不是人工服务时间" not in said
    assert said.count("回电") == 1
    # the message is asked for before the promise to call back
    assert said.index("留言") < said.index("回电")
    assert root.find("Record") is not None
