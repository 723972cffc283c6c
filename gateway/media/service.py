"""The gateway's media service: fetch once, sniff, strip EXIF (GPS kept), store, OCR, ASR.

Blobs are content-addressed under ``blob_dir`` (``ab/abcdef....jpg`` by SHA-256 of the
stored, metadata-free bytes), so a provider retry or a re-sent picture is stored once.
CPU work (EXIF stripping, OCR) runs in threads; OCR one picture at a time so two cores
stay free for the webhooks.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import tempfile
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from channels.base import ChannelAdapter
from channels.media import (
    HttpSpeechRecognizer,
    MediaError,
    MediaTooLarge,
    OcrEngine,
    Sniffed,
    SpeechError,
    SpeechRecognizer,
    UnsupportedMedia,
    load_ocr,
    sniff,
    strip_metadata,
)
from channels.messages import Attachment, AttachmentKind, Location
from config.settings import Settings
from nlu.pii import mask_text

log = logging.getLogger(__name__)

__all__ = [
    "MediaError",
    "MediaService",
    "MediaSettings",
    "MediaTooLarge",
    "UnsupportedMedia",
    "build_media_service",
]

_KEY_RE = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}(\.[a-z0-9]{1,8})?$")
MAX_OCR_CHARS = 4000


class MediaSettings(BaseSettings):
    """``HOTLINE_OCR_ENABLED`` and ``HOTLINE_ASR_URL`` (the speech service)."""

    model_config = SettingsConfigDict(env_prefix="HOTLINE_", env_file=".env", extra="ignore")

    ocr_enabled: bool = True
    asr_url: str | None = None
    asr_timeout_seconds: float = Field(default=30.0, gt=0)


class MediaService:
    """Turns provider media and uploads into stored, checked attachments."""

    def __init__(
        self,
        blob_dir: Path,
        *,
        max_bytes: int,
        ocr: OcrEngine | None,
        asr: SpeechRecognizer | None,
    ) -> None:
        self.blob_dir = Path(blob_dir)
        self.max_bytes = max_bytes
        self.ocr = ocr
        self.asr = asr
        self._ocr_slot = asyncio.Semaphore(1)

    async def ingest(
        self, adapter: ChannelAdapter, att: Attachment
    ) -> tuple[Attachment, Location | None]:
        """Fetch ``att`` from its provider now (WeChat media expire in 3 days) and keep it.

        Provider media of a type we cannot recognize are still kept (never drop what a
        citizen sent); their MIME type is recorded as ``application/octet-stream``.
        """
        if att.blob_key is not None:
            return att, None
        data = await adapter.fetch_media(att.source_id, att.source_url)
        if len(data) > self.max_bytes:
            raise MediaTooLarge(f"{len(data)} bytes; the limit is {self.max_bytes}")
        try:
            sniffed: Sniffed | None = sniff(data)
        except UnsupportedMedia:
            sniffed = None
        return await self._complete(att, data, sniffed)

    async def store_upload(
        self, data: bytes, filename: str | None, claimed_mime: str | None
    ) -> tuple[Attachment, Location | None]:
        """Keep a web chat upload; ``MediaTooLarge`` / ``UnsupportedMedia`` refuse it."""
        if len(data) > self.max_bytes:
            raise MediaTooLarge(f"{len(data)} bytes; the limit is {self.max_bytes}")
        if not data:
            raise UnsupportedMedia("empty file")
        sniffed = sniff(data)
        if claimed_mime and claimed_mime.lower() != sniffed.mime:
            log.info("upload claimed %s but is %s", claimed_mime, sniffed.mime)
        placeholder = Attachment(kind=sniffed.kind, filename=_safe_name(filename))
        return await self._complete(placeholder, data, sniffed)

    async def _complete(
        self, att: Attachment, data: bytes, sniffed: Sniffed | None
    ) -> tuple[Attachment, Location | None]:
        location: Location | None = None
        kind = sniffed.kind if sniffed else att.kind
        mime = sniffed.mime if sniffed else "application/octet-stream"
        if sniffed is not None and sniffed.kind is AttachmentKind.IMAGE:
            data, location = await asyncio.to_thread(strip_metadata, data, sniffed.mime)
        digest = hashlib.sha256(data).hexdigest()
        key = f"{digest[:2]}/{digest}{sniffed.extension if sniffed else '.bin'}"
        await asyncio.to_thread(self._write, key, data)
        update: dict[str, object] = {
            "kind": kind,
            "mime": mime,
            "size": len(data),
            "sha256": digest,
            "blob_key": key,
        }
        if kind is AttachmentKind.IMAGE and self.ocr is not None and sniffed is not None:
            text = await self._ocr(data)
            if text:
                update["ocr_text"] = text[:MAX_OCR_CHARS]
        if (
            kind is AttachmentKind.AUDIO
            and not att.transcript
            and self.asr is not None
            and sniffed is not None
        ):
            try:
                heard = await self.asr.transcribe(data, mime)
            except SpeechError as exc:
                # the audio stays attached; without a transcript a human agent listens
                log.warning("speech recognition failed: %s", exc)
                heard = None
            if heard is not None:
                update["transcript"] = heard.text
                update["transcript_confidence"] = heard.confidence
        return att.model_copy(update=update), location

    async def _ocr(self, data: bytes) -> str:
        engine = self.ocr
        if engine is None:
            return ""
        async with self._ocr_slot:
            try:
                return await asyncio.to_thread(engine.recognize, data)
            except Exception as exc:  # OCR is a help, never a reason to lose the picture
                log.warning("ocr failed: %s", mask_text(str(exc)))
                return ""

    def path_for(self, blob_key: str) -> Path:
        """The file of a stored blob; ``ValueError`` for anything but our own keys."""
        if not _KEY_RE.match(blob_key):
            raise ValueError("not a blob key")
        return self.blob_dir / blob_key

    async def read(self, blob_key: str) -> bytes:
        """The stored bytes of a blob."""
        return await asyncio.to_thread(self.path_for(blob_key).read_bytes)

    def _write(self, key: str, data: bytes) -> None:
        path = self.path_for(key)
        if path.exists():
            return  # content-addressed: the same bytes are already there
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)  # atomic: a reader never sees half a file
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _safe_name(filename: str | None) -> str | None:
    if not filename:
        return None
    name = Path(filename.replace("\\", "/")).name.strip()
    return name[:120] or None


def build_media_service(
    settings: Settings, media_settings: MediaSettings | None = None
) -> MediaService:
    """The media service from ``HOTLINE_MAX_UPLOAD_BYTES``, ``HOTLINE_OCR_ENABLED``,
    ``HOTLINE_ASR_URL``; OCR loads lazily on the first picture."""
    ms = media_settings or MediaSettings()
    asr = HttpSpeechRecognizer(ms.asr_url, timeout=ms.asr_timeout_seconds) if ms.asr_url else None
    return MediaService(
        settings.blob_dir,
        max_bytes=settings.max_upload_bytes,
        ocr=LazyOcr() if ms.ocr_enabled else None,
        asr=asr,
    )


class LazyOcr:
    """Loads the OCR models on first use (a second or two), not at start-up."""

    def __init__(self) -> None:
        self._engine: OcrEngine | None = None
        self._tried = False

    def recognize(self, data: bytes) -> str:
        if not self._tried:
            self._tried = True
            self._engine = load_ocr()
        return self._engine.recognize(data) if self._engine else ""
