"""The phone line, people first (issue 17, trial 2): the bot's hand-over back into the
call queue, progress by voice, callers lost in the overflow, a new call's new dialogue."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gateway.calls.models import CallbackItem, VoiceCall
from gateway.console.errors import Conflict
from gateway.console.models import ConsoleConversation, ConsoleTurn
from gateway.kv import KEYS
from gateway.metrics import REGISTRY
from gateway.routers.calls import calls_of

from .conftest import CALLER, OUR_NUMBER, Line, post_signed, said_text, signed, twiml

pytestmark = pytest.mark.integration
CONVERSATION = KEYS.conversation("voice", OUR_NUMBER, CALLER)


async def _overflow(line: Line, sid: str, caller: str = CALLER) -> None:
    """A call queued past the answer time: it leaves the queue for the bot."""
    await post_signed(line, "/webhooks/voice", CallSid=sid, From=caller, To=OUR_NUMBER)
    await post_signed(line, "/webhooks/voice/wait", CallSid=sid, QueueTime="16", QueuePosition="1")
    await post_signed(line, "/webhooks/voice/dequeued", CallSid=sid, QueueResult="leave")


async def _bot(line: Line, sid: str, step: int, caller: str = CALLER, **said: str) -> str:
    return await post_signed(
        line, f"/webhooks/voice/gather?step={step}", CallSid=sid, From=caller, To=OUR_NUMBER, **said
    )


async def _chat_queue(line: Line) -> int:
    async with line.services.sessions() as s:
        n = await s.scalar(
            select(func.count())
            .select_from(ConsoleConversation)
            .where(ConsoleConversation.status == "queued")
        )
    return int(n or 0)


async def _call(line: Line, sid: str) -> VoiceCall:
    async with line.services.sessions() as s:
        call = await s.get(VoiceCall, sid)
    assert call is not None
    return call


def _counter(event: str) -> float:
    value = REGISTRY.get_sample_value("hotline_calls_total", {"event": event})
    return float(value or 0.0)


@pytest.mark.parametrize(
    "ask", [{"SpeechResult": "我要找人工"}, {"SpeechResult": "转人工"}, {"Digits": "0"}]
)
async def test_asking_the_bot_for_a_person_goes_back_into_the_call_queue(
    line: Line, ask: dict[str, str]
) -> None:
    await line.agent("alice")
    await _overflow(line, "CP100")
    await _bot(line, "CP100", 0, SpeechResult="我家门口的路灯坏了")
    answer = await _bot(line, "CP100", 1, **ask)
    root = twiml(answer)
    enqueue = root.find("Enqueue")
    assert enqueue is not None, answer
    assert enqueue.get("waitUrl", "").endswith("/webhooks/voice/wait")
    assert root.find("Hangup") is None
    said = said_text(answer)
    assert "位" not in said  # no place promised
    assert "挂机" not in said  # no goodbye
    # offered to the agents as a call, never a chat-queue item for a call
    assert [c.sid for c in await calls_of(line.services).waiting()] == ["CP100"]
    assert (await _call(line, "CP100")).status == "queued"
    assert await _chat_queue(line) == 0
    # Twilio's identical retry hears the same, and nothing changes
    assert await _bot(line, "CP100", 1, **ask) == answer
    # nobody takes it again: the second overflow is a message, not the bot again
    await post_signed(line, "/webhooks/voice/wait", CallSid="CP100", QueueTime="16")
    again = await post_signed(
        line, "/webhooks/voice/dequeued", CallSid="CP100", QueueResult="leave", QueueTime="16"
    )
    assert twiml(again).find("Record") is not None


async def test_asking_for_a_person_with_nobody_on_duty_takes_a_message(line: Line) -> None:
    await post_signed(line, "/webhooks/voice", CallSid="CP110", From=CALLER, To=OUR_NUMBER)
    await post_signed(line, "/webhooks/voice/overflow", CallSid="CP110")  # no key: the bot
    answer = await _bot(line, "CP110", 0, SpeechResult="我要找人工")
    root = twiml(answer)
    record = root.find("Record")
    assert record is not None
    assert record.get("action", "").endswith("/voicemail")
    assert "留言" in said_text(answer)
    assert await _chat_queue(line) == 0


async def _file(line: Line, sid: str, caller: str = CALLER) -> str:
    """A caller files an appeal with the bot; the order number the dialogue remembers."""
    await _overflow(line, sid, caller)
    await _bot(line, sid, 0, caller, SpeechResult="小区门口的路灯坏了一个多月了")
    await _bot(line, sid, 1, caller, SpeechResult="牡丹区西城街道和平小区")
    await _bot(line, sid, 2, caller, SpeechResult="可以，我姓李")
    filed = await _bot(line, sid, 3, caller, Digits="1")
    state = await calls_of(line.services)._dialogue(KEYS.conversation("voice", OUR_NUMBER, caller))
    assert state is not None
    assert state.memory.last_order, said_text(filed)
    return state.memory.last_order


@pytest.mark.parametrize(
    "number",
    [
        {"Digits": "{digits}#"},  # the keypad: digits only, # to end
        {"SpeechResult": "HZ{spoken}"},  # as the bot read it out
        {"SpeechResult": "{spaced}"},  # digits said with pauses, 幺 for 1
    ],
)
async def test_progress_by_phone_key_then_number_by_keypad_or_speech(
    line: Line, number: dict[str, str]
) -> None:
    order = await _file(line, "CP200")
    digits = order.removeprefix("HZ").replace("-", "")
    table = "零幺二三四五六七八九"
    spoken = "".join(table[int(c)] for c in digits)
    spaced = " ".join(spoken[i : i + 4] for i in range(0, len(spoken), 4))
    said = {k: v.format(digits=digits, spoken=spoken, spaced=spaced) for k, v in number.items()}
    await _overflow(line, "CP201")
    first = said_text(await _bot(line, "CP201", 0, Digits="2"))
    assert "已记录" not in first
    assert "编号" in first or "工单" in first
    answer = said_text(await _bot(line, "CP201", 1, **said))
    assert "未查到" not in answer
    assert "已派" in answer or "办理" in answer, answer
    assert "地点" not in answer  # not a new appeal
    # the same number from another phone is refused like the chat's check
    other = "+8613905309876"
    await _overflow(line, "CP202", other)
    await _bot(line, "CP202", 0, other, Digits="2")
    refused = said_text(await _bot(line, "CP202", 1, other, **said))
    assert "已派" not in refused
    assert "已记录" not in refused


async def _items(line: Line, sid: str) -> list[CallbackItem]:
    async with line.services.sessions() as s:
        return list(
            (await s.scalars(select(CallbackItem).where(CallbackItem.call_sid == sid))).all()
        )


async def _turns(line: Line, conv: str = CONVERSATION) -> list[str]:
    async with line.services.sessions() as s:
        rows = await s.scalars(select(ConsoleTurn.text).where(ConsoleTurn.conversation_key == conv))
        return list(rows.all())


async def _hang_up(line: Line, sid: str) -> None:
    await post_signed(line, "/webhooks/voice/events", CallSid=sid, CallStatus="completed")


async def test_a_caller_lost_in_the_overflow_lands_on_the_callback_list(line: Line) -> None:
    await line.agent("alice")
    abandoned = _counter("abandoned")
    # hangs up at the apology
    await _overflow(line, "CP300")
    await _hang_up(line, "CP300")
    assert [i.reason for i in await _items(line, "CP300")] == ["overflow"]
    assert (await _call(line, "CP300")).status == "abandoned"
    # hangs up at the bot's read-back: what was said so far is kept for the agent
    await _overflow(line, "CP301")
    await _bot(line, "CP301", 0, SpeechResult="小区门口的路灯坏了一个多月了")
    await _bot(line, "CP301", 1, SpeechResult="牡丹区西城街道和平小区")
    await _hang_up(line, "CP301")
    assert [i.reason for i in await _items(line, "CP301")] == ["overflow"]
    kept = [t for t in await _turns(line) if "智能助手登记中挂机" in t]
    assert kept
    assert "路灯坏了" in kept[-1]
    assert _counter("abandoned") == abandoned + 2
    panel = await calls_of(line.services).callbacks()
    assert {c.reason_label for c in panel if c.call_sid in ("CP300", "CP301")} == {
        "转智能助手后挂机"
    }
    # a caller whose order was filed is not a missed call
    await _file(line, "CP302")
    await _hang_up(line, "CP302")
    assert await _items(line, "CP302") == []
    assert (await _call(line, "CP302")).status == "completed"


async def test_a_new_call_starts_a_new_dialogue_and_leaves_no_chat_item(line: Line) -> None:
    await line.agent("alice")
    # the first call stops halfway through the intake (the bot asked for the place)
    await _overflow(line, "CP400")
    asked = said_text(await _bot(line, "CP400", 0, SpeechResult="小区门口的路灯坏了一个多月了"))
    assert "地点" in asked
    await _hang_up(line, "CP400")
    # the next call: the caller's words are a new matter, not the old intake's place
    await _overflow(line, "CP401")
    answer = said_text(await _bot(line, "CP401", 0, SpeechResult="查询工单进度"))
    assert "县区" not in answer
    assert "地点" not in answer
    assert await _chat_queue(line) == 0


async def test_an_ended_calls_conversation_never_waits_in_the_chat_queue(line: Line) -> None:
    alice = await line.agent("alice")
    await post_signed(line, "/webhooks/voice", CallSid="CP500", From=CALLER, To=OUR_NUMBER)
    calls = calls_of(line.services)
    await calls.accept("CP500", alice)
    await post_signed(
        line, "/webhooks/voice/events?leg=agent&sid=CP500", CallSid="CL1", CallStatus="in-progress"
    )
    await post_signed(
        line,
        "/webhooks/voice/dialed?sid=CP500",
        CallSid="CP500",
        DialCallStatus="completed",
        DialCallDuration="30",
    )
    # alice's console lapses before 整理完毕: the call's conversation is not a chat to take
    moved = await line.services.console.requeue_agent("alice", "expire")
    assert moved == [CONVERSATION]
    assert await _chat_queue(line) == 0


@pytest.mark.parametrize(
    "params",
    [
        {"CallSid": "CA\x01bad", "From": CALLER, "To": OUR_NUMBER},
        {"CallSid": "CA600", "From": "x" * 300, "To": OUR_NUMBER},
        {"CallSid": "CA601", "From": CALLER + "\x7f", "To": OUR_NUMBER},
    ],
)
async def test_the_first_voice_request_passes_the_input_guard(
    line: Line, params: dict[str, str]
) -> None:
    await line.agent("alice")
    url, body, headers = signed("/webhooks/voice", params)
    r = await line.client.post(url, content=body, headers=headers)
    assert r.status_code == 400
    assert await calls_of(line.services).waiting() == []
    async with line.services.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(VoiceCall)) == 0


async def test_a_never_connected_call_has_no_after_call_work_and_is_labelled(line: Line) -> None:
    alice = await line.agent("alice")
    calls = calls_of(line.services)
    # the agent's phone never answered
    await post_signed(line, "/webhooks/voice", CallSid="CP700", From=CALLER, To=OUR_NUMBER)
    await calls.accept("CP700", alice)
    await post_signed(
        line, "/webhooks/voice/dialed?sid=CP700", CallSid="CP700", DialCallStatus="no-answer"
    )
    with pytest.raises(Conflict):
        await calls.wrapped("CP700", alice)
    # the caller hung up while the agent's phone rang
    await post_signed(line, "/webhooks/voice", CallSid="CP701", From=CALLER, To=OUR_NUMBER)
    await calls.accept("CP701", alice)
    await _hang_up(line, "CP701")
    assert [i.reason for i in await _items(line, "CP701")] == ["ringing"]
    labels = {c.call_sid: c.reason_label for c in await calls.callbacks()}
    assert labels["CP701"] == "振铃中挂机"
    assert labels["CP700"] == "坐席未接听"
    with pytest.raises(Conflict):
        await calls.wrapped("CP701", alice)


async def test_the_inspection_record_of_a_call_names_the_agent_who_took_it(line: Line) -> None:
    from gateway.inspection.router import inspection_for

    alice = await line.agent("alice")
    await post_signed(line, "/webhooks/voice", CallSid="CP800", From=CALLER, To=OUR_NUMBER)
    await calls_of(line.services).accept("CP800", alice)
    await post_signed(
        line,
        "/webhooks/voice/dialed?sid=CP800",
        CallSid="CP800",
        DialCallStatus="completed",
        DialCallDuration="20",
    )
    await inspection_for(line.services).inspect_pending()
    records = await inspection_for(line.services).records()
    assert [r["agent"] for r in records] == ["alice"]
    assert [r["conversation"] for r in await inspection_for(line.services).records(agent="alice")]


@pytest.mark.parametrize("hidden", ["anonymous", "+266696687", ""])
async def test_a_withheld_number_is_asked_for_a_contact_and_never_called_back(
    line: Line, hidden: str
) -> None:
    await line.agent("alice")
    # hangs up in the queue: nothing to dial, so no callback item
    await post_signed(line, "/webhooks/voice", CallSid="CP900", From=hidden, To=OUR_NUMBER)
    await _hang_up(line, "CP900")
    assert await _items(line, "CP900") == []
    # the bot asks for a contact before the read-back (the caller ID is no contact)
    await _overflow(line, "CP901", hidden)
    said = []
    turns = ["我家门口的垃圾好几天没人清运了", "牡丹区西城街道阳光小区"]
    for step, text in enumerate(turns):
        said.append(said_text(await _bot(line, "CP901", step, hidden, SpeechResult=text)))
    assert any("电话" in s or "手机" in s or "联系" in s for s in said), said
    assert not any("核对" in s for s in said)  # not read back without a contact


async def test_a_recording_made_when_the_bot_could_not_hear_reaches_a_person(line: Line) -> None:
    await line.agent("alice")
    await _overflow(line, "CP950")
    unheard = await _bot(line, "CP950", 0)  # nothing heard: the bot records instead
    assert twiml(unheard).find("Record") is not None
    url = line.twilio.url + f"/2010-04-01/Accounts/{'AC' + '0' * 32}/Recordings/RE1"
    answer = await post_signed(
        line,
        "/webhooks/voice/recording?step=0",
        CallSid="CP950",
        From=CALLER,
        To=OUR_NUMBER,
        RecordingUrl=url,
        RecordingDuration="12",
        RecordingSid="RE1",
    )
    root = twiml(answer)
    assert root.find("Gather") is None  # no loop back to the bot
    assert root.find("Hangup") is not None
    told = said_text(answer)
    assert "回电" in told
    assert "附件" not in told
    (item,) = await _items(line, "CP950")
    assert item.recording_url == url
    assert item.reason == "voicemail"
    await _hang_up(line, "CP950")  # and the hang-up after it is not a second item
    assert len(await _items(line, "CP950")) == 1


async def test_a_supervisor_alone_is_not_an_agent_on_duty_unless_taking_calls(
    line: Line,
) -> None:
    await line.agent("boss", role="supervisor")
    first = await post_signed(line, "/webhooks/voice", CallSid="CP990", From=CALLER, To=OUR_NUMBER)
    assert twiml(first).find("Enqueue") is None  # the overflow at once, not a 15 s wait
    assert (await _call(line, "CP990")).status == "overflow"
    await calls_of(line.services).set_endpoint("boss", "client", "boss")
    second = await post_signed(line, "/webhooks/voice", CallSid="CP991", From=CALLER, To=OUR_NUMBER)
    assert twiml(second).find("Enqueue") is not None


async def test_in_night_mode_asking_for_a_person_takes_a_message(line: Line) -> None:
    calls = calls_of(line.services)
    calls.settings = calls.settings.model_copy(update={"night_mode": True})
    await line.agent("alice")  # signed in, but the centre set night mode
    await post_signed(line, "/webhooks/voice", CallSid="CP995", From=CALLER, To=OUR_NUMBER)
    await post_signed(line, "/webhooks/voice/overflow", CallSid="CP995")
    answer = await _bot(line, "CP995", 0, SpeechResult="我要找人工")
    assert twiml(answer).find("Enqueue") is None
    assert twiml(answer).find("Record") is not None


async def test_a_caller_the_bot_served_is_no_lost_call(line: Line) -> None:
    # trial5 F09: a progress answer (「…您可以挂机。」), then the caller hangs up as
    # invited: not abandoned, not on the callback list (an emergency's <Dial> alike)
    await line.agent("alice")
    order = await _file(line, "CP500")
    abandoned = _counter("abandoned")
    await _overflow(line, "CP501")
    await _bot(line, "CP501", 0, Digits="2")
    digits = order.removeprefix("HZ").replace("-", "")
    answer = said_text(await _bot(line, "CP501", 1, Digits=digits))
    assert "挂机" in answer, answer
    await _hang_up(line, "CP501")
    assert await _items(line, "CP501") == []
    assert (await _call(line, "CP501")).status == "completed"
    assert _counter("abandoned") == abandoned
