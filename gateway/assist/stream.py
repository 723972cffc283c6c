"""Twilio Media Streams frames (JSON over a websocket), parsed and put back in order.

Messages: ``connected``, ``start`` (streamSid, callSid, customParameters, mediaFormat),
``media`` (base64 μ-law 8 kHz ``payload``, ``sequenceNumber``, ``chunk``, ``timestamp``,
``track``), ``mark``, ``stop``. A frame that is not one of these, or lacks what it must
carry, raises :class:`MalformedFrame` (the connection counts and drops it). Media frames
that arrive out of order are reordered by ``sequenceNumber`` within a small window.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

MAX_FRAME_CHARS = 64_000  # a 20 ms frame is ~300 characters; anything near this is wrong
MAX_PAYLOAD_BYTES = 16_000  # two seconds of μ-law


class MalformedFrame(ValueError):
    """A websocket message that is not a valid Media Streams frame."""


@dataclass(frozen=True)
class Connected:
    """The first message: the protocol is ``Call``."""

    protocol: str


@dataclass(frozen=True)
class StreamStart:
    """The stream's metadata, with the TwiML ``<Parameter>`` values."""

    sequence: int
    stream_sid: str
    call_sid: str
    parameters: dict[str, str]
    encoding: str
    sample_rate: int
    tracks: tuple[str, ...]


@dataclass(frozen=True)
class MediaFrame:
    """One chunk of audio (μ-law bytes) of one track (``inbound`` = the caller)."""

    sequence: int
    track: str
    chunk: int
    timestamp: int
    payload: bytes


@dataclass(frozen=True)
class Mark:
    """A marker the application sent came back."""

    sequence: int
    name: str


@dataclass(frozen=True)
class StreamStop:
    """The call ended or the stream was stopped."""

    sequence: int
    call_sid: str


Frame = Connected | StreamStart | MediaFrame | Mark | StreamStop


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise MalformedFrame(f"{what}: not a number")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise MalformedFrame(f"{what}: not a number") from None
    if number < 0:
        raise MalformedFrame(f"{what}: negative")
    return number


def _str(value: Any, what: str, limit: int = 128) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise MalformedFrame(f"{what}: missing or too long")
    return value


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedFrame(f"{what}: not an object")
    return value


MAX_NESTING = 32  # Twilio's frames nest three deep; the webhooks' JSON limit


def _nesting(text: str) -> int:
    """The deepest ``[``/``{`` nesting of a JSON text, strings skipped, without parsing."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_frame(text: str | bytes) -> Frame:
    """One websocket message to a frame; :class:`MalformedFrame` for anything else."""
    if isinstance(text, bytes | bytearray):
        raise MalformedFrame("binary message")
    if len(text) > MAX_FRAME_CHARS:
        raise MalformedFrame("frame too large")
    if _nesting(text) > MAX_NESTING:
        # before the parser, which recurses (a deep frame was a RecursionError: issue 17 V10)
        raise MalformedFrame("frame nested too deeply")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise MalformedFrame("not JSON") from None
    data = _obj(data, "frame")
    event = data.get("event")
    if event == "connected":
        return Connected(str(data.get("protocol", "")))
    seq = _int(data.get("sequenceNumber"), "sequenceNumber")
    if event == "media":
        media = _obj(data.get("media"), "media")
        raw = media.get("payload")
        if not isinstance(raw, str) or len(raw) > MAX_PAYLOAD_BYTES * 4 // 3 + 4:
            raise MalformedFrame("media.payload: missing or too large")
        try:
            payload = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise MalformedFrame("media.payload: not base64") from None
        track = media.get("track", "inbound")
        if track not in ("inbound", "outbound"):
            raise MalformedFrame("media.track: inbound or outbound")
        return MediaFrame(
            seq,
            str(track),
            _int(media.get("chunk", 0), "media.chunk"),
            _int(media.get("timestamp", 0), "media.timestamp"),
            payload,
        )
    if event == "start":
        start = _obj(data.get("start"), "start")
        fmt = _obj(start.get("mediaFormat", {}), "start.mediaFormat")
        params = _obj(start.get("customParameters", {}), "start.customParameters")
        tracks = start.get("tracks", ["inbound"])
        if not isinstance(tracks, list) or not all(isinstance(t, str) for t in tracks):
            raise MalformedFrame("start.tracks: a list of names")
        return StreamStart(
            seq,
            _str(start.get("streamSid") or data.get("streamSid"), "streamSid"),
            _str(start.get("callSid"), "callSid"),
            {str(k)[:64]: str(v)[:255] for k, v in params.items()},
            str(fmt.get("encoding", "audio/x-mulaw")),
            _int(fmt.get("sampleRate", 8000), "mediaFormat.sampleRate"),
            tuple(tracks),
        )
    if event == "mark":
        mark = _obj(data.get("mark"), "mark")
        return Mark(seq, str(mark.get("name", ""))[:128])
    if event == "stop":
        stop = _obj(data.get("stop", {}), "stop")
        return StreamStop(seq, str(stop.get("callSid", ""))[:64])
    raise MalformedFrame(f"unknown event {str(event)[:32]!r}")


@dataclass
class Reorderer:
    """Media frames back in ``sequenceNumber`` order, within a window of ``window`` frames.

    A gap is waited for until ``window`` later frames have arrived, then skipped (the
    missing audio is lost, the rest goes on). A frame older than what was released, or a
    repeat, is dropped and counted.
    """

    window: int = 8
    next_seq: int | None = None
    late: int = 0
    skipped: int = 0
    _held: dict[int, MediaFrame] = field(default_factory=dict)

    def push(self, frame: MediaFrame) -> list[MediaFrame]:
        """Frames now ready, in order."""
        if self.next_seq is None:
            self.next_seq = frame.sequence
        if frame.sequence < self.next_seq or frame.sequence in self._held:
            self.late += 1
            return []
        self._held[frame.sequence] = frame
        out = self._release()
        while len(self._held) > self.window:
            lowest = min(self._held)
            self.skipped += lowest - self.next_seq
            self.next_seq = lowest
            out += self._release()
        return out

    def flush(self) -> list[MediaFrame]:
        """Everything still held, in order (the stream ended)."""
        out = [self._held[k] for k in sorted(self._held)]
        self._held.clear()
        if out:
            self.next_seq = out[-1].sequence + 1
        return out

    def _release(self) -> list[MediaFrame]:
        out: list[MediaFrame] = []
        assert self.next_seq is not None
        while self.next_seq in self._held:
            out.append(self._held.pop(self.next_seq))
            self.next_seq += 1
        return out
