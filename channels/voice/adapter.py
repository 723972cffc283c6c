"""The 12345 phone line through Twilio voice (``POST /webhooks/voice`` and callbacks under it).

Call flow (all TwiML, Mandarin):

* A new call (``POST /webhooks/voice``) goes to a person first: ``gateway.calls`` queues
  it and bridges it to an agent. This adapter is the bot, the overflow and night mode:
  :meth:`VoiceAdapter.greet` is a greeting inside ``<Gather input="dtmf speech"
  language="zh-CN">``; DTMF 2 hears an order's progress, or the citizen just speaks.
* ``/webhooks/voice/gather?step=N``: ``SpeechResult`` (+ ``Confidence``) becomes the
  appeal text; nothing heard falls back to ``<Record>``.
* ``/webhooks/voice/recording?step=N``: the recording becomes an audio attachment (the
  media service transcribes it when a speech service is configured, else an agent listens).
* ``/webhooks/voice/status``: call status callbacks, acknowledged.

What the line says is in :mod:`channels.voice.wording`, who is calling in
:mod:`channels.voice.callers`; this module reads Twilio's callbacks and writes TwiML.

Replies are spoken with ``<Say>`` in the phone's own style (:mod:`channels.voice.speech`:
请按1 / 请说, numbers digit by digit, no symbols; keypad entry offered only after a reply
that asks for a number); an emergency (``transfer_to`` 110/119/120/122) is
answered with ``<Dial>`` at once, never queued. Answers that come later go by SMS.
Each step number is carried in the action URL, so Twilio's retries of a callback collide
on ``CallSid:step`` while successive turns of one call do not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar
from urllib.parse import urlsplit

from twilio.twiml.voice_response import Gather, VoiceResponse

from channels import guard, outbound
from channels.base import (
    Capabilities,
    ChannelSettings,
    InlineResponse,
    RawRequest,
    SendResult,
    split_text,
)
from channels.errors import PayloadError, SendError
from channels.messages import (
    Attachment,
    AttachmentKind,
    InboundMessage,
    MessageKind,
    OutboundMessage,
)
from channels.sms.adapter import sms_body
from channels.sms.twilio import TwilioChannel, TwilioSettings, form_params
from channels.voice import speech
from channels.voice.callers import caller_key, withheld
from channels.voice.fields import check_fields
from channels.voice.wording import (
    ANSWER_AFTER_TONE,
    BOT_PROMPT,
    CHOICE_AGAIN,
    CONTINUE,
    GOODBYE,
    GREETING,
    KEYPAD,
    LATER,
    NO_MENU,
    NO_RECORDING,
    NOT_HEARD,
    ORDER_SMS,
    RECORD_AGAIN,
    SILENCE_AGAIN,
    SURE_WORDS,
    emergency_notice,
    nothing_more,
    read_back,
)

LANG = "zh-CN"
MOUNT = "/webhooks/voice"
EMERGENCY = frozenset({"110", "119", "120", "122"})
# keys said as what they stand for: the opening prompt's 1 and 2, and 0 (a person) at
# any turn; the dialogue reads them like the words (one progress path, one hand-off)
KEYS = {"1": "转人工", "2": "查询工单进度", "0": "转人工"}
TWIML = "application/xml"


class VoiceSettings(TwilioSettings):
    """``HOTLINE_TWILIO_*`` (shared with SMS) plus the agents' desk number."""

    agent_number: str | None = None  # DTMF 1 dials this when set; else the pipeline hands off
    max_recording_seconds: int = 120
    # Twilio's speech models name Mandarin zh-CN or cmn-Hans-CN depending on the provider
    gather_language: str = LANG


