"""Calls to people first, end to end through the app, against a double of Twilio's REST API."""

from __future__ import annotations

import asyncio
from typing import Any

import defusedxml.ElementTree as ET
import pytest
from sqlalchemy import select

from gateway.calls.models import CallbackItem, VoiceCall
from gateway.console.errors import Conflict, Unavailable
from gateway.console.models import ConsoleAudit
from gateway.kv import KEYS
from gateway.routers.calls import calls_of

from .conftest import CALLER, OUR_NUMBER, PUBLIC, Line

pytestmark = pytest.mark.integration
BASE = f"{PUBLIC}/webhooks/voice"


def _xml(text: str) -> Any:
    root = ET.fromstring(text)
    assert root.tag == "Response"
    return root


async def _call(line: Line, sid: str) -> VoiceCall:
    async with line.services.sessions() as s:
        call = await s.get(VoiceCall, sid)
    assert call is not None
    return call


async def _incoming(line: Line, sid: str) -> Any:
    r = await line.twilio_post("/webhooks/voice", CallSid=sid, From=CALLER, To=OUR_NUMBER)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/xml")
    return _xml(r.text)


async def test_a_call_is_queued_offered_accepted_bridged_and_counted(line: Line) -> None:
    alice = await line.agent("alice")
    with line.services.console.hub.subscribe("alice", False) as sub:
        root = await _incoming(line, "CA100")
        assert root.find("Enqueue") is not None
        assert root.find("Gather") is None
        offer = sub.queue.get_nowait()
    assert offer["type"] == "call"
    assert offer["event"] == "offer"
    assert offer["sid"] == "CA100"
    assert CALLER[3:] not in offer["title"]
    assert offer["title"].endswith("1234")
    conversation = KEYS.conversation("voice", OUR_NUMBER, CALLER)
    assert offer["conversation"] == conversation

    wait = _xml(
        (
            await line.twilio_post(
                "/webhooks/voice/wait", CallSid="CA100", QueuePosition="1", QueueTime="2"
            )
        ).text
    )
    assert "下一位" in (wait.findtext("Say") or "")
    assert wait.find("Pause") is not None

    calls = calls_of(line.services)
    await calls.accept("CA100", alice)
    assert [sid for sid, _ in line.twilio.updates] == ["CA100"]
    bridge = _xml(line.twilio.updates[0][1]["Twiml"])
    client = bridge.find("Dial/Client")
    assert client is not None
    assert client.text == "alice"
    assert bridge.find("Start") is None  # HOTLINE_VOICE_STREAM off
    assert (await _call(line, "CA100")).status == "ringing"
    # the console's conversation is the agent's now
    assert (await line.services.console.conversation(conversation)).held_by == "alice"

    r = await line.twilio_post(
        "/webhooks/voice/events?leg=agent&sid=CA100",
        CallSid="CA200",
        ParentCallSid="CA100",
        CallStatus="in-progress",
    )
    assert r.status_code == 200
    assert (await _call(line, "CA100")).status == "in-progress"
    r = await line.twilio_post(
        "/webhooks/voice/dialed?sid=CA100",
        CallSid="CA100",
        DialCallStatus="completed",
        DialCallDuration="95",
    )
    assert [c.tag for c in _xml(r.text)] == ["Say", "Hangup"]
    done = await _call(line, "CA100")
    assert done.status == "completed"
    assert done.talk_seconds == 95
    # the conversation stays the agent's during after-call work (the order is filed)
    assert (await line.services.console.conversation(conversation)).held_by == "alice"
    assert await calls.wrapped("CA100", alice) >= 0
    assert (await line.services.console.conversation(conversation)).held_by is None
    async with line.services.sessions() as s:  # without the stream, the end is marked here
        ended = (
            await s.scalars(
                select(ConsoleAudit.conversation_key).where(ConsoleAudit.action == "call_ended")
            )
        ).all()
    assert ended == [conversation]  # so the inspection worker takes the finished call

    figures = (await line.client.get("/api/dashboard/calls", headers=await _centre(line))).json()
    assert figures["total"]["offered"] == 1
    assert figures["total"]["answer_rate"] == 1.0
    assert figures["total"]["answered_in_time_share"] == 1.0
    assert figures["per_agent"]["alice"]["avg_talk_seconds"] == 95
    assert len(figures["per_hour"]) == 1
    metrics = (await line.client.get("/metrics")).text
    assert 'hotline_calls_total{event="answered"}' in metrics
    assert "hotline_call_answer_wait_seconds_bucket" in metrics


