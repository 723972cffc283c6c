"""Twilio SMS/MMS (``POST /webhooks/sms``): TwiML replies inline, REST for later ones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

from twilio.twiml.messaging_response import MessagingResponse

from channels import outbound
from channels.base import (
    Capabilities,
    ChannelSettings,
    InlineResponse,
    RawRequest,
    SendResult,
    render_numbered,
    split_text,
)
from channels.errors import PayloadError
from channels.messages import (
    Attachment,
    AttachmentKind,
    InboundMessage,
    MessageKind,
    OutboundMessage,
)
from channels.sms.twilio import TwilioChannel, TwilioSettings, form_params

# GSM 03.38 basic set: a message made only of these fits 160 per segment, else UCS-2 (70)
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
UCS2_SEGMENT = 70
GSM7_SEGMENT = 160
MAX_MEDIA = 10  # Twilio sends at most ten MediaUrlN
TWIML = "application/xml"


def segment_limit(text: str) -> int:
    """Characters per SMS segment for ``text``: 160 in GSM-7, 70 once any Chinese appears."""
    return GSM7_SEGMENT if all(ch in _GSM7 for ch in text) else UCS2_SEGMENT


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


class SmsAdapter(TwilioChannel):
    """SMS and MMS through a Twilio number."""

    media_label = "MMS media"

    name: ClassVar[str] = "sms"
    capabilities: ClassVar[Capabilities] = Capabilities(
        max_text_length=UCS2_SEGMENT,
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
        try:
            count = int(form.first("NumMedia", "0") or "0")
        except ValueError as exc:
            raise PayloadError("NumMedia is not a number") from exc
        if not 0 <= count <= MAX_MEDIA:
            raise PayloadError("NumMedia out of range")
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
        return [
            InboundMessage(
                channel=self.name,
                account=form.first("To"),
                external_id=sid,
                sender=sender,
                kind=kind,
                text=body.strip(),
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
        """TwiML: an empty ``<Response/>``, or one ``<Message>`` per segment."""
        twiml = MessagingResponse()
        for reply in replies:
            for chunk in self.degrade(reply):
                twiml.message(chunk)
        return InlineResponse(status=200, body=str(twiml).encode("utf-8"), media_type=TWIML)

    @classmethod
    def degrade(cls, message: OutboundMessage) -> list[str]:
        text = message.text
        if message.transfer_to and message.transfer_to not in text:
            text = f"{text}\n情况紧急，请立即拨打{message.transfer_to}。".strip()
        if message.quick_replies:
            text = text.rstrip() + "\n" + render_numbered(message.quick_replies)
        return split_text(text, segment_limit(text))

    async def send(self, message: OutboundMessage) -> SendResult:
        """Each segment as its own SMS through the Messages API."""
        sender = message.account or self.settings.from_number or ""
        return await self._send_segments(message.recipient, sender, self.degrade(message))
