"""Media normalization from bytes: type sniffing, EXIF stripping with GPS kept, OCR, ASR.

Plain functions and small interfaces; the gateway's ``MediaService`` (gateway/media/service.py)
fetches, stores and calls them. The type is decided by the bytes (``filetype``), never
by what the sender claimed.
"""

from __future__ import annotations

import importlib
import io
import logging
import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

import filetype
import httpx
from PIL import Image, ImageOps, UnidentifiedImageError

from channels.errors import ChannelError
from channels.messages import AttachmentKind, Location

log = logging.getLogger(__name__)

# Pictures larger than this many pixels are refused (decompression bombs).
MAX_IMAGE_PIXELS = 40_000_000

# What we accept, by sniffed MIME type. Anything else (executables, archives ...) is refused.
ACCEPTED: dict[str, AttachmentKind] = {
    "image/jpeg": AttachmentKind.IMAGE,
    "image/png": AttachmentKind.IMAGE,
    "image/gif": AttachmentKind.IMAGE,
    "image/webp": AttachmentKind.IMAGE,
    "image/bmp": AttachmentKind.IMAGE,
    "image/tiff": AttachmentKind.IMAGE,
    "audio/amr": AttachmentKind.AUDIO,
    "audio/mpeg": AttachmentKind.AUDIO,
    "audio/ogg": AttachmentKind.AUDIO,
    "audio/x-wav": AttachmentKind.AUDIO,
    "audio/wav": AttachmentKind.AUDIO,
    "audio/x-flac": AttachmentKind.AUDIO,
    "audio/aac": AttachmentKind.AUDIO,
    "audio/mp4": AttachmentKind.AUDIO,
    "audio/m4a": AttachmentKind.AUDIO,
    "audio/x-m4a": AttachmentKind.AUDIO,
    "video/mp4": AttachmentKind.VIDEO,
    "video/quicktime": AttachmentKind.VIDEO,
    "video/3gpp": AttachmentKind.VIDEO,
    "video/webm": AttachmentKind.VIDEO,
    "video/x-matroska": AttachmentKind.VIDEO,
    "video/x-msvideo": AttachmentKind.VIDEO,
    "application/pdf": AttachmentKind.FILE,
}
# Pillow re-encodes these without metadata; others (gif, bmp) carry no EXIF to strip.
_STRIP_FORMATS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "image/tiff": "TIFF",
}


class MediaError(ChannelError):
    """Media that cannot be accepted."""


class MediaTooLarge(MediaError):
    """Bigger than the configured limit."""


class UnsupportedMedia(MediaError):
    """A type we do not accept, or bytes that are not what they should be."""


