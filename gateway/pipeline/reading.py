"""Reading a citizen's message before the dialogue sees it: media fetched and kept, the
text the bot reads (text, transcripts, OCR), provider events, the NLU parse (off the event
loop when long), the category read without the citizen's own identification, and the
place of a location or a photo's GPS position.

The citizen's words (text, speech) and a picture's words (OCR) are kept apart: only the
citizen's words are triaged. A picture's words are read only when the citizen wrote and
said nothing, and then for the category and the matter alone, never for an emergency, a
第十三条 finding, abuse, a refusal or a contact (:meth:`MessageReading._read_picture`): a
screenshot of a page that mentions 「急救…120」 is not a call for an ambulance.

:class:`MessageReading` is mixed into :class:`gateway.pipeline.handler.Pipeline`, whose
``nlu``, ``media`` and ``adapters`` it reads.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import time

from channels.base import ChannelAdapter
from channels.errors import MediaRefused
from channels.messages import Attachment, InboundMessage, MessageKind
from dialogs import model as dm
from dialogs.state import Place
from gateway import metrics
from gateway.media.errors import REFUSED, media_error_message
from gateway.pipeline.identity import without_identity
from gateway.pipeline.places import OUTSIDE_ZH, shared_place
from gateway.ports import HeavyAware, MediaPort, NluPort
from nlu.engine import HEAVY_CHARS
from nlu.types import Category, Intent, NluResult

log = logging.getLogger("hotline.pipeline")

_COMMAND = re.compile(r"^/([A-Za-z][A-Za-z0-9_]{0,31})(?:@\w+)?\s*$")


class MessageReading:
    """The reading steps of the pipeline (see the module docstring)."""

    nlu: NluPort
    media: MediaPort | None
    adapters: dict[str, ChannelAdapter]

    async def _locate(
        self, msg: InboundMessage, notices: list[str]
    ) -> tuple[Place | None, InboundMessage]:
        """The place of a location message or of a photo's GPS position, located the one
        way (:func:`shared_place`). A point naming no place in Heze is dropped: it never
        fills the place; for a location message the citizen is told (the dialogue, seeing
        an empty message, asks where again)."""
        if msg.location is None:
            return None, msg
        photo = msg.kind != MessageKind.LOCATION
        shared = await asyncio.to_thread(shared_place, msg.location, msg.channel, from_photo=photo)
        if shared is not None:
            return shared, msg
        if not photo:
            notices.append(OUTSIDE_ZH)
        return None, msg.model_copy(update={"location": None})

    async def _parse(self, text: str) -> NluResult | None:
        try:
            if _heavy(self.nlu, text):
                return await asyncio.to_thread(self.nlu.parse, text)
            return self.nlu.parse(text)
        except Exception:
            log.exception("nlu failed; the dialogue treats the text conservatively")
            return None

    async def _read_picture(self, msg: InboundMessage) -> NluResult | None:
        """The reading of the words recognised in the message's pictures (OCR), for a
        message with no words of the citizen's own: the category, act and territory may
        come from them; the triage (第十三条, emergencies included), the emergency
        detector's finding, abuse, a refusal, a place outside Heze and the entities (a
        phone or a name printed on a page is not the citizen's contact) never do.

        Always a result when there are such words, so the dialogue never falls back to
        its own emergency words on a picture's text (``dialogs.alarms.emergency`` without
        an NLU result)."""
        words = picture_text(msg)
        if not words:
            return None
        result = await self._parse(words)
        if result is None:
            return NluResult(text=words, intent=Intent("out_of_scope", 0.0))
        return dataclasses.replace(
            result,
            triage=None,
            emergency=None,
            abusive=False,
            entities=(),
            declined=(),
            place_outside=None,
        )

    async def _classify_without_identity(self, result: NluResult, text: str) -> NluResult:
        """The category read without the citizen's own identification and contact
        (:func:`without_identity`): 身份证 in 「我是…，身份证…」 never decides it."""
        names = [e.value for e in result.entities if e.type == "name"]
        rest = without_identity(text, names)
        if rest is None:
            return result
        if not rest:
            return dataclasses.replace(result, category=None, candidates=())
        other = await self._parse(rest)
        if other is None:
            return result
        return dataclasses.replace(result, category=other.category, candidates=other.candidates)

    async def category_of(self, text: str) -> Category | None:
        """The category of a whole text, read without the citizen's identification (the
        bot's orders told in pieces, and the console's orders: trial11 N02)."""
        result = await self._parse(text)
        if result is None:
            return None
        return (await self._classify_without_identity(result, text)).category

    async def _store_upload(self, msg: InboundMessage, upload: bytes) -> InboundMessage:
        """Keep an uploaded picture first, so the accepted message refers to stored bytes."""
        if self.media is None:
            return msg
        raw = msg.raw if isinstance(msg.raw, dict) else {}
        filename, mime = raw.get("filename"), raw.get("mime")
        att, gps = await self.media.store_upload(
            upload,
            filename if isinstance(filename, str) else None,
            mime if isinstance(mime, str) else None,
        )
        return msg.model_copy(
            update={"attachments": (*msg.attachments, att), "location": msg.location or gps}
        )

    async def _ingest_media(self, msg: InboundMessage) -> tuple[InboundMessage, list[str]]:
        """Fetch and keep media; returns the message and notices for the citizen. A voice
        clip whose words are known (:func:`dialogs.model.spoken`) fails quietly: the words
        were heard, the citizen is told nothing about a file (trial11 N08)."""
        notices: list[str] = []
        if self.media is None or not msg.attachments:
            return msg, notices
        t0 = time.perf_counter()
        atts: list[Attachment] = []
        location = msg.location
        adapter = self.adapters.get(msg.channel)
        for att in msg.attachments:
            if att.blob_key is None and adapter is not None:
                try:
                    att, gps = await self.media.ingest(adapter, att)
                    location = location or gps
                except MediaRefused as exc:
                    # nothing was fetched: the attachment is not kept, and the citizen
                    # is told so instead of 「已收到附件」 (trial5 F25)
                    metrics.MEDIA_REFUSED.labels(msg.channel).inc()
                    log.warning("media URL refused; not kept", extra={"error": str(exc)})
                    if REFUSED not in notices and not dm.spoken(att):
                        notices.append(REFUSED)
                    continue
                except Exception as exc:
                    # A media failure never drops the appeal: the reference is kept.
                    log.warning("media ingest failed; kept as reference", extra={"error": str(exc)})
                    notice = media_error_message(exc)
                    if notice is not None and notice not in notices and not dm.spoken(att):
                        notices.append(notice)
            atts.append(att)
        metrics.STAGE_LATENCY.labels(msg.channel, "media").observe(time.perf_counter() - t0)
        msg = msg.model_copy(update={"attachments": tuple(atts), "location": location})
        return msg, notices


def _heavy(nlu: NluPort, text: str) -> bool:
    """Whether parsing ``text`` belongs off the event loop: the NLU's own judgement
    (``is_heavy``: long and not cached), else its length."""
    if isinstance(nlu, HeavyAware):
        return nlu.is_heavy(text)
    return len(text) > HEAVY_CHARS


_EVENT_KINDS: dict[str, dm.ProviderEventKind] = {
    "subscribe": "subscribe",
    "follow": "subscribe",
    "scan_follow": "subscribe",
    "unsubscribe": "unsubscribe",
    "unfollow": "unsubscribe",
    "scan": "scan",
    "click": "click",
    "location": "location_report",
    "sticker": "sticker",
    "edited": "edited",
    "optout": "optout",
}


def provider_event(msg: InboundMessage) -> tuple[dm.ProviderEventKind, str] | None:
    """``(kind, key)`` when the message is a provider event, not speech."""
    if msg.kind == MessageKind.EVENT:
        name, _, key = (msg.event or "").partition(":")
        return _EVENT_KINDS.get(name.lower(), "unknown"), key
    if msg.kind == MessageKind.TEXT and (m := _COMMAND.match(msg.text.strip())):
        return "command", m.group(1).lower()
    return None


def event_label(msg: InboundMessage) -> str:
    """What the conversation record shows for a message without text."""
    if msg.kind == MessageKind.EVENT:
        return f"[事件 {msg.event or '未知'}]"
    if msg.location is not None:
        return f"[位置 {msg.location.label or ''}]".replace(" ]", "]")
    return ""


def message_text(msg: InboundMessage) -> str:
    """The text the bot reads: the message text plus transcripts and OCR text, each once
    (WeChat puts its ``Recognition`` both in the text and on the voice attachment).

    A location message's label is the place's name, not speech: it stays on the location.
    """
    if msg.kind == MessageKind.LOCATION:
        return ""
    parts = [msg.text.strip()] if msg.text.strip() else []
    for att in msg.attachments:
        said = (att.transcript or "").strip()
        if said and not any(said in p for p in parts):
            parts.append(said)
    return "\n".join(p for p in parts if p)


def picture_text(msg: InboundMessage) -> str:
    """The words recognised in the message's pictures (OCR), each once; not the
    citizen's own words (see the module docstring)."""
    parts: list[str] = []
    for att in msg.attachments:
        seen = (att.ocr_text or "").strip()
        if seen and seen not in parts:
            parts.append(seen)
    return "\n".join(parts)