class VoiceAdapter(TwilioChannel):
    """Phone calls to the hotline."""

    media_label = "recording"

    name: ClassVar[str] = "voice"
    capabilities: ClassVar[Capabilities] = Capabilities(
        max_text_length=300,  # one <Say> stays short enough to listen to
        quick_replies=False,
        inline_reply=True,
        inline_deadline_seconds=15.0,  # Twilio's webhook timeout
        push=True,  # later answers by SMS to the caller
        sends_per_second=10.0,
    )
    settings_class: ClassVar[type[ChannelSettings]] = VoiceSettings

    settings: VoiceSettings

    # -- inbound ------------------------------------------------------------------------
    def parse(self, request: RawRequest) -> list[InboundMessage]:
        form = form_params(request)
        check_fields(form)
        call, caller = form.first("CallSid"), form.first("From")
        if not call:
            raise PayloadError("Twilio voice callback without CallSid")
        hidden = withheld(caller)
        caller = caller_key(call, caller)
        sub, step = _route(request)
        common = {
            "channel": self.name,
            "account": form.first("To"),
            "sender": caller,
            # a withheld number is no contact: the dialogue asks for one, as in the chat
            "contact_phone": None if hidden else caller,
            "external_id": f"{call}:{sub or 'call'}:{step}",
            "received_at": datetime.fromtimestamp(self._clock(), UTC),
            "raw": {k: form.first(k) for k in form if k != "RecordingUrl"},
        }
        if sub == "gather":
            digits = form.first("Digits").strip().rstrip("#")
            progress = digits == "2" and request.query.get("progress") == "1"
            if digits in KEYS and (step == 0 or digits == "0" or progress):
                # the opening prompt's keys, 0 for a person at any turn, and 2 where the
                # turn offered it for progress (「查询进度请按2」, progress=1); else a key
                # is an answer ("无误请按1" at the read-back), read by the dialogue as text
                return [InboundMessage(kind=MessageKind.TEXT, text=KEYS[digits], **common)]
            if digits.isascii() and digits.isdigit():
                # keyed-in numbers (an order number without its letters, the last four
                # digits of a phone) as the dialogue reads them (speech.heard)
                text = speech.heard(digits)
                return [InboundMessage(kind=MessageKind.TEXT, text=text, **common)]
            said = outbound.check_text_size(form.first("SpeechResult").strip())
            if _closing(request, said):
                return []  # 「没有了」 to 「还有其他问题吗」: goodbye (acknowledge), no new matter
            if not said and request.query.get("ask") == "1" and not _retry(request):
                # silence at the bot's question: an empty message, which answers nothing,
                # so the dialogue asks the same question again (trial11 N06)
                return [InboundMessage(kind=MessageKind.TEXT, text="", **common)]
            if not said:
                return []  # nothing heard: acknowledge() falls back to <Record>
            confidence = _confidence(form.first("Confidence"))
            if said.strip("。，！？.,!? ") in SURE_WORDS:
                # 「嗯」「对」: too short for a recogniser's confidence to mean anything, and
                # the commonest spoken yes (no "您说的是“嗯”吗" loop)
                confidence = None
            return [
                InboundMessage(
                    kind=MessageKind.VOICE,
                    text=speech.heard(said),
                    transcript_confidence=confidence,
                    **common,
                )
            ]
        if sub == "recording":
            url = form.first("RecordingUrl")
            duration = guard.finite_float(
                form.first("RecordingDuration", "0") or "0", "RecordingDuration", lo=0, hi=86400
            )
            if not url or duration <= 0:
                return []
            att = Attachment(
                kind=AttachmentKind.AUDIO,
                mime="audio/x-wav",
                source_url=url,
                source_id=form.first("RecordingSid") or None,
                duration_seconds=duration,
            )
            return [InboundMessage(kind=MessageKind.VOICE, attachments=(att,), **common)]
        if sub in ("", "status"):
            return []  # a new call (greeting) or a status callback
        raise PayloadError(f"unknown voice callback {sub!r}", status_code=404)

    # -- TwiML ----------------------------------------------------------------------------
    def acknowledge(
        self,
        request: RawRequest,
        messages: Sequence[InboundMessage],
        replies: Sequence[OutboundMessage],
    ) -> InlineResponse:
        """The turn's TwiML. An SMS that could not be sent earlier (``kept``: an order's
        receipt, a later answer) is never read aloud on the call (trial14 T06: 「【菏泽
        12345】…」 and the receipt repeated before the progress asked for): it is sent
        again as an SMS, after the call's own answer."""
        kept = tuple(r.model_copy(update={"kept": False}) for r in replies if r.kept)
        answer = self._answer(request, messages, [r for r in replies if not r.kept])
        if not kept:
            return answer
        return dataclasses.replace(answer, continuations=(*answer.continuations, *kept))

    def _answer(
        self,
        request: RawRequest,
        messages: Sequence[InboundMessage],
        replies: Sequence[OutboundMessage],
    ) -> InlineResponse:
        sub, step = _route(request)
        base = _base_url(request.url)
        twiml = VoiceResponse()
        if sub == "status":
            return _twiml(twiml)
        if not messages:
            retry = request.query.get("retry") == "1"
            if sub == "gather" and _closing(request, form_params(request).first("SpeechResult")):
                # trial14 T05: the caller, asked 「还有其他问题吗」, has nothing more
                twiml.say(GOODBYE, language=LANG)
                twiml.hangup()
            elif sub == "":
                self._gather(twiml, base, step, GREETING, menu=True)
                twiml.redirect(f"{base}/gather?step={step}", method="POST")
            elif sub == "gather" and request.query.get("choice") == "1" and not retry:
                self._gather(twiml, base, step, CHOICE_AGAIN, choice=True, retry=True)
                twiml.say(GOODBYE, language=LANG)
                twiml.hangup()
            elif sub == "gather" and request.query.get("ask") == "1":
                # asked twice and nothing heard: a message for a person (the recording is
                # kept with the call), never the matter asked for again
                twiml.say(ANSWER_AFTER_TONE, language=LANG)
                twiml.record(
                    action=f"{base}/recording?step={step}&retry=1",
                    method="POST",
                    max_length=self.settings.max_recording_seconds,
                    finish_on_key="#",
                    play_beep=True,
                )
            elif sub == "gather":
                twiml.say(NOT_HEARD, language=LANG)
                twiml.record(
                    action=f"{base}/recording?step={step}" + ("&retry=1" if retry else ""),
                    method="POST",
                    max_length=self.settings.max_recording_seconds,
                    finish_on_key="#",
                    play_beep=True,
                )
            elif not retry:
                self._gather(twiml, base, step, RECORD_AGAIN, retry=True)
                twiml.say(GOODBYE, language=LANG)
                twiml.hangup()
            else:
                twiml.say(speech.spoken(NO_RECORDING), language=LANG)
                twiml.hangup()
            return _twiml(twiml)
        emergency = next((r.transfer_to for r in replies if r.transfer_to), None)
        if emergency:
            # one message, the safety advice first, then the call is connected now (never
            # queued); not the text channels' "请立即拨打" (we are dialling it for them)
            said = "\n".join(m.text for m in messages)
            twiml.say(speech.spoken(emergency_notice(emergency, said)), language=LANG)
            twiml.dial(emergency)
            return _twiml(twiml)
        asked_person = messages[0].text == KEYS["1"] and bool(form_digits(request))
        if asked_person and self.settings.agent_number:
            twiml.say("正在为您转接人工服务，请稍候。", language=LANG)
            twiml.dial(self.settings.agent_number)
            return _twiml(twiml)
        said_now = [m.text for m in messages]
        parts = [part for reply in replies for part in self.degrade(read_back(reply, said_now))]
        if not parts:
            parts = [LATER]
        silence = sub == "gather" and not any(m.text or m.attachments for m in messages)
        if silence:
            parts[0] = SILENCE_AGAIN + parts[0]
        text = "".join(parts)
        number = speech.asks_number(text)
        said = "\n".join(r.text for r in replies)
        for number_said in dict.fromkeys(speech.ORDER.findall(said)):
            # an order number (a receipt, a progress answer) said slowly, in groups
            slow = speech.slow_order(number_said)
            parts = [p.replace(speech.spoken(number_said), slow) for p in parts]
        filed = speech.FILED.search(said)
        if filed:
            # just filed: courteous (您的诉求已受理), the number once more, and by SMS
            if parts[0].startswith("已受理"):
                parts[0] = "您的诉求" + parts[0]
            slow = speech.slow_order(filed.group(1))
            parts.append(f"我再重复一遍，您的工单号是：{slow}。")
            if speech.is_mobile(messages[0].sender):
                parts.append("工单号也会以短信发送到您的手机。")
            parts.append("感谢您的反映！")
        if number:
            tail = KEYPAD
        elif speech.asks(text):
            tail = ""  # the question stands on its own: no invitation to hang up
        else:
            tail = CONTINUE
        if not filed and tail == CONTINUE and nothing_more(messages[0].text):
            # 「没有了 谢谢」 after an answer: the reply, a goodbye, and the call ends
            for part in parts:
                twiml.say(part, language=LANG)
            twiml.say(GOODBYE, language=LANG)
            twiml.hangup()
            return _twiml(twiml)
        choice = bool(replies[-1].quick_replies) if replies else False
        # the action URL says what a silence at the next turn means (see _gather)
        self._gather(
            twiml,
            base,
            step + 1,
            tail,
            before=parts,
            choice=choice,
            ask=tail != CONTINUE and not filed and not choice,
            done=tail == CONTINUE,
            progress=speech.PROGRESS_KEY in text,
            retry=silence,
        )
        twiml.say(GOODBYE, language=LANG)
        twiml.hangup()
        later: tuple[OutboundMessage, ...] = ()
        caller = messages[0].sender
        if filed and speech.is_mobile(caller):
            later = (
                OutboundMessage(
                    channel=self.name,
                    account=messages[0].account,
                    recipient=caller,
                    text=ORDER_SMS.format(number=filed.group(1)),
                    idempotency_key=f"{messages[0].external_id}:order-sms",
                ),
            )
        return _twiml(twiml, later)

    def greet(self, twiml: VoiceResponse, base: str) -> None:
        """The bot's prompt and speech flow, appended to ``twiml``: the overflow when no
        agent took the call in time, and the night mode (``gateway.calls``, which has
        greeted the caller and said what happens next, so this does not greet again)."""
        self._gather(twiml, base, 0, BOT_PROMPT, menu=True)
        twiml.redirect(f"{base}/gather?step=0", method="POST")

    def _gather(
        self,
        twiml: VoiceResponse,
        base: str,
        step: int,
        prompt: str,
        *,
        menu: bool = False,
        before: Sequence[str] = (),
        choice: bool = False,
        retry: bool = False,
        ask: bool = False,
        progress: bool = False,
        done: bool = False,
    ) -> None:
        # the greeting's menu takes one key; later turns take numbers ended by '#'
        keys: dict[str, object] = {"num_digits": 1} if menu else {"finish_on_key": "#"}
        # the action says what a silence means: a choice asked (choice=1) is asked again,
        # so is a question of the bot's (ask=1: the dialogue asks it again), and a second
        # silence (retry=1) is not offered a third time; progress=1: key 2 is 查询工单进度;
        # done=1: the caller was asked 「还有其他问题吗」 (their 「没有了」 ends the call)
        flags = (
            ("&choice=1" if choice else "")
            + ("&ask=1" if ask else "")
            + ("&done=1" if done else "")
            + ("&progress=1" if progress else "")
            + ("&retry=1" if retry else "")
        )
        gather = Gather(
            input="dtmf speech",
            language=self.settings.gather_language,
            action=f"{base}/gather?step={step}{flags}",
            method="POST",
            speech_timeout="auto",
            action_on_empty_result=True,
            **keys,
        )
        for part in before:  # the bot's reply, inside the Gather: the caller may answer at once
            gather.say(part, language=LANG)
        if prompt:
            gather.say(speech.spoken(prompt), language=LANG)
        twiml.append(gather)

    @classmethod
    def degrade(cls, message: OutboundMessage) -> list[str]:
        """The reply as the caller hears it (:func:`channels.voice.speech.spoken`: keys
        as 请按1, words as 请说, numbers digit by digit, no symbols), quick replies as keys,
        in ``<Say>``-sized parts."""
        text = speech.spoken(message.text)
        if len(message.quick_replies) >= 3 and text.startswith("您好"):
            return [NO_MENU]  # the chat's welcome menu: never a menu on the phone
        if message.quick_replies and "请按" not in text:  # the instruction said once
            options = speech.spoken_options([q.title for q in message.quick_replies])
            text = text.rstrip() + ("" if text.endswith(("。", "？", "！")) else "。") + options
        return split_text(text, cls.capabilities.max_text_length)

    # -- later answers by SMS ------------------------------------------------------------------
    async def send(self, message: OutboundMessage) -> SendResult:
        """A caller's later answer goes to their phone by SMS (the call may be over)."""
        if message.transfer_to:
            raise SendError(
                "an emergency transfer can only happen during the call", retryable=False
            )
        sender = self.settings.from_number or message.account or ""
        body = sms_body(
            message,
            max_segments=self.settings.sms_max_segments,
            more_url=self.settings.sms_more_url,
            media_as_links=True,
        )
        return await self._send_segments(message.recipient, sender, [body])


