"""The TwiML of each state of a call, built with ``twilio.twiml.voice_response`` only.

Every ``<Say>`` goes through :func:`channels.voice.speech.spoken` (the hotline's number
read 幺二三四五, never as a quantity). No menu stands before a person: an incoming call
is put in the queue at once. Only when no agent has taken it within the answer time (or
none is on duty) is the caller offered a message or the bot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from twilio.twiml.voice_response import Dial, Enqueue, Gather, Start, Stream, VoiceResponse

from channels.voice.speech import spoken

LANG = "zh-CN"
WELCOME = "您好，这里是菏泽12345政务服务便民热线，正在为您接通人工服务，请稍候。"
PLACE = "您前面还有{ahead}位来电，请您耐心等待。"
NEXT = "您是下一位，马上为您接通，请稍候。"
HOTLINE = "您好，这里是菏泽12345政务服务便民热线。"
# why no person takes the call: the caller was greeted already (in the queue) or not yet
Reason = Literal["night", "nobody", "busy", "missed", "nobody_now"]
OPENING: dict[str, str] = {
    # the hotline is 7×24 (regulation): night mode is unattended, never "outside hours"
    "night": HOTLINE + "现在工作人员暂时无法接听您的来电。",
    "nobody": HOTLINE + "现在暂时没有工作人员可以接听您的来电。",
    "busy": "非常抱歉，工作人员暂时都在忙，让您久等了。",
    "missed": "非常抱歉，工作人员暂时未能接听。",
    # in the bot, the caller asked for a person and none is on duty (greeted already)
    "nobody_now": "非常抱歉，现在暂时没有工作人员可以接听。",
}
# what happens next, one sentence per overflow mode (规范用语: says what the caller can do)
NEXT_STEP: dict[str, str] = {
    "choose": (
        "如需留言，请按1，我们会尽快给您回电；如需现在登记诉求，请不要按键，"
        "稍后直接说出您的问题，智能助手会为您记录。"
    ),
    "bot": "下面由智能助手为您登记诉求，办理结果会以短信告知您。",
    "message": "",  # the message prompt says what happens next
}
OVERFLOW_CHOICE = OPENING["busy"] + NEXT_STEP["choose"]
NIGHT = OPENING["night"]
MESSAGE_PROMPT = (
    "请在提示音后留言，说明您的问题和联系方式，说完请按井号键或直接挂机，我们会尽快给您回电。"
)
MESSAGE_THANKS = "您的留言已记录，工作人员会尽快给您回电。感谢您的来电，再见。"
NO_MESSAGE = "抱歉，没有收到您的留言。工作人员会根据来电号码给您回电。再见。"
CONNECTING = "正在为您接通工作人员。"
# the caller asked the bot for a person (or the bot handed over): back into the queue
REQUEUE = "好的，正在为您转接人工服务，请稍候。"
AGENT_MISSED = OPENING["missed"]
GOODBYE = "感谢您的来电，再见。"

EndpointKind = Literal["client", "sip", "number"]
OverflowMode = Literal["choose", "bot", "message"]
BotFill = Callable[[VoiceResponse], None]  # appends the bot's greeting (the speech flow)


@dataclass(frozen=True)
class Endpoint:
    """Where an agent's calls ring."""

    kind: EndpointKind
    address: str


def enqueue(base: str, queue: str) -> str:
    """An incoming call: a short welcome, then the hotline queue (no menu)."""
    return _into_queue(base, queue, WELCOME)


def requeue(base: str, queue: str) -> str:
    """The bot handed the caller to a person: back into the hotline queue (the same wait
    URL and action as a new call), never a promise followed by a hang-up."""
    return _into_queue(base, queue, REQUEUE)


def _into_queue(base: str, queue: str, said: str) -> str:
    """``said``, then ``<Enqueue>`` into ``queue`` with the wait URL and the dequeue action."""
    twiml = VoiceResponse()
    twiml.say(spoken(said), language=LANG)
    twiml.append(
        Enqueue(
            queue,
            wait_url=f"{base}/wait",
            wait_url_method="POST",
            action=f"{base}/dequeued",
            method="POST",
        )
    )
    return str(twiml)


