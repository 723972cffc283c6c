"""The 12345 phone line: TwiML call flow, DTMF menu, speech, recording, emergencies."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import defusedxml.ElementTree as ET
import pytest

from channels.errors import PayloadError, SendError, VerificationError
from channels.messages import AttachmentKind, MessageKind
from channels.voice import VoiceAdapter, VoiceSettings
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import (
    CALL_SID,
    CITIZEN_PHONE,
    OUR_NUMBER,
    PUBLIC,
    twilio_settings,
    twilio_signed,
    voice_build,
    voice_pairs,
    voice_signed,
)
from tests.contract.conftest import VECTORS, FakeProvider
from tests.contract.replies import voice_reply

TWIML = json.loads((VECTORS / "twilio" / "twiml_expected.json").read_text())


adapter = adapter_fixture(VoiceAdapter, voice_build)


def _flow(adapter: VoiceAdapter, request, replies=()):  # type: ignore[no-untyped-def]
    adapter.verify(request)
    messages = adapter.parse(request)
    body = adapter.acknowledge(request, messages, list(replies)).body
    return messages, ET.fromstring(body)


def test_incoming_call_is_greeted_with_a_mandarin_gather(adapter: VoiceAdapter) -> None:
    messages, root = _flow(adapter, voice_signed("", None))
    assert messages == []
    gather = root.find("Gather")
    assert gather is not None
    expected = ET.fromstring(TWIML["gather_speech_zh"]["xml"]).find("Gather")
    assert expected is not None
    for attr in ("language", "method", "speechTimeout", "actionOnEmptyResult"):
        assert gather.get(attr) == expected.get(attr)
    assert "speech" in (gather.get("input") or "")
    assert "dtmf" in (gather.get("input") or "")
    assert gather.get("action") == f"{PUBLIC}/webhooks/voice/gather?step=0"
    assert "按1" in (gather.findtext("Say") or "")
    assert root.find("Redirect") is not None


def test_speech_becomes_the_appeal_text(adapter: VoiceAdapter) -> None:
    request = voice_signed("gather", 0, SpeechResult="我家小区门口的路灯坏了", Confidence="0.91")
    (msg,), root = _flow(adapter, request, [voice_reply("您反映的问题已记录。")])
    assert msg.kind is MessageKind.VOICE
    assert msg.text == "我家小区门口的路灯坏了"
    assert msg.raw["Confidence"] == "0.91"
    assert msg.transcript_confidence == 0.91  # normalized, not only in raw
    assert msg.contact_phone == CITIZEN_PHONE
    assert msg.external_id == f"{CALL_SID}:gather:0"
    says = [s.text for s in root.iter("Say")]
    assert "您反映的问题已记录。" in says
    follow = root.find("Gather")
    assert follow is not None
    assert follow.get("action", "").endswith("/webhooks/voice/gather?step=1&done=1")


def test_twilio_retry_of_a_turn_collides_and_next_turn_does_not(adapter: VoiceAdapter) -> None:
    a = adapter.parse(voice_signed("gather", 3, SpeechResult="噪音"))[0]
    b = adapter.parse(voice_signed("gather", 3, SpeechResult="噪音"))[0]
    c = adapter.parse(voice_signed("gather", 4, SpeechResult="噪音"))[0]
    assert a.dedup_key == b.dedup_key != c.dedup_key


@pytest.mark.parametrize(
    ("digits", "text"), [("1", "转人工"), ("2", "查询工单进度"), ("0#", "转人工")]
)
def test_dtmf_keys_are_read_as_the_words_they_stand_for(
    adapter: VoiceAdapter, digits: str, text: str
) -> None:
    # the dialogue reads a key like the words (issue 17 V6: key 2 was an unknown event)
    (msg,), _ = _flow(adapter, voice_signed("gather", 0, Digits=digits))
    assert msg.kind is MessageKind.TEXT
    assert msg.text == text


async def test_agent_key_dials_the_desk_when_configured(provider: FakeProvider) -> None:
    adapter = VoiceAdapter(
        VoiceSettings(**twilio_settings(provider.base_url), agent_number="+8653088888888")
    )
    _, root = _flow(
        adapter, voice_signed("gather", 0, Digits="1"), [voice_reply("正在为您转接人工服务。")]
    )
    assert root.findtext("Dial") == "+8653088888888"
    await adapter.aclose()


def test_nothing_heard_falls_back_to_record(adapter: VoiceAdapter) -> None:
    messages, root = _flow(adapter, voice_signed("gather", 2, SpeechResult=""))
    assert messages == []
    record = root.find("Record")
    assert record is not None
    assert record.get("action") == f"{PUBLIC}/webhooks/voice/recording?step=2"
    assert record.get("playBeep") == "true"


def test_recording_becomes_an_audio_attachment(adapter: VoiceAdapter) -> None:
    request = voice_signed(
        "recording",
        2,
        RecordingUrl="https://api.twilio.com/R/RE9",
        RecordingSid="RE9",
        RecordingDuration="17",
    )
    (msg,), root = _flow(adapter, request, [])
    (att,) = msg.attachments
    assert (att.kind, att.source_url, att.duration_seconds, att.transcript) == (
        AttachmentKind.AUDIO,
        "https://api.twilio.com/R/RE9",
        17.0,
        None,
    )
    assert msg.text == ""  # the media service or an agent provides the words
    assert any(
        "短信" in (s.text or "") for s in root.iter("Say")
    )  # not ready: told it comes by SMS


def test_empty_recording_says_goodbye(adapter: VoiceAdapter) -> None:
    messages, root = _flow(adapter, voice_signed("recording", 2, RecordingDuration="0"))
    assert messages == []
    assert root.find("Hangup") is not None


@pytest.mark.parametrize("number", ["110", "119", "120", "122"])
def test_emergency_is_dialled_not_queued(adapter: VoiceAdapter, number: str) -> None:
    request = voice_signed("gather", 1, SpeechResult="着火了，快来人")
    _, root = _flow(adapter, request, [voice_reply("您反映的情况十分紧急。", transfer_to=number)])
    assert root.findtext("Dial") == number
    assert root.find("Gather") is None
    assert root.find("Hangup") is None


def test_status_callback_and_unknown_paths(adapter: VoiceAdapter) -> None:
    messages, root = _flow(adapter, voice_signed("status", None, CallDuration="30"))
    assert messages == []
    assert list(root) == []
    with pytest.raises(PayloadError) as info:
        adapter.parse(voice_signed("nowhere", 0))
    assert info.value.status_code == 404


def test_callbacks_behind_a_proxy_prefix_keep_the_prefix(adapter: VoiceAdapter) -> None:
    request = twilio_signed("/hotline/webhooks/voice", voice_pairs())
    _, root = _flow(adapter, request)
    gather = root.find("Gather")
    assert gather is not None
    assert gather.get("action") == f"{PUBLIC}/hotline/webhooks/voice/gather?step=0"


def test_signature_covers_the_step(adapter: VoiceAdapter) -> None:
    good = voice_signed("gather", 1, SpeechResult="x")
    from channels.base import RawRequest

    moved = RawRequest(
        good.method, good.url.replace("step=1", "step=2"), good.headers, {"step": "2"}, good.body
    )
    with pytest.raises(VerificationError):
        adapter.verify(moved)


async def test_later_answer_goes_by_sms(adapter: VoiceAdapter, provider: FakeProvider) -> None:
    await adapter.send(voice_reply("您的工单已办结，感谢您的来电。", account=OUR_NUMBER))
    (call,) = provider.calls("/Messages.json")
    form = dict(parse_qsl(call.body.decode()))
    assert form["To"] == CITIZEN_PHONE
    assert form["Body"] == "您的工单已办结，感谢您的来电。"
    with pytest.raises(SendError) as info:
        await adapter.send(voice_reply("紧急", transfer_to="119"))
    assert not info.value.retryable


@pytest.mark.parametrize("digits", ["1", "2", "1#"])
def test_a_key_after_the_greeting_is_an_answer_not_the_menu(
    adapter: VoiceAdapter, digits: str
) -> None:
    """At the read-back "无误回1，修改回2" a caller's 1 confirms: it reaches the dialogue as
    text, never as the greeting's "转人工" (which lost the appeal)."""
    (msg,), _ = _flow(adapter, voice_signed("gather", 4, Digits=digits), [voice_reply("好的")])
    assert msg.kind is MessageKind.TEXT
    assert msg.text == digits.rstrip("#")