async def _centre(line: Line) -> dict[str, str]:
    from casebridge.keys import demo_centre_key

    secret = line.services.settings.secret_key.get_secret_value()
    return {"Authorization": f"Bearer {demo_centre_key(secret)}"}


@pytest.mark.parametrize("line", ["sqlite", "postgresql"], indirect=True)
async def test_two_agents_accepting_the_same_call_exactly_one_gets_it(line: Line) -> None:
    alice, bob = await line.agent("alice"), await line.agent("bob")
    await _incoming(line, "CA300")
    calls = calls_of(line.services)
    results = await asyncio.gather(
        calls.accept("CA300", alice), calls.accept("CA300", bob), return_exceptions=True
    )
    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 1
    assert len(lost) == 1
    assert isinstance(lost[0], Conflict)
    assert len(line.twilio.updates) == 1  # bridged once
    winner = (await _call(line, "CA300")).agent
    assert line.twilio.updates[0][1]["Twiml"].count(f">{winner}</Client>") == 1


async def test_accept_over_http_and_a_second_agent_gets_409(line: Line) -> None:
    await line.agent("alice")
    await line.agent("bob")
    await _incoming(line, "CA310")
    a, b = await line.login("alice"), await line.login("bob")
    try:
        panel = (await b.get("/api/agent/calls")).json()
        assert [c["sid"] for c in panel["calls"]] == ["CA310"]
        assert (await a.post("/api/agent/calls/accept", json={"sid": "CA310"})).status_code == 200
        r = await b.post("/api/agent/calls/accept", json={"sid": "CA310"})
        assert r.status_code == 409
        assert "其他坐席" in r.json()["detail"]
    finally:
        await a.aclose()
        await b.aclose()


@pytest.mark.parametrize("line", ["sqlite", "postgresql"], indirect=True)
async def test_caller_hangs_up_in_the_queue_and_lands_on_the_callback_list(line: Line) -> None:
    alice, bob = await line.agent("alice"), await line.agent("bob")
    await _incoming(line, "CA400")
    r = await line.twilio_post("/webhooks/voice/dequeued", CallSid="CA400", QueueResult="hangup")
    assert r.status_code == 200
    assert (await _call(line, "CA400")).status == "abandoned"
    calls = calls_of(line.services)
    items = await calls.callbacks()
    assert [(i.call_sid, i.reason, i.status) for i in items] == [("CA400", "abandoned", "open")]
    with pytest.raises(Conflict):  # the call has left: nobody can accept it
        await calls.accept("CA400", alice)
    # the number's status callback afterwards changes nothing and adds no second item
    await line.twilio_post("/webhooks/voice/events", CallSid="CA400", CallStatus="completed")
    assert len(await calls.callbacks()) == 1

    item = items[0].id
    await calls.claim_callback(item, alice)
    with pytest.raises(Conflict):
        await calls.claim_callback(item, bob)
    assert await calls.callback_number(item, alice) == CALLER
    await calls.finish_callback(item, alice, "resolved", "已回电说明")
    assert await calls.callbacks() == []
    done = await calls.callbacks(include_done=True)
    assert done[0].outcome_label == "已回拨解决"
    trail = [e["action"] for e in await calls.callback_trail(item)]
    assert trail == ["callback_done", "reveal_pii", "callback_claim", "callback_add"]


