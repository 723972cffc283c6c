"""One streaming speech-recognition interface, and the engines the centre may run behind it.

A :class:`Recognizer` takes 16-bit PCM chunks as they arrive and hands partial and final
:class:`Segment` s to a sink. The engine is chosen in settings (``HOTLINE_ASR_ENGINE``,
``HOTLINE_ASR_URL``); nothing is downloaded at run time. An engine that cannot be reached,
answers an error or falls behind raises :class:`AsrUnavailable`: the call goes on without
assist and the agent is told.

Engines:

* ``funasr``: the FunASR runtime's websocket server (``funasr_wss_server.py`` /
  ``funasr-runtime-sdk-online``), 2pass mode: a JSON config message, binary PCM, JSON
  results (``mode`` ``2pass-online`` = partial, ``2pass-offline`` = final sentence),
  ``{"is_speaking": false}`` to finish.
* ``whisper``: a Whisper server over HTTP (faster-whisper's OpenAI-compatible
  ``/v1/audio/transcriptions`` or whisper.cpp's ``/inference``), utterances cut by
  silence in :mod:`gateway.assist.whisper`.
* ``none``: no engine (assist on chat only).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

log = logging.getLogger("hotline.assist.asr")


class AsrUnavailable(Exception):
    """The recognition engine is down, refused, or too slow."""


@dataclass(frozen=True)
class Segment:
    """Recognised text: ``final`` once the engine has settled a sentence."""

    text: str
    final: bool


SegmentSink = Callable[[Segment], Awaitable[None]]


class Recognizer(Protocol):
    """One audio stream being recognised."""

    async def feed(self, pcm16: bytes) -> None:
        """Add 16-bit little-endian mono PCM; raises :class:`AsrUnavailable`."""
        ...

    async def finish(self) -> None:
        """No more audio: deliver the last finals to the sink, then close."""
        ...

    async def abort(self) -> None:
        """Close at once (the stream dropped)."""
        ...


class AsrEngine(Protocol):
    """Opens recognizers."""

    name: str

    async def open(self, sink: SegmentSink, *, sample_rate: int) -> Recognizer:
        """A new recognizer; raises :class:`AsrUnavailable` when the engine is unreachable."""
        ...


class AsrSettings(BaseSettings):
    """``HOTLINE_ASR_*``: which engine the centre runs and where."""

    model_config = SettingsConfigDict(env_prefix="HOTLINE_ASR_", extra="ignore")

    engine: Literal["none", "funasr", "whisper"] = "none"
    # ws://asr.internal:10095 for FunASR; the transcription endpoint for Whisper
    url: str | None = None
    connect_timeout_seconds: float = 3.0
    send_timeout_seconds: float = 2.0  # a feed that blocks longer: the engine is too slow
    final_timeout_seconds: float = 5.0  # wait for the last sentence after the call ends
    # Whisper (HTTP): the request, the model name (OpenAI form), language, cutting
    request_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    model: str | None = "whisper-1"
    language: str = "zh"
    api_key: SecretStr | None = None
    silence_ms: int = Field(default=600, ge=100, le=5000)
    max_segment_seconds: float = Field(default=15.0, ge=1, le=60)
    speech_rms: float = Field(default=300.0, ge=0)


class FunAsrEngine:
    """The FunASR websocket server protocol (2pass: partials online, finals offline)."""

    name = "funasr"

    def __init__(self, url: str, settings: AsrSettings | None = None) -> None:
        self.url = url
        self.settings = settings or AsrSettings()

    async def open(self, sink: SegmentSink, *, sample_rate: int) -> Recognizer:
        try:
            ws = await asyncio.wait_for(
                connect(self.url, max_size=2**20, open_timeout=None),
                self.settings.connect_timeout_seconds,
            )
            config = {
                "mode": "2pass",
                "chunk_size": [5, 10, 5],
                "chunk_interval": 10,
                "wav_name": "hotline",
                "wav_format": "pcm",
                "audio_fs": sample_rate,
                "is_speaking": True,
                "itn": True,
            }
            await asyncio.wait_for(ws.send(json.dumps(config)), self.settings.send_timeout_seconds)
        except (OSError, TimeoutError, WebSocketException) as exc:
            raise AsrUnavailable(f"FunASR at {self.url}: {exc.__class__.__name__}") from exc
        return _FunAsrStream(ws, sink, self.settings)


class _FunAsrStream:
    def __init__(self, ws: ClientConnection, sink: SegmentSink, settings: AsrSettings) -> None:
        self.ws = ws
        self.sink = sink
        self.settings = settings
        self.failed: str | None = None
        self.done = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                if isinstance(message, bytes):
                    continue
                try:
                    data = json.loads(message)
                except ValueError:
                    continue
                if not isinstance(data, dict):
                    continue
                text = str(data.get("text", "")).strip()
                mode = str(data.get("mode", ""))
                final = mode in ("2pass-offline", "offline")
                if text:
                    await self.sink(Segment(text, final))
                if data.get("is_final"):
                    break
        except (OSError, WebSocketException) as exc:
            self.failed = exc.__class__.__name__
        finally:
            self.done.set()

    async def feed(self, pcm16: bytes) -> None:
        if self.failed or self.done.is_set():
            raise AsrUnavailable(f"FunASR stream ended ({self.failed or 'closed'})")
        try:
            await asyncio.wait_for(self.ws.send(pcm16), self.settings.send_timeout_seconds)
        except (OSError, TimeoutError, WebSocketException) as exc:
            raise AsrUnavailable(f"FunASR send: {exc.__class__.__name__}") from exc

    async def finish(self) -> None:
        try:
            if not self.done.is_set():
                await asyncio.wait_for(
                    self.ws.send(json.dumps({"is_speaking": False})),
                    self.settings.send_timeout_seconds,
                )
                await asyncio.wait_for(self.done.wait(), self.settings.final_timeout_seconds)
        except (OSError, TimeoutError, WebSocketException) as exc:
            raise AsrUnavailable(f"FunASR finish: {exc.__class__.__name__}") from exc
        finally:
            await self.abort()

    async def abort(self) -> None:
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self.reader
        with contextlib.suppress(Exception):
            await self.ws.close()


def build_engine(settings: AsrSettings | None = None) -> AsrEngine | None:
    """The engine the settings name, or ``None`` (no call assist)."""
    settings = settings or AsrSettings()
    if settings.engine == "funasr" and settings.url:
        return FunAsrEngine(settings.url, settings)
    if settings.engine == "whisper" and settings.url:
        from gateway.assist.whisper import WhisperEngine

        return WhisperEngine(settings.url, settings)
    return None