def test_keyed_in_numbers_become_text(adapter: VoiceAdapter) -> None:
    (msg,), root = _flow(
        adapter, voice_signed("gather", 3, Digits="20261126#"), [voice_reply("好的")]
    )
    assert msg.kind is MessageKind.TEXT
    assert msg.text == "20261126"
    follow = root.find("Gather")
    assert follow is not None
    assert follow.get("finishOnKey") == "#"
    assert follow.get("numDigits") is None


@pytest.mark.parametrize(("given", "expected"), [("0.42", 0.42), ("1", 1.0), ("", None)])
def test_speech_confidence_is_normalized(
    adapter: VoiceAdapter, given: str, expected: float | None
) -> None:
    fields = {"SpeechResult": "路灯坏了"}
    if given:
        fields["Confidence"] = given
    request = voice_signed("gather", 3, **fields)
    adapter.verify(request)
    (msg,) = adapter.parse(request)
    assert msg.transcript_confidence == expected


@pytest.mark.parametrize("given", ["high", "1.5", "-0.1", "nan"])
def test_malformed_confidence_is_a_clear_4xx(adapter: VoiceAdapter, given: str) -> None:
    request = voice_signed("gather", 4, SpeechResult="路灯坏了", Confidence=given)
    adapter.verify(request)
    with pytest.raises(PayloadError) as info:
        adapter.parse(request)
    assert info.value.status_code == 400


def test_typed_digits_carry_no_confidence(adapter: VoiceAdapter) -> None:
    request = voice_signed("gather", 5, Digits="1234#", Confidence="0.2")
    (msg,) = adapter.parse(request)
    assert msg.transcript_confidence is None
