"""What a fresh user found on the phone line: retries, overflow counting, releases, the
sweep, the listen audit, the no-agent greeting (issue 17 follow-up)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import defusedxml.ElementTree as ET
import httpx
import pytest
from sqlalchemy import select, update

from gateway.calls.models import CallbackItem, VoiceCall
from gateway.console.models import ConsoleAudit
from gateway.kv import KEYS
from gateway.metrics import REGISTRY
from gateway.routers.calls import calls_of

from .conftest import CALLER, OUR_NUMBER, Line, signed

pytestmark = pytest.mark.integration
CONVERSATION = KEYS.conversation("voice", OUR_NUMBER, CALLER)


def _xml(text: str) -> Any:
    root = ET.fromstring(text)
    assert root.tag == "Response"
    return root


def _spoken(root: Any) -> list[str]:
    return [e.text or "" for e in root.iter("Say")]


def _counter(event: str) -> float:
    value = REGISTRY.get_sample_value("hotline_calls_total", {"event": event})
    return float(value or 0.0)


async def _post(
    line: Line, path: str, params: dict[str, str], token: str | None = None
) -> httpx.Response:
    url, body, headers = signed(path, params)
    if token is not None:
        headers["i-twilio-idempotency-token"] = token
    return await line.client.post(url, content=body, headers=headers)


async def _call(line: Line, sid: str) -> VoiceCall:
    async with line.services.sessions() as s:
        call = await s.get(VoiceCall, sid)
    assert call is not None
    return call


async def _items(line: Line, sid: str) -> int:
    async with line.services.sessions() as s:
        rows = (await s.scalars(select(CallbackItem).where(CallbackItem.call_sid == sid))).all()
    return len(rows)


@pytest.mark.parametrize("line", ["sqlite", "postgresql"], indirect=True)
async def test_an_identical_retry_gets_the_same_answer_and_has_no_second_effect(
    line: Line,
) -> None:
    alice = await line.agent("alice")
    await _post(line, "/webhooks/voice", {"CallSid": "CB100", "From": CALLER, "To": OUR_NUMBER})
    await calls_of(line.services).accept("CB100", alice)
    no_answers = _counter("no_answer")
    params = {"CallSid": "CB100", "DialCallStatus": "no-answer"}
    first = await _post(line, "/webhooks/voice/dialed?sid=CB100", params, token="tok-1")
    again = await _post(line, "/webhooks/voice/dialed?sid=CB100", params, token="tok-1")
    assert first.status_code == again.status_code == 200
    assert again.text == first.text  # the same TwiML: the caller hears the same thing
    assert _xml(first.text).find("Gather") is not None
    assert _counter("no_answer") == no_answers + 1  # counted once
    assert await _items(line, "CB100") == 1
    # the same token with another body: not Twilio's retry, refused, nothing changes
    other = {"CallSid": "CB100", "DialCallStatus": "completed", "DialCallDuration": "30"}
    forged = await _post(line, "/webhooks/voice/dialed?sid=CB100", other, token="tok-1")
    assert forged.status_code == 403
    assert (await _call(line, "CB100")).status == "no-answer"
    # without the header the signature is the token: a retry of a status callback
    status = {"CallSid": "CB100", "CallStatus": "completed"}
    one = await _post(line, "/webhooks/voice/events", status)
    two = await _post(line, "/webhooks/voice/events", status)
    assert (one.status_code, two.status_code) == (200, 200)
    assert two.text == one.text


async def test_an_agent_no_answer_counts_as_overflow(line: Line) -> None:
    alice = await line.agent("alice")
    before = _counter("overflow")
    await _post(line, "/webhooks/voice", {"CallSid": "CB200", "From": CALLER, "To": OUR_NUMBER})
    await calls_of(line.services).accept("CB200", alice)
    r = await _post(
        line, "/webhooks/voice/dialed?sid=CB200", {"CallSid": "CB200", "DialCallStatus": "busy"}
    )
    assert r.status_code == 200
    assert _counter("overflow") == before + 1
    # a queue error that drops the caller out of the queue counts as well
    await _post(line, "/webhooks/voice", {"CallSid": "CB201", "From": CALLER, "To": OUR_NUMBER})
    await _post(line, "/webhooks/voice/dequeued", {"CallSid": "CB201", "QueueResult": "error"})
    assert _counter("overflow") == before + 2


@pytest.mark.parametrize("night", [False, True])
async def test_with_nobody_on_duty_one_courteous_greeting_says_what_happens(
    line: Line, night: bool
) -> None:
    calls = calls_of(line.services)
    calls.settings = calls.settings.model_copy(update={"night_mode": night})
    if night:
        await line.agent("alice")  # on line, but the centre set night mode
    sid = f"CB30{int(night)}"
    r = await _post(line, "/webhooks/voice", {"CallSid": sid, "From": CALLER, "To": OUR_NUMBER})
    said = "".join(_spoken(_xml(r.text)))
    assert said.count("您好") == 1
    for word in ("无人值守", "繁忙"):
        assert word not in said
    assert "留言" in said
    assert "回电" in said
    assert "智能助手" in said
    # no key pressed: the bot asks for the matter without a second greeting
    bot = await _post(line, "/webhooks/voice/overflow", {"CallSid": sid})
    spoken = "".join(_spoken(_xml(bot.text)))
    assert "您好" not in spoken
    assert "请直接说出" in spoken


@pytest.mark.parametrize("line", ["sqlite", "postgresql"], indirect=True)
async def test_a_call_left_in_the_queue_or_ringing_is_swept_to_the_callback_list(
    line: Line,
) -> None:
    alice = await line.agent("alice")
    calls = calls_of(line.services)
    for sid in ("CB400", "CB401", "CB402"):
        await _post(line, "/webhooks/voice", {"CallSid": sid, "From": CALLER, "To": OUR_NUMBER})
    await calls.accept("CB401", alice)  # rings alice; Twilio then says nothing more
    late = calls.clock() - timedelta(
        seconds=calls.settings.answer_seconds + calls.settings.ring_seconds + 600
    )
    async with line.services.sessions() as s, s.begin():
        await s.execute(
            update(VoiceCall)
            .where(VoiceCall.call_sid.in_(("CB400", "CB401")))
            .values(queued_at=late, accepted_at=late)
        )
    done = await calls.sweep()
    assert done.abandoned == 2
    assert (await _call(line, "CB400")).status == "abandoned"
    assert (await _call(line, "CB401")).status == "abandoned"
    assert (await _call(line, "CB402")).status == "queued"  # still within its time
    reasons = {i.call_sid: i.reason for i in await calls.callbacks()}
    assert reasons == {"CB400": "abandoned", "CB401": "abandoned"}
    assert (await line.services.console.conversation(CONVERSATION)).held_by is None
    assert (await calls.sweep()).abandoned == 0  # nothing twice


async def test_unwrapped_after_call_work_is_closed_at_the_window_and_released(
    line: Line,
) -> None:
    alice = await line.agent("alice")
    calls = calls_of(line.services)
    await _post(line, "/webhooks/voice", {"CallSid": "CB500", "From": CALLER, "To": OUR_NUMBER})
    await calls.accept("CB500", alice)
    await _post(
        line,
        "/webhooks/voice/dialed?sid=CB500",
        {"CallSid": "CB500", "DialCallStatus": "completed", "DialCallDuration": "40"},
    )
    assert (await line.services.console.conversation(CONVERSATION)).held_by == "alice"
    assert (await calls.sweep()).wrapped == 0  # within the window: still the agent's
    ended = calls.clock() - timedelta(seconds=calls.settings.after_work_seconds + 5)
    async with line.services.sessions() as s, s.begin():
        await s.execute(
            update(VoiceCall).where(VoiceCall.call_sid == "CB500").values(ended_at=ended)
        )
    assert (await calls.sweep()).wrapped == 1
    call = await _call(line, "CB500")
    assert call.wrapped_at is not None
    assert call.ended_at is not None
    acw = (call.wrapped_at - call.ended_at).total_seconds()
    assert acw == pytest.approx(calls.settings.after_work_seconds)
    assert (await line.services.console.conversation(CONVERSATION)).held_by is None
    async with line.services.sessions() as s:
        actions = (
            await s.scalars(
                select(ConsoleAudit.action).where(ConsoleAudit.conversation_key == CONVERSATION)
            )
        ).all()
    assert "call_release" in actions
    assert "release" not in actions  # not a second inspection trigger


async def test_a_failed_recording_fetch_is_audited_as_failed(line: Line) -> None:
    await line.agent("alice")
    calls = calls_of(line.services)
    await _post(line, "/webhooks/voice", {"CallSid": "CB600", "From": CALLER, "To": OUR_NUMBER})
    await _post(line, "/webhooks/voice/dequeued", {"CallSid": "CB600", "QueueResult": "leave"})
    missing = f"{line.twilio.url}/2010-04-01/Accounts/AC1/Nothing/RE9"  # the double: 404
    await _post(
        line,
        "/webhooks/voice/voicemail",
        {"CallSid": "CB600", "RecordingUrl": missing, "RecordingDuration": "8"},
    )
    item = (await calls.callbacks())[0].id
    a = await line.login("alice")
    try:
        assert (await a.post("/api/agent/callbacks/claim", json={"id": item})).status_code == 200
        r = await a.get(f"/api/agent/callbacks/recording?id={item}")
        assert r.status_code == 502
    finally:
        await a.aclose()
    trail = await calls.callback_trail(item)
    listens = [(e["action"], e["detail"]["outcome"]) for e in trail if "listen" in e["action"]]
    assert listens == [("listen_failed", "failed")]


async def test_a_finished_call_without_a_transcript_is_nothing_to_inspect(line: Line) -> None:
    from gateway.inspection.router import inspection_for

    alice = await line.agent("alice")
    calls = calls_of(line.services)
    await _post(line, "/webhooks/voice", {"CallSid": "CB700", "From": CALLER, "To": OUR_NUMBER})
    await calls.accept("CB700", alice)
    await _post(
        line,
        "/webhooks/voice/dialed?sid=CB700",
        {"CallSid": "CB700", "DialCallStatus": "completed", "DialCallDuration": "20"},
    )
    done = await inspection_for(line.services).inspect_pending()
    assert [d.conversation_key for d in done] == [CONVERSATION]
    assert done[0].result.score is None
    records = await inspection_for(line.services).records()
    assert [(r["score"], r["status"]) for r in records] == [(None, "nothing_to_inspect")]
    assert "无可质检内容" in records[0]["status_label"]
    assert await inspection_for(line.services).scores() == []  # no score: not averaged


async def test_without_the_media_stream_a_call_is_a_call_and_assist_says_it_is_off(
    line: Line,
) -> None:
    from gateway.assist.service import ASR_DOWN_NOTICE, STREAM_OFF_NOTICE
    from gateway.console.models import ConsoleTurn

    alice = await line.agent("alice")
    calls = calls_of(line.services)
    assert calls.settings.stream is False
    await _post(line, "/webhooks/voice", {"CallSid": "CB800", "From": CALLER, "To": OUR_NUMBER})
    with line.services.console.hub.subscribe("alice", False) as sub:
        await calls.accept("CB800", alice)
        events = [sub.queue.get_nowait() for _ in range(sub.queue.qsize())]
    notices = [e for e in events if e["type"] == "assist_notice"]
    assert [(e["key"], e["text"]) for e in notices] == [(CONVERSATION, STREAM_OFF_NOTICE)]
    async with line.services.sessions() as s:
        said = (
            await s.scalars(
                select(ConsoleTurn.text).where(
                    ConsoleTurn.conversation_key == CONVERSATION,
                    ConsoleTurn.direction == "system",
                )
            )
        ).all()
    assert STREAM_OFF_NOTICE in said  # kept in the conversation as well
    a = await line.login("alice")
    try:
        view = (await a.get("/api/assist", params={"key": CONVERSATION})).json()
        assert (view["source"], view["assist_on"], view["notice"]) == (
            "call",
            False,
            STREAM_OFF_NOTICE,
        )
        # the stream on, but no recognizer configured: still a call, and told why
        calls.settings = calls.settings.model_copy(update={"stream": True})
        view = (await a.get("/api/assist", params={"key": CONVERSATION})).json()
        assert (view["source"], view["assist_on"], view["notice"]) == (
            "call",
            False,
            ASR_DOWN_NOTICE,
        )
    finally:
        await a.aclose()


async def test_a_retried_first_request_hears_the_same_and_is_offered_once(line: Line) -> None:
    offered = _counter("offered")
    params = {"CallSid": "CB900", "From": CALLER, "To": OUR_NUMBER}
    first = await _post(line, "/webhooks/voice", params, token="tok-9")  # nobody on duty
    again = await _post(line, "/webhooks/voice", params, token="tok-9")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.text == first.text  # the overflow notice again, not the queue's welcome
    assert _xml(again.text).find("Enqueue") is None
    assert _counter("offered") == offered + 1


async def test_a_delivery_that_died_midway_does_not_block_the_retries_for_long() -> None:
    from gateway.calls import retries
    from gateway.kv.store import MemoryStore

    store = MemoryStore()
    runs: list[int] = []

    async def fails() -> str:
        runs.append(1)
        raise RuntimeError("the process went away")

    async def works() -> str:
        runs.append(2)
        return "<Response/>"

    with pytest.raises(RuntimeError):
        await retries.answer_once(store, "tok", b"body", fails, ttl=3600)
    # the token is free again: Twilio's retry is handled, once
    assert await retries.answer_once(store, "tok", b"body", works, ttl=3600) == "<Response/>"
    assert await retries.answer_once(store, "tok", b"body", works, ttl=3600) == "<Response/>"
    assert runs == [1, 2]
    with pytest.raises(retries.ReusedToken):
        await retries.answer_once(store, "tok", b"other", works, ttl=3600)