async def test_replayed_or_unsigned_callbacks_are_refused(line: Line) -> None:
    await line.agent("alice")
    await _incoming(line, "CA500")
    unsigned = await line.client.post(
        "/webhooks/voice/dequeued",
        content=b"CallSid=CA500&QueueResult=hangup",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert unsigned.status_code == 403
    forged = await line.client.post(
        "/webhooks/voice/events",
        content=b"CallSid=CA500&CallStatus=completed",
        headers={"content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "x"},
    )
    assert forged.status_code == 403
    assert (await _call(line, "CA500")).status == "queued"  # nothing changed
    ok = await line.twilio_post("/webhooks/voice/events", CallSid="CA500", CallStatus="ringing")
    assert ok.status_code == 200
    unsigned_call = await line.client.post(
        "/webhooks/voice",
        content=b"CallSid=CA501&From=%2B8613900000000&To=%2B865305551234",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert unsigned_call.status_code == 403
    async with line.services.sessions() as s:
        assert await s.get(VoiceCall, "CA501") is None


async def test_no_agent_in_time_overflows_to_a_message_on_the_callback_list(line: Line) -> None:
    alice = await line.agent("alice")
    await line.agent("bob")
    await _incoming(line, "CA600")
    early = _xml(
        (
            await line.twilio_post(
                "/webhooks/voice/wait", CallSid="CA600", QueuePosition="3", QueueTime="4"
            )
        ).text
    )
    assert "2位" in (early.findtext("Say") or "")
    again = _xml(
        (
            await line.twilio_post(
                "/webhooks/voice/wait", CallSid="CA600", QueuePosition="3", QueueTime="9"
            )
        ).text
    )
    assert again.find("Say") is None  # the place is told again only when it changes
    late = _xml(
        (
            await line.twilio_post(
                "/webhooks/voice/wait", CallSid="CA600", QueuePosition="1", QueueTime="15"
            )
        ).text
    )
    assert [c.tag for c in late] == ["Leave"]
    with pytest.raises(Conflict):  # overflow and accept cannot both win
        await calls_of(line.services).accept("CA600", alice)
    choice = _xml(
        (
            await line.twilio_post("/webhooks/voice/dequeued", CallSid="CA600", QueueResult="leave")
        ).text
    )
    assert choice.find("Gather") is not None
    record = _xml(
        (await line.twilio_post("/webhooks/voice/overflow", CallSid="CA600", Digits="1")).text
    )
    assert record.find("Record") is not None
    bot = _xml((await line.twilio_post("/webhooks/voice/overflow", CallSid="CA601")).text)
    gather = bot.find("Gather")
    assert gather is not None
    assert gather.get("input") == "dtmf speech"
    recording = f"{line.twilio.url}/2010-04-01/Accounts/AC1/Recordings/RE1"
    thanks = await line.twilio_post(
        "/webhooks/voice/voicemail",
        CallSid="CA600",
        RecordingUrl=recording,
        RecordingDuration="12",
    )
    assert [c.tag for c in _xml(thanks.text)] == ["Say", "Hangup"]
    async with line.services.sessions() as s:
        item = await s.scalar(select(CallbackItem).where(CallbackItem.call_sid == "CA600"))
    assert item is not None
    assert (item.reason, item.recording_url, item.recording_seconds) == (
        "voicemail",
        recording,
        12.0,
    )
    # the claimer listens to the message through the gateway (Twilio's credentials stay here)
    a, b = await line.login("alice"), await line.login("bob")
    try:
        assert (await a.get(f"/api/agent/callbacks/recording?id={item.id}")).status_code == 403
        assert (await a.post("/api/agent/callbacks/claim", json={"id": item.id})).status_code == 200
        audio = await a.get(f"/api/agent/callbacks/recording?id={item.id}")
        assert audio.status_code == 200
        assert audio.content.startswith(b"RIFF")
        assert (await b.get(f"/api/agent/callbacks/recording?id={item.id}")).status_code == 403
    finally:
        await a.aclose()
        await b.aclose()
    trail = await calls_of(line.services).callback_trail(item.id)
    listens = [(e["action"], e["detail"]["outcome"]) for e in trail if "listen" in e["action"]]
    assert listens == [("listen", "played")]  # only the listen that happened, as it went


async def test_night_or_nobody_online_goes_straight_to_the_overflow(line: Line) -> None:
    root = await _incoming(line, "CA700")  # no agent signed in
    assert root.find("Enqueue") is None
    assert root.find("Gather") is not None
    assert (await _call(line, "CA700")).status == "overflow"


async def test_a_failed_bridge_puts_the_call_back_in_the_queue(line: Line) -> None:
    alice = await line.agent("alice")
    await _incoming(line, "CA800")
    line.twilio.fail = True
    with pytest.raises(Unavailable):
        await calls_of(line.services).accept("CA800", alice)
    call = await _call(line, "CA800")
    assert (call.status, call.agent) == ("queued", None)


async def test_an_agent_who_does_not_answer_leaves_a_callback_and_the_overflow(line: Line) -> None:
    alice = await line.agent("alice")
    await _incoming(line, "CA900")
    await calls_of(line.services).accept("CA900", alice)
    r = await line.twilio_post(
        "/webhooks/voice/dialed?sid=CA900", CallSid="CA900", DialCallStatus="no-answer"
    )
    root = _xml(r.text)
    assert "未能接听" in (root.findtext("Gather/Say") or "")
    assert root.find("Gather") is not None
    assert (await _call(line, "CA900")).status == "no-answer"
    assert [i.reason for i in await calls_of(line.services).callbacks()] == ["no-answer"]
    # the agent who never answered does not keep the caller's conversation
    conversation = KEYS.conversation("voice", OUR_NUMBER, CALLER)
    assert (await line.services.console.conversation(conversation)).held_by is None


async def test_live_assist_setting_adds_the_stream(line: Line) -> None:
    alice = await line.agent("alice")
    calls = calls_of(line.services)
    calls.settings = calls.settings.model_copy(update={"stream": True})
    await _incoming(line, "CA950")
    await calls.accept("CA950", alice)
    stream = _xml(line.twilio.updates[-1][1]["Twiml"]).find("Start/Stream")
    assert stream is not None
    assert stream.get("url") == "wss://hotline.example/webhooks/voice/stream"
    params = {p.get("name"): p.get("value") for p in stream.findall("Parameter")}
    assert params == {
        "call_sid": "CA950",
        "conversation": KEYS.conversation("voice", OUR_NUMBER, CALLER),
    }


async def test_an_agent_chooses_a_sip_endpoint_and_the_bridge_dials_it(line: Line) -> None:
    await line.agent("carol")
    await _incoming(line, "CA960")
    c = await line.login("carol")
    try:
        bad = await c.post(
            "/api/agent/calls/endpoint", json={"kind": "sip", "address": "not-a-uri"}
        )
        assert bad.status_code == 422
        ok = await c.post(
            "/api/agent/calls/endpoint", json={"kind": "sip", "address": "sip:carol@pbx.example"}
        )
        assert ok.status_code == 200
        assert (await c.post("/api/agent/calls/accept", json={"sid": "CA960"})).status_code == 200
    finally:
        await c.aclose()
    sip = _xml(line.twilio.updates[-1][1]["Twiml"]).find("Dial/Sip")
    assert sip is not None
    assert sip.text == "sip:carol@pbx.example"


async def test_a_repeated_first_request_of_an_overflow_call_never_enqueues_it(line: Line) -> None:
    # trial5 F26: Twilio's fallback repeats the first request with another body
    await _incoming(line, "CA710")  # nobody on duty: the overflow
    r = await line.twilio_post(
        "/webhooks/voice", CallSid="CA710", From=CALLER, To=OUR_NUMBER, ErrorCode="11200"
    )
    again = _xml(r.text)
    assert again.find("Enqueue") is None
    assert again.find("Gather") is not None
    wait = _xml(
        (
            await line.twilio_post(
                "/webhooks/voice/wait", CallSid="CA710", QueuePosition="1", QueueTime="20"
            )
        ).text
    )
    assert wait.find("Leave") is not None  # not held in a queue no agent is offered
    assert (await _call(line, "CA710")).status == "overflow"


async def test_the_hold_pause_never_runs_past_the_answer_time(line: Line) -> None:
    # trial5 F27: at 14 s a 5 s pause made the overflow start at about 19 s
    await line.agent("alice")
    await _incoming(line, "CA720")
    r = await line.twilio_post(
        "/webhooks/voice/wait", CallSid="CA720", QueuePosition="1", QueueTime="14"
    )
    pause = _xml(r.text).find("Pause")
    assert pause is not None
    assert pause.get("length") == "1"