class SpeechError(MediaError):
    """The speech service failed; the audio is kept for a human."""


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are."""

    kind: AttachmentKind
    mime: str
    extension: str


def sniff(data: bytes) -> Sniffed:
    """The type of ``data`` from its magic bytes; ``UnsupportedMedia`` if not accepted."""
    guess = filetype.guess(data[:8192])
    if guess is None:
        raise UnsupportedMedia("unrecognized file type")
    mime = str(guess.mime)
    kind = ACCEPTED.get(mime)
    if kind is None:
        raise UnsupportedMedia(f"type {mime} is not accepted")
    return Sniffed(kind=kind, mime=mime, extension="." + str(guess.extension))


def _ratio(value: Any) -> float:
    if isinstance(value, tuple) and len(value) == 2:  # (num, den) from old EXIF readers
        return float(Fraction(int(value[0]), int(value[1]) or 1))
    return float(value)


def _degrees(dms: Any, ref: Any) -> float:
    d, m, s = (_ratio(x) for x in dms)
    value = d + m / 60.0 + s / 3600.0
    return -value if str(ref).upper() in ("S", "W") else value


def gps_location(exif: Image.Exif) -> Location | None:
    """The GPS position in EXIF, if there is a valid one."""
    try:
        gps = exif.get_ifd(0x8825)
    except (KeyError, ValueError, TypeError):
        return None
    if not gps or 2 not in gps or 4 not in gps:
        return None
    try:
        lat = _degrees(gps[2], gps.get(1, "N"))
        lon = _degrees(gps[4], gps.get(3, "E"))
        if lat == 0.0 and lon == 0.0:
            return None  # cameras without a fix write zeros
        return Location(latitude=lat, longitude=lon, label="照片拍摄位置")
    except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
        return None


def strip_metadata(data: bytes, mime: str) -> tuple[bytes, Location | None]:
    """The picture re-encoded without EXIF/XMP/text chunks, and the GPS position it had.

    The orientation is applied first so a photo still shows the right way up.
    """
    fmt = _STRIP_FORMATS.get(mime)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as img:
                if img.width * img.height > MAX_IMAGE_PIXELS:
                    raise UnsupportedMedia("picture has too many pixels")
                location = gps_location(img.getexif())
                if fmt is None:
                    img.verify()  # still make sure it is a picture
                    return data, location
                img.load()
                clean = ImageOps.exif_transpose(img) or img
                out = io.BytesIO()
                options: dict[str, Any] = {}
                if fmt == "JPEG":
                    options = {"quality": 92, "optimize": True}
                    if clean.mode not in ("RGB", "L", "CMYK"):
                        clean = clean.convert("RGB")
                # a fresh image from raw pixels carries no info dict: nothing but pixels
                bare = Image.frombytes(clean.mode, clean.size, clean.tobytes())
                palette = clean.getpalette() if clean.mode == "P" else None
                if palette:
                    bare.putpalette(palette)
                bare.save(out, format=fmt, **options)
                return out.getvalue(), location
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise UnsupportedMedia("the picture is damaged or not a picture") from exc
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise UnsupportedMedia("picture has too many pixels") from exc


# -- OCR ----------------------------------------------------------------------------------
class OcrEngine(Protocol):
    """Text in a picture (blocking: call it in a thread)."""

    def recognize(self, data: bytes) -> str: ...


class RapidOcrEngine:
    """Offline Chinese OCR with ``rapidocr-onnxruntime`` (its models ship in the package)."""

    def __init__(self, min_score: float = 0.5) -> None:
        # optional extra "ocr"; imported by name so type checking works without it
        module = importlib.import_module("rapidocr_onnxruntime")
        self._engine: Any = module.RapidOCR()
        self._min_score = min_score

    def recognize(self, data: bytes) -> str:
        result, _elapsed = self._engine(data)
        lines = [
            str(text) for _box, text, score in (result or []) if float(score) >= self._min_score
        ]
        return "\n".join(line.strip() for line in lines if line.strip())


def load_ocr() -> OcrEngine | None:
    """The offline OCR engine, or ``None`` when the optional package is not installed."""
    try:
        return RapidOcrEngine()
    except ImportError:
        log.warning("rapidocr-onnxruntime not installed: pictures are kept without OCR text")
        return None


# -- speech recognition -------------------------------------------------------------------
@dataclass(frozen=True)
class Transcript:
    """What a speech service heard."""

    text: str
    confidence: float | None = None


class SpeechRecognizer(Protocol):
    """Audio to text."""

    async def transcribe(self, data: bytes, mime: str) -> Transcript | None: ...


class HttpSpeechRecognizer:
    """A speech service over HTTP.

    Protocol: ``POST <url>`` with the audio bytes as the body and its MIME type as
    ``Content-Type`` (``?lang=zh-CN`` added); the answer is JSON
    ``{"text": "...", "confidence": 0.0-1.0}``. An empty text means nothing was heard.
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        language: str = "zh-CN",
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.url = url
        self.language = language
        self._client = client or httpx.AsyncClient(timeout=httpx.Timeout(timeout), trust_env=False)

    async def transcribe(self, data: bytes, mime: str) -> Transcript | None:
        try:
            resp = await self._client.post(
                self.url,
                content=data,
                params={"lang": self.language},
                headers={"content-type": mime},
            )
        except httpx.HTTPError as exc:
            raise SpeechError(f"speech service unreachable: {type(exc).__name__}") from exc
        if resp.status_code != 200:
            raise SpeechError(f"speech service answered HTTP {resp.status_code}")
        try:
            body = resp.json()
        except ValueError as exc:
            raise SpeechError("speech service sent non-JSON") from exc
        if not isinstance(body, dict) or not isinstance(body.get("text", ""), str):
            raise SpeechError("speech service sent an unexpected answer")
        text = str(body.get("text") or "").strip()
        if not text:
            return None
        conf = body.get("confidence")
        return Transcript(
            text=text, confidence=float(conf) if isinstance(conf, int | float) else None
        )

    async def aclose(self) -> None:
        await self._client.aclose()
