"""Twilio SMS/MMS (``POST /webhooks/sms``): TwiML replies inline, REST for later ones."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

from twilio.twiml.messaging_response import MessagingResponse

from channels import guard, outbound
from channels.base import (
    Capabilities,
    ChannelSettings,
    InlineResponse,
    RawRequest,
    SendResult,
    media_note,
    render_numbered,
    with_emergency_number,
)
from channels.errors import PayloadError, SendError
from channels.messages import (
    Attachment,
    AttachmentKind,
    InboundMessage,
    MessageKind,
    OutboundMessage,
    QuickReply,
)
from channels.sms.segments import (
    DEFAULT_MAX_SEGMENTS,
    GSM7_SINGLE,
    TWILIO_MAX_BODY,
    UCS2_SINGLE,
    SegmentCount,
    count_segments,
    encoding_of,
    shorten,
)
from channels.sms.twilio import TwilioChannel, TwilioSettings, form_params

UCS2_SEGMENT = UCS2_SINGLE
GSM7_SEGMENT = GSM7_SINGLE
MAX_MEDIA = 10  # Twilio sends at most ten MediaUrlN
TWIML = "application/xml"
MORE_NOTE = "（篇幅所限，以上为节选；完整答复请拨打12345热线查询。）"
MORE_LINK = "（篇幅所限，以上为节选；完整答复请见：{url}）"


def segment_limit(text: str) -> int:
    """Characters of a single-segment SMS for ``text``: 160 in GSM-7, 70 in UCS-2."""
    return GSM7_SINGLE if encoding_of(text) == "GSM-7" else UCS2_SINGLE


def sms_body(
    message: OutboundMessage,
    *,
    max_segments: int = DEFAULT_MAX_SEGMENTS,
    more_url: str | None = None,
    media_as_links: bool = False,
) -> str:
    """The ONE SMS body for ``message``: the text, an emergency number, media links when
    they cannot go as MMS, the numbered options; shortened to ``max_segments``."""
    text = with_emergency_number(message.text.strip(), message.transfer_to)
    if media_as_links and message.attachments:
        text = "\n".join(p for p in (text, media_note(message.attachments)) if p)
    menu = render_numbered(message.quick_replies) if message.quick_replies else ""
    if menu and (
        keys_said(text, len(message.quick_replies)) or listed(text, message.quick_replies)
    ):
        menu = ""  # "无误回1，修改回2", "1满意 2基本满意": the keys once, not again as a list
    more = MORE_LINK.format(url=more_url) if more_url else MORE_NOTE
    return shorten(text, menu=menu, more=more, max_segments=max_segments)


# "回1", "回复2", "请回1满意、2基本满意或3不满意": an instruction that names reply keys
_KEYS_SAID = re.compile(r"回(?:复)?[1-9][^。！？\n]*")
_KEY = re.compile(r"(?<![0-9])[1-9](?![0-9])")


def keys_said(text: str, options: int) -> bool:
    """True when ``text`` already tells which number to reply for each of the options."""
    said = {int(k) for m in _KEYS_SAID.finditer(text) for k in _KEY.findall(m.group(0))}
    return all(n in said for n in range(1, options + 1))


_LIST_NOISE = re.compile(r"[\s.、:：．]")


def listed(text: str, options: Sequence[QuickReply]) -> bool:
    """True when ``text`` already lists every option after its key ("1满意 2基本满意
    3不满意"), as the rating question does (trial5 F15)."""
    flat = _LIST_NOISE.sub("", text)
    keyed = (f"{n}{_LIST_NOISE.sub('', o.title)}" for n, o in enumerate(options, 1))
    return bool(options) and all(k in flat for k in keyed)


def one_turn(replies: Sequence[OutboundMessage]) -> OutboundMessage | None:
    """A turn's replies as ONE SMS (trial5 F14): separate messages can arrive out of
    order, so 「已收到附件1个。」 and the read-back, or the 第十一条 notice and the next
    question, go as one body, each reply on its own line in order. Earlier replies keep
    their numbered options and emergency numbers in the text; the last reply's options
    end the body; every picture goes along as MMS media. ``None`` when nothing shows."""
    shown = [r for r in replies if r.text.strip() or r.attachments or r.quick_replies]
    if len(shown) <= 1:
        return shown[0] if shown else None
    parts: list[str] = []
    for reply in shown[:-1]:
        text = with_emergency_number(reply.text.strip(), reply.transfer_to)
        options = reply.quick_replies
        if options and not keys_said(text, len(options)) and not listed(text, options):
            text = "\n".join(p for p in (text, render_numbered(options)) if p)
        parts.append(text)
    last = shown[-1]
    parts.append(last.text.strip())
    return last.model_copy(
        update={
            "text": "\n".join(p for p in parts if p),
            "attachments": tuple(a for r in shown for a in r.attachments),
        }
    )


def mms_urls(message: OutboundMessage) -> list[str]:
    """Public URLs of the pictures that can go as MMS ``MediaUrl`` (at most ten)."""
    urls = [
        a.source_url
        for a in message.attachments
        if a.kind is AttachmentKind.IMAGE and a.source_url and a.source_url.startswith("http")
    ]
    return urls[:MAX_MEDIA]


def attachment_kind(mime: str) -> AttachmentKind:
    """The kind a claimed content type suggests (the media service sniffs the bytes later)."""
    major = mime.split("/", 1)[0].lower()
    return {
        "image": AttachmentKind.IMAGE,
        "audio": AttachmentKind.AUDIO,
        "video": AttachmentKind.VIDEO,
    }.get(major, AttachmentKind.FILE)


_KIND_OF = {
    AttachmentKind.IMAGE: MessageKind.IMAGE,
    AttachmentKind.AUDIO: MessageKind.VOICE,
    AttachmentKind.VIDEO: MessageKind.VIDEO,
    AttachmentKind.FILE: MessageKind.FILE,
}


#: The SMS opt-out replies carriers and senders agree on (STOP, 退订, TD, T, 取消订阅 ...):
#: a whole message of one of them, whatever its case, width and punctuation, asks that
#: no more messages be sent; it is no appeal (trial11 N09). 「取消」 alone is not one:
#: it withdraws what is being told, the dialogue's own word.
OPT_OUT_WORDS = frozenset(
    {
        "stop", "stopall", "unsubscribe", "optout", "td", "t",
        "退订", "退定", "退订短信", "短信退订", "取消订阅", "拒收", "拒收短信", "不再接收",
    }
)  # fmt: skip
_NOT_A_WORD = re.compile(r"[\s\W_]+")


def opt_out(body: str) -> bool:
    """Whether an SMS ``body`` is an opt-out reply alone (``STOP``, ``Stop.``, ``ＴＤ``,
    ``退订！``), never a sentence that mentions one (「物业退订了车位」)."""
    word = _NOT_A_WORD.sub("", unicodedata.normalize("NFKC", body)).casefold()
    return word in OPT_OUT_WORDS


class SmsAdapter(TwilioChannel):
    """SMS and MMS through a Twilio number."""

    media_label = "MMS media"

    name: ClassVar[str] = "sms"
    capabilities: ClassVar[Capabilities] = Capabilities(
        max_text_length=TWILIO_MAX_BODY,  # one message per reply, concatenated by Twilio
        quick_replies=False,
        media_out=frozenset({AttachmentKind.IMAGE}),
        inline_reply=True,
        inline_deadline_seconds=15.0,
        push=True,
        sends_per_second=10.0,
    )
    settings_class: ClassVar[type[ChannelSettings]] = TwilioSettings

    def parse(self, request: RawRequest) -> list[InboundMessage]:
        form = form_params(request)
        sid = form.first("MessageSid") or form.first("SmsSid")
        sender = form.first("From")
        if not sid or not sender:
            raise PayloadError("Twilio message without MessageSid or From")
        body = outbound.check_text_size(form.first("Body"))
        count = guard.bounded_int(form.first("NumMedia", "0") or "0", "NumMedia", hi=MAX_MEDIA)
        attachments: list[Attachment] = []
        for i in range(count):
            url = form.first(f"MediaUrl{i}")
            mime = form.first(f"MediaContentType{i}") or "application/octet-stream"
            if not url:
                raise PayloadError(f"MediaUrl{i} missing")
            attachments.append(
                Attachment(
                    kind=attachment_kind(mime),
                    mime=mime,
                    source_url=url,
                    source_id=url.rstrip("/").rsplit("/", 1)[-1],
                )
            )
        kind = _KIND_OF[attachments[0].kind] if attachments else MessageKind.TEXT
        optout = not attachments and opt_out(body)
        return [
            InboundMessage(
                channel=self.name,
                account=form.first("To"),
                external_id=sid,
                sender=sender,
                kind=MessageKind.EVENT if optout else kind,
                event="optout" if optout else None,
                text="" if optout else body.strip(),
                attachments=tuple(attachments),
                contact_phone=sender,
                received_at=datetime.fromtimestamp(self._clock(), UTC),
                raw={k: form.first(k) for k in form if not k.startswith("MediaUrl")},
            )
        ]

    def acknowledge(
        self,
        request: RawRequest,
        messages: Sequence[InboundMessage],
        replies: Sequence[OutboundMessage],
    ) -> InlineResponse:
        """TwiML: an empty ``<Response/>``, or exactly one ``<Message>`` for the whole
        turn (:func:`one_turn`; its pictures as ``<Media>``), never a reply split over
        several messages nor a turn's replies as separate SMS."""
        twiml = MessagingResponse()
        turn = one_turn(replies)
        if turn is not None:
            body = self.body_for(turn)
            urls = mms_urls(turn)
            if body or urls:
                message = twiml.message(body)
                for url in urls:
                    message.media(url)
        return InlineResponse(status=200, body=str(twiml).encode("utf-8"), media_type=TWIML)

    def body_for(self, message: OutboundMessage, *, media_as_links: bool = False) -> str:
        """The one SMS body of ``message`` under this number's segment budget."""
        return sms_body(
            message,
            max_segments=self.settings.sms_max_segments,
            more_url=self.settings.sms_more_url,
            media_as_links=media_as_links,
        )

    def segments(self, message: OutboundMessage) -> SegmentCount:
        """Encoding and segment count of the SMS ``message`` becomes (billing, tests)."""
        return count_segments(self.body_for(message))

    @classmethod
    def degrade(cls, message: OutboundMessage) -> list[str]:
        """The one SMS body (default segment budget), as the adapter protocol's list."""
        body = sms_body(message, media_as_links=not mms_urls(message))
        return [body] if body else []

    async def send(self, message: OutboundMessage) -> SendResult:
        """One REST message per reply; pictures as MMS ``MediaUrl``. A picture the
        provider refuses (HTTP 4xx) is sent again as text with its link, never lost."""
        sender = message.account or self.settings.from_number or ""
        urls = mms_urls(message)
        body = self.body_for(message, media_as_links=not urls)
        try:
            sid = await self.account.send_sms(
                message.recipient, sender, body, self._limiter, media_urls=urls
            )
        except SendError as exc:
            if not urls or exc.retryable or exc.status_code is None:
                raise
            body = self.body_for(message, media_as_links=True)
            sid = await self.account.send_sms(message.recipient, sender, body, self._limiter)
        return SendResult(provider_message_id=sid or None)
