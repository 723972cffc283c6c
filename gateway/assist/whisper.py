"""A Whisper server behind the streaming interface (``HOTLINE_ASR_ENGINE=whisper``).

Whisper servers transcribe whole clips over HTTP, not streams, so this adapter cuts the
call's audio into utterances itself and posts each as a WAV file:

* ``HOTLINE_ASR_URL`` is the transcription endpoint: faster-whisper-server / speaches and
  other OpenAI-compatible servers ``http://host:8000/v1/audio/transcriptions``, or the
  whisper.cpp server ``http://host:8080/inference``. Both take ``multipart/form-data`` with
  ``file`` (16-bit mono WAV), ``language`` (``zh``), ``response_format`` (``json``) and, for
  the OpenAI form, ``model`` (``HOTLINE_ASR_MODEL``); both answer ``{"text": "..."}``.
  ``HOTLINE_ASR_API_KEY`` is sent as ``Authorization: Bearer`` when set.
* An utterance ends after ``HOTLINE_ASR_SILENCE_MS`` (600) of silence following speech, or at
  ``HOTLINE_ASR_MAX_SEGMENT_SECONDS`` (15); a 20 ms frame is speech when its RMS reaches
  ``HOTLINE_ASR_SPEECH_RMS`` (300 on the 16-bit scale). Each answer is a final
  :class:`~gateway.assist.asr.Segment` (Whisper gives no partials).
* Utterances are posted one at a time in order, off the caller's feed; a server that
  cannot be reached, answers an error or takes longer than
  ``HOTLINE_ASR_REQUEST_TIMEOUT_SECONDS`` (10) makes the next ``feed`` (or ``finish``)
  raise :class:`~gateway.assist.asr.AsrUnavailable`: the call goes on without assist.

Nothing is downloaded: the centre runs the server and its model.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import math
import wave
from array import array

import httpx

from gateway.assist.asr import AsrSettings, AsrUnavailable, Recognizer, Segment, SegmentSink

log = logging.getLogger("hotline.assist.asr")
FRAME_SECONDS = 0.02


def wav_bytes(pcm16: bytes, sample_rate: int) -> bytes:
    """16-bit little-endian mono PCM as a WAV file."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm16)
    return out.getvalue()


def rms(pcm16: bytes) -> float:
    """Root mean square of 16-bit samples (0 for no samples)."""
    samples = array("h")
    samples.frombytes(pcm16[: len(pcm16) - len(pcm16) % 2])
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))


class WhisperEngine:
    """Opens one :class:`_WhisperStream` per call track."""

    name = "whisper"

    def __init__(
        self,
        url: str,
        settings: AsrSettings | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.url = url
        self.settings = settings or AsrSettings()
        self.transport = transport  # tests: an in-process double

    async def open(self, sink: SegmentSink, *, sample_rate: int) -> Recognizer:
        headers = {}
        if self.settings.api_key is not None and self.settings.api_key.get_secret_value():
            headers["Authorization"] = f"Bearer {self.settings.api_key.get_secret_value()}"
        client = httpx.AsyncClient(
            timeout=self.settings.request_timeout_seconds,
            headers=headers,
            transport=self.transport,
        )
        return _WhisperStream(self, client, sink, sample_rate)


class _WhisperStream:
    def __init__(
        self, engine: WhisperEngine, client: httpx.AsyncClient, sink: SegmentSink, rate: int
    ) -> None:
        self.engine = engine
        self.settings = engine.settings
        self.client = client
        self.sink = sink
        self.rate = rate
        self.frame_bytes = int(rate * FRAME_SECONDS) * 2
        self.silence_frames = max(1, round(self.settings.silence_ms / 1000 / FRAME_SECONDS))
        self.max_bytes = int(self.settings.max_segment_seconds * rate) * 2
        self.pending = bytearray()  # not yet split into frames
        self.utterance = bytearray()
        self.voiced = 0  # speech frames in the utterance
        self.quiet = 0  # silent frames since the last speech frame
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.failed: str | None = None
        self.worker = asyncio.create_task(self._post_all())

    # -- cutting utterances -------------------------------------------------------------
    async def feed(self, pcm16: bytes) -> None:
        if self.failed:
            raise AsrUnavailable(f"Whisper server: {self.failed}")
        self.pending += pcm16
        while len(self.pending) >= self.frame_bytes:
            frame = bytes(self.pending[: self.frame_bytes])
            del self.pending[: self.frame_bytes]
            self._frame(frame)

    def _frame(self, frame: bytes) -> None:
        speech = rms(frame) >= self.settings.speech_rms
        if not self.voiced and not speech:
            return  # silence before anyone speaks is not sent
        self.utterance += frame
        if speech:
            self.voiced += 1
            self.quiet = 0
        else:
            self.quiet += 1
        if self.quiet >= self.silence_frames or len(self.utterance) >= self.max_bytes:
            self._cut()

    def _cut(self) -> None:
        if self.voiced:
            keep = len(self.utterance) - self.quiet * self.frame_bytes  # trailing silence
            self.queue.put_nowait(bytes(self.utterance[: max(keep, self.frame_bytes)]))
        self.utterance = bytearray()
        self.voiced = self.quiet = 0

    # -- posting them ----------------------------------------------------------------------
    async def _post_all(self) -> None:
        while True:
            clip = await self.queue.get()
            if clip is None:
                return
            if self.failed:
                continue
            try:
                text = await self._transcribe(clip)
            except AsrUnavailable as exc:
                self.failed = str(exc)
                log.warning("whisper: %s", exc)
                continue
            if text:
                await self.sink(Segment(text, True))

    async def _transcribe(self, clip: bytes) -> str:
        data = {"language": self.settings.language, "response_format": "json"}
        if self.settings.model:
            data["model"] = self.settings.model
        files = {"file": ("utterance.wav", wav_bytes(clip, self.rate), "audio/wav")}
        try:
            r = await self.client.post(self.engine.url, data=data, files=files)
        except httpx.HTTPError as exc:
            raise AsrUnavailable(f"{exc.__class__.__name__} at {self.engine.url}") from exc
        if r.status_code != 200:
            raise AsrUnavailable(f"HTTP {r.status_code} from {self.engine.url}")
        try:
            body = r.json()
        except ValueError as exc:
            raise AsrUnavailable("not a JSON answer") from exc
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise AsrUnavailable("no text in the answer")
        return str(body["text"]).strip()

    async def finish(self) -> None:
        try:
            if self.pending:
                self._frame(bytes(self.pending).ljust(self.frame_bytes, b"\0"))
                self.pending = bytearray()
            self._cut()
            self.queue.put_nowait(None)
            wait = self.settings.final_timeout_seconds + self.settings.request_timeout_seconds
            await asyncio.wait_for(asyncio.shield(self.worker), wait)
        except TimeoutError as exc:
            raise AsrUnavailable("Whisper server did not finish in time") from exc
        finally:
            await self.abort()
        if self.failed:
            raise AsrUnavailable(f"Whisper server: {self.failed}")

    async def abort(self) -> None:
        self.worker.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self.worker
        with contextlib.suppress(Exception):
            await self.client.aclose()