def waiting(ahead: int | None, music_url: str | None, pause_seconds: int) -> str:
    """The wait URL's answer: the caller's place (when it changed) and hold audio."""
    twiml = VoiceResponse()
    if ahead is not None:
        twiml.say(spoken(NEXT if ahead <= 0 else PLACE.format(ahead=ahead)), language=LANG)
    if music_url:
        twiml.play(music_url)
    else:
        twiml.pause(length=pause_seconds)
    return str(twiml)


def leave() -> str:
    """No agent in time: the caller leaves the queue (the Enqueue action decides next)."""
    twiml = VoiceResponse()
    twiml.leave()
    return str(twiml)


def overflow(
    base: str,
    mode: OverflowMode,
    bot: BotFill,
    *,
    reason: Reason = "busy",
    max_seconds: int = 120,
) -> str:
    """What a caller no person could take gets: a message, the bot, or the choice.

    One spoken notice: why no person answers (``reason``; ``night`` and ``nobody`` greet
    the caller, who has heard nothing yet) and what happens next (``mode``). The bot that
    follows asks for the matter without greeting again (``bot`` appends its prompt).
    """
    twiml = VoiceResponse()
    notice = OPENING[reason] + NEXT_STEP[mode]
    if mode == "bot":
        twiml.say(spoken(notice), language=LANG)
        bot(twiml)
    elif mode == "message":
        twiml.say(spoken(notice), language=LANG)
        _record(twiml, base, max_seconds)
    else:
        gather = Gather(
            input="dtmf", num_digits=1, timeout=4, action=f"{base}/overflow", method="POST"
        )
        gather.say(spoken(notice), language=LANG)
        twiml.append(gather)
        twiml.redirect(f"{base}/overflow", method="POST")  # no key: the bot
    return str(twiml)


def record_message(base: str, max_seconds: int) -> str:
    """Leave a message: the recording goes to the callback list."""
    twiml = VoiceResponse()
    _record(twiml, base, max_seconds)
    return str(twiml)


def _record(twiml: VoiceResponse, base: str, max_seconds: int) -> None:
    twiml.say(spoken(MESSAGE_PROMPT), language=LANG)
    twiml.record(
        action=f"{base}/voicemail",
        method="POST",
        max_length=max_seconds,
        finish_on_key="#",
        play_beep=True,
    )
    twiml.say(spoken(NO_MESSAGE), language=LANG)
    twiml.hangup()


def message_thanks() -> str:
    """After the message."""
    twiml = VoiceResponse()
    twiml.say(spoken(MESSAGE_THANKS), language=LANG)
    twiml.hangup()
    return str(twiml)


def bridge(
    base: str,
    call_sid: str,
    endpoint: Endpoint,
    ring_seconds: int,
    *,
    stream_url: str | None = None,
    conversation: str = "",
) -> str:
    """Connect the caller to the agent who accepted (sent through the REST API).

    With live assist on, ``<Start><Stream>`` forks the call's audio to the gateway first.
    """
    twiml = VoiceResponse()
    if stream_url:
        start = Start()
        stream = Stream(url=stream_url, track="both_tracks")  # caller and agent: assist and 质检
        stream.parameter(name="call_sid", value=call_sid)
        stream.parameter(name="conversation", value=conversation)
        start.append(stream)
        twiml.append(start)
    twiml.say(spoken(CONNECTING), language=LANG)
    dial = Dial(
        action=f"{base}/dialed?sid={call_sid}",
        method="POST",
        timeout=ring_seconds,
        answer_on_bridge=True,
    )
    leg = {
        "status_callback": f"{base}/events?leg=agent&sid={call_sid}",
        "status_callback_event": "ringing answered completed",
        "status_callback_method": "POST",
    }
    if endpoint.kind == "client":
        dial.client(endpoint.address, **leg)
    elif endpoint.kind == "sip":
        dial.sip(endpoint.address, **leg)
    else:
        dial.number(endpoint.address, **leg)
    twiml.append(dial)
    return str(twiml)


def after_agent(
    answered: bool, base: str, mode: OverflowMode, bot: BotFill, max_seconds: int = 120
) -> str:
    """The agent's leg ended: goodbye after a talk, the overflow when it never answered."""
    if answered:
        twiml = VoiceResponse()
        twiml.say(spoken(GOODBYE), language=LANG)
        twiml.hangup()
        return str(twiml)
    return overflow(base, mode, bot, reason="missed", max_seconds=max_seconds)


def empty() -> str:
    """An acknowledgement with nothing to do."""
    return str(VoiceResponse())
