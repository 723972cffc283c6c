"""μ-law conversion and the Media Streams frame parser / reorderer."""

from __future__ import annotations

import base64
import json
import math
import struct
import warnings
from typing import Any

import pytest

from gateway.assist.audio import pcm16_to_ulaw, resample_pcm16, rms, ulaw_to_pcm16
from gateway.assist.stream import (
    Connected,
    MalformedFrame,
    Mark,
    MediaFrame,
    Reorderer,
    StreamStart,
    StreamStop,
    parse_frame,
)


def _tone(n: int = 800, amp: float = 12000.0) -> bytes:
    return struct.pack(
        f"<{n}h", *(int(amp * math.sin(2 * math.pi * 440 * i / 8000)) for i in range(n))
    )


def test_mulaw_matches_the_standard_codec() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import audioop
        except ImportError:  # Python 3.13+: the table functions stand alone
            pytest.skip("audioop is gone from this Python")
    every_byte = bytes(range(256))
    assert ulaw_to_pcm16(every_byte) == audioop.ulaw2lin(every_byte, 2)
    pcm = _tone() + struct.pack("<5h", -32768, 32767, 0, -1, 1)
    assert pcm16_to_ulaw(pcm) == audioop.lin2ulaw(pcm, 2)


def test_mulaw_round_trip_keeps_the_signal() -> None:
    pcm = _tone()
    back = ulaw_to_pcm16(pcm16_to_ulaw(pcm))
    assert len(back) == len(pcm)
    assert abs(rms(back) - rms(pcm)) / rms(pcm) < 0.05
    assert rms(ulaw_to_pcm16(b"\xff" * 160)) == 0.0  # μ-law silence


def test_resampling_changes_length_not_level() -> None:
    pcm = _tone()
    up = resample_pcm16(pcm, 8000, 16000)
    assert len(up) == 2 * len(pcm)
    assert abs(rms(up) - rms(pcm)) / rms(pcm) < 0.05


def _media(seq: int, payload: bytes = b"\xff" * 160, **extra: Any) -> str:
    media = {"track": "inbound", "chunk": str(seq), "timestamp": str(seq * 20)}
    media["payload"] = base64.b64encode(payload).decode()
    media.update(extra)
    return json.dumps(
        {"event": "media", "sequenceNumber": str(seq), "media": media, "streamSid": "MZ1"}
    )


def test_every_message_kind_parses() -> None:
    assert isinstance(parse_frame('{"event":"connected","protocol":"Call"}'), Connected)
    start = parse_frame(
        json.dumps(
            {
                "event": "start",
                "sequenceNumber": "1",
                "start": {
                    "streamSid": "MZ1",
                    "callSid": "CA1",
                    "tracks": ["inbound", "outbound"],
                    "customParameters": {"conversation": "voice:acct:+8613800000000"},
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000},
                },
            }
        )
    )
    assert isinstance(start, StreamStart)
    assert start.parameters["conversation"] == "voice:acct:+8613800000000"
    assert start.tracks == ("inbound", "outbound")
    frame = parse_frame(_media(7, b"\x01\x02"))
    assert isinstance(frame, MediaFrame)
    assert (frame.sequence, frame.payload, frame.track) == (7, b"\x01\x02", "inbound")
    mark = parse_frame('{"event":"mark","sequenceNumber":"9","mark":{"name":"m"}}')
    assert mark == Mark(9, "m")
    stop = parse_frame('{"event":"stop","sequenceNumber":"10","stop":{"callSid":"CA1"}}')
    assert stop == StreamStop(10, "CA1")


@pytest.mark.parametrize(
    "message",
    [
        "not json",
        b"\x00binary",
        "[1,2]",
        '{"event":"media","sequenceNumber":"x","media":{"payload":""}}',
        '{"event":"media","sequenceNumber":"-3","media":{"payload":""}}',
        '{"event":"media","sequenceNumber":"3","media":{"payload":"@@not base64@@"}}',
        '{"event":"media","sequenceNumber":"3","media":"oops"}',
        '{"event":"media","sequenceNumber":"3","media":{"payload":"AA==","track":"x"}}',
        '{"event":"start","sequenceNumber":"1","start":{"callSid":"CA1"}}',
        '{"event":"dance","sequenceNumber":"1"}',
        '{"event":"media","sequenceNumber":true,"media":{"payload":"AA=="}}',
        "x" * 70_000,
    ],
)
def test_malformed_frames_are_refused(message: str | bytes) -> None:
    with pytest.raises(MalformedFrame):
        parse_frame(message)


def _frames(*seqs: int) -> list[MediaFrame]:
    out = []
    for s in seqs:
        f = parse_frame(_media(s, bytes([s % 256])))
        assert isinstance(f, MediaFrame)
        out.append(f)
    return out


def test_reorderer_puts_frames_back_in_order_and_drops_late_repeats() -> None:
    r = Reorderer(window=4)
    released: list[int] = []
    for f in _frames(2, 4, 3, 6, 5, 3, 7):
        released += [x.sequence for x in r.push(f)]
    assert released == [2, 3, 4, 5, 6, 7]
    assert r.late == 1  # the repeated 3


def test_reorderer_skips_a_gap_after_the_window_and_flushes_at_the_end() -> None:
    r = Reorderer(window=3)
    released: list[int] = []
    for f in _frames(2, 4, 5, 6, 7, 9):
        released += [x.sequence for x in r.push(f)]
    assert released == [2, 4, 5, 6, 7]  # 3 never came: skipped once 3 frames waited
    assert r.skipped == 1
    assert [x.sequence for x in r.flush()] == [9]


@pytest.mark.parametrize(
    "frame",
    [
        "[" * 10000 + "]" * 10000,  # issue 17 V10: was a RecursionError in the handler
        '{"event":"media","media":' + '{"a":' * 40 + "1" + "}" * 41,
    ],
)
def test_a_deeply_nested_frame_is_malformed_not_a_crash(frame: str) -> None:
    with pytest.raises(MalformedFrame):
        parse_frame(frame)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = '{"event":"mark","sequenceNumber":"9","mark":{"name":"' + "[" * 100 + '"}}'
    frame = parse_frame(text)
    assert isinstance(frame, Mark)
    assert frame.sequence == 9