def _closing(request: RawRequest, said: str) -> bool:
    """Whether the caller, asked 「还有其他问题吗？」 (``done=1``), says they have nothing more
    (「没有了」「没事了」「就这些」「没别的了 谢谢」): the call ends, nothing is taken as a
    new matter (trial14 T05)."""
    return request.query.get("done") == "1" and nothing_more(speech.heard(said.strip()))


def _retry(request: RawRequest) -> bool:
    """Whether this callback answers a question asked again after a silence (retry=1)."""
    return request.query.get("retry") == "1"


def form_digits(request: RawRequest) -> str:
    """The keys pressed in a ``<Gather>`` callback (without the closing #)."""
    return form_params(request).first("Digits").strip().rstrip("#")


def _confidence(value: str) -> float | None:
    """Twilio's ``Confidence`` of a speech result (0.0-1.0); absent or empty: unknown."""
    if not value.strip():
        return None
    return guard.finite_float(value, "Confidence", lo=0.0, hi=1.0)


def _route(request: RawRequest) -> tuple[str, int]:
    """The callback below ``/webhooks/voice`` and the turn number from ``?step=``."""
    path = urlsplit(request.url).path
    idx = path.find(MOUNT)
    sub = path[idx + len(MOUNT) :].strip("/") if idx >= 0 else ""
    step = guard.bounded_int(request.query.get("step", "0") or "0", "step", lo=0, hi=1000)
    return sub, step


def _base_url(url: str) -> str:
    """The public URL of the mount, so callbacks stay right behind a proxy prefix."""
    parts = urlsplit(url)
    idx = parts.path.find(MOUNT)
    prefix = parts.path[: idx + len(MOUNT)] if idx >= 0 else MOUNT
    return f"{parts.scheme}://{parts.netloc}{prefix}"


def _twiml(twiml: VoiceResponse, later: tuple[OutboundMessage, ...] = ()) -> InlineResponse:
    return InlineResponse(
        status=200, body=str(twiml).encode("utf-8"), media_type=TWIML, continuations=later
    )
