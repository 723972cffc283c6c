"""The TwiML of each state of a call, built with ``twilio.twiml.voice_response`` only.

No menu stands before a person: an incoming call is put in the queue at once. Only when no
agent has taken it within the answer time (or none is on duty) is the caller offered a
message or the bot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from twilio.twiml.voice_response import Dial, Enqueue, Gather, Start, Stream, VoiceResponse

LANG = "zh-CN"
WELCOME = "您好，这里是菏泽12345政务服务便民热线，正在为您接通人工服务，请稍候。"
PLACE = "您前面还有{ahead}位来电，请您耐心等待。"
NEXT = "您是下一位，马上为您接通，请稍候。"
OVERFLOW_CHOICE = (
    "非常抱歉，人工坐席暂时繁忙。留言请按1，我们会尽快给您回电；"
    "如需现在登记诉求，请不要按键，稍后直接说出您的问题。"
)
NIGHT = "您好，这里是菏泽12345政务服务便民热线。现在人工坐席暂时无人值守。"
MESSAGE_PROMPT = "请在提示音后留言，说明您的问题和联系方式，说完请按井号键或直接挂机。"
MESSAGE_THANKS = "您的留言已记录，工作人员会尽快给您回电。感谢您的来电，再见。"
NO_MESSAGE = "抱歉，没有收到您的留言。工作人员会根据来电号码给您回电。再见。"
CONNECTING = "正在为您接通工作人员。"
AGENT_MISSED = "非常抱歉，工作人员暂时未能接听。"
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
    twiml = VoiceResponse()
    twiml.say(WELCOME, language=LANG)
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
        twiml.say(NEXT if ahead <= 0 else PLACE.format(ahead=ahead), language=LANG)
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
    base: str, mode: OverflowMode, bot: BotFill, *, prefix: str = "", max_seconds: int = 120
) -> str:
    """What a caller no person could take gets: a message, the bot, or the choice."""
    twiml = VoiceResponse()
    if prefix:
        twiml.say(prefix, language=LANG)
    if mode == "bot":
        bot(twiml)
    elif mode == "message":
        _record(twiml, base, max_seconds)
    else:
        gather = Gather(
            input="dtmf", num_digits=1, timeout=4, action=f"{base}/overflow", method="POST"
        )
        gather.say(OVERFLOW_CHOICE, language=LANG)
        twiml.append(gather)
        twiml.redirect(f"{base}/overflow", method="POST")  # no key: the bot
    return str(twiml)


def record_message(base: str, max_seconds: int) -> str:
    """Leave a message: the recording goes to the callback list."""
    twiml = VoiceResponse()
    _record(twiml, base, max_seconds)
    return str(twiml)


def _record(twiml: VoiceResponse, base: str, max_seconds: int) -> None:
    twiml.say(MESSAGE_PROMPT, language=LANG)
    twiml.record(
        action=f"{base}/voicemail",
        method="POST",
        max_length=max_seconds,
        finish_on_key="#",
        play_beep=True,
    )
    twiml.say(NO_MESSAGE, language=LANG)
    twiml.hangup()


def message_thanks() -> str:
    """After the message."""
    twiml = VoiceResponse()
    twiml.say(MESSAGE_THANKS, language=LANG)
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
    twiml.say(CONNECTING, language=LANG)
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
        twiml.say(GOODBYE, language=LANG)
        twiml.hangup()
        return str(twiml)
    return overflow(base, mode, bot, prefix=AGENT_MISSED, max_seconds=max_seconds)


def empty() -> str:
    """An acknowledgement with nothing to do."""
    return str(VoiceResponse())
