"""Speech synthesised here (espeak-ng's Mandarin voice, sox to μ-law 8 kHz), Media Streams
frames made from it, and a recognizer double that returns the known text of each utterance.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gateway.assist.asr import AsrUnavailable, Recognizer, SegmentSink
from gateway.assist.asr import Segment as AsrSegment
from gateway.assist.audio import rms

FRAME = 160  # 20 ms of μ-law at 8 kHz
SILENCE = b"\xff"  # μ-law zero


def synthesise(text: str, folder: Path) -> bytes:
    """``text`` spoken by espeak-ng (``-v cmn``) as raw μ-law 8 kHz mono."""
    if shutil.which("espeak-ng") is None or shutil.which("sox") is None:
        message = "espeak-ng or sox not installed: speech tests NOT run"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true makes this a failure)")
        pytest.skip(message)
    wav = folder / f"s{abs(hash(text))}.wav"
    raw = wav.with_suffix(".ulaw")
    subprocess.run(["espeak-ng", "-v", "cmn", "-s", "200", "-w", str(wav), text], check=True)
    subprocess.run(
        ["sox", str(wav), "-r", "8000", "-c", "1", "-e", "mu-law", "-t", "raw", str(raw)],
        check=True,
    )
    return raw.read_bytes()


def utterances(clips: Sequence[bytes], pause_seconds: float = 0.8) -> bytes:
    """Clips with a pause after each (the caller stops between sentences)."""
    pause = SILENCE * int(8000 * pause_seconds)
    return b"".join(c + pause for c in clips)


def chunks(audio: bytes) -> list[bytes]:
    """20 ms frames."""
    return [audio[i : i + FRAME] for i in range(0, len(audio), FRAME)]


@dataclass
class Frames:
    """Media Streams messages of one call (sequence numbers across all messages)."""

    conversation: str
    call_sid: str = "CA0123456789abcdef0123456789abcdef"
    stream_sid: str = "MZ0123456789abcdef0123456789abcdef"
    seq: int = 0

    def _next(self) -> int:
        self.seq += 1
        return self.seq

    def connected(self) -> str:
        return json.dumps({"event": "connected", "protocol": "Call", "version": "1.0.0"})

    def start(self, tracks: Sequence[str] = ("inbound",)) -> str:
        return json.dumps(
            {
                "event": "start",
                "sequenceNumber": str(self._next()),
                "start": {
                    "accountSid": "AC0",
                    "streamSid": self.stream_sid,
                    "callSid": self.call_sid,
                    "tracks": list(tracks),
                    "customParameters": {
                        "call_sid": self.call_sid,
                        "conversation": self.conversation,
                    },
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                },
                "streamSid": self.stream_sid,
            }
        )

    def media(self, payload: bytes, chunk: int, track: str = "inbound") -> str:
        return json.dumps(
            {
                "event": "media",
                "sequenceNumber": str(self._next()),
                "media": {
                    "track": track,
                    "chunk": str(chunk),
                    "timestamp": str(chunk * 20),
                    "payload": base64.b64encode(payload).decode(),
                },
                "streamSid": self.stream_sid,
            }
        )

    def stop(self) -> str:
        return json.dumps(
            {
                "event": "stop",
                "sequenceNumber": str(self._next()),
                "stop": {"accountSid": "AC0", "callSid": self.call_sid},
                "streamSid": self.stream_sid,
            }
        )


def swapped_pairs(messages: list[str], every: int = 7) -> Iterator[str]:
    """The messages with every ``every``-th pair swapped (arrival out of order)."""
    i = 0
    while i < len(messages):
        if i % every == 3 and i + 1 < len(messages):
            yield messages[i + 1]
            yield messages[i]
            i += 2
        else:
            yield messages[i]
            i += 1


@dataclass
class KnownTextEngine:
    """A recognizer double: each pause-delimited utterance of audio becomes the next known
    sentence (partials while it is spoken, a final at the pause). ``scripts``: the
    sentences of each stream opened, in opening order (inbound first)."""

    scripts: list[list[str]]
    name: str = "known-text"
    received: list[bytearray] = field(default_factory=list)
    fail_open: bool = False
    fail_after_bytes: int | None = None

    async def open(self, sink: SegmentSink, *, sample_rate: int) -> Recognizer:
        if self.fail_open:
            raise AsrUnavailable("engine down (double)")
        assert sample_rate == 8000
        sentences = self.scripts.pop(0) if self.scripts else []
        buf = bytearray()
        self.received.append(buf)
        return _KnownText(self, sentences, sink, buf)


@dataclass
class _KnownText:
    engine: KnownTextEngine
    sentences: list[str]
    sink: SegmentSink
    buf: bytearray
    voiced_ms: int = 0
    silent_ms: int = 0
    said: int = 0
    rest: bytes = b""

    async def feed(self, pcm16: bytes) -> None:
        self.buf += pcm16
        limit = self.engine.fail_after_bytes
        if limit is not None and len(self.buf) > limit:
            raise AsrUnavailable("engine fell over (double)")
        data = self.rest + pcm16
        step = 320  # 20 ms of 16-bit PCM
        whole = len(data) - len(data) % step
        self.rest = data[whole:]
        for i in range(0, whole, step):
            if rms(data[i : i + step]) > 300:
                self.voiced_ms += 20
                self.silent_ms = 0
                if self.voiced_ms % 1000 == 0:
                    await self._partial()
            else:
                self.silent_ms += 20
                if self.voiced_ms >= 300 and self.silent_ms >= 400:
                    await self._final()

    async def _partial(self) -> None:
        if self.said < len(self.sentences):
            text = self.sentences[self.said]
            await self.sink(AsrSegment(text[: max(2, len(text) // 2)], False))

    async def _final(self) -> None:
        self.voiced_ms = 0
        if self.said < len(self.sentences):
            await self.sink(AsrSegment(self.sentences[self.said], True))
            self.said += 1

    async def finish(self) -> None:
        if self.voiced_ms >= 300:
            await self._final()

    async def abort(self) -> None:
        return None
