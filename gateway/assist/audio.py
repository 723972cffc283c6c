"""G.711 μ-law (Twilio Media Streams: 8 kHz mono) to and from 16-bit PCM, pure Python.

``audioop`` is gone from Python 3.13; these small table functions do the same and are
checked against it in the tests where it still exists.
"""

from __future__ import annotations

import array
import sys

_BIAS = 0x84


def _decode_one(byte: int) -> int:
    u = ~byte & 0xFF
    sign = u & 0x80
    exponent = (u >> 4) & 0x07
    mantissa = u & 0x0F
    magnitude = ((mantissa << 3) + _BIAS) << exponent
    magnitude -= _BIAS
    return -magnitude if sign else magnitude


_DECODE = array.array("h", [_decode_one(b) for b in range(256)])


_SEG_END = (0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF)


def _encode_one(sample: int) -> int:
    # the reference G.711 coder (Sun's g711.c, as audioop): 14-bit magnitude, biased
    value = sample >> 2
    if value < 0:
        value, mask = -value, 0x7F
    else:
        mask = 0xFF
    value = min(value, 8159) + (_BIAS >> 2)
    seg = next((i for i, end in enumerate(_SEG_END) if value <= end), 8)
    if seg >= 8:
        return 0x7F ^ mask
    return ((seg << 4) | ((value >> (seg + 1)) & 0x0F)) ^ mask


_ENCODE = bytes(_encode_one(s - 32768) for s in range(65536))


def ulaw_to_pcm16(data: bytes) -> bytes:
    """μ-law bytes to little-endian signed 16-bit PCM (two bytes per input byte)."""
    out = array.array("h", (_DECODE[b] for b in data))
    if sys.byteorder != "little":
        out.byteswap()
    return out.tobytes()


def pcm16_to_ulaw(data: bytes) -> bytes:
    """Little-endian signed 16-bit PCM to μ-law (one byte per sample)."""
    samples = array.array("h")
    samples.frombytes(data[: len(data) - len(data) % 2])
    if sys.byteorder != "little":
        samples.byteswap()
    return bytes(_ENCODE[s + 32768] for s in samples)


def resample_pcm16(data: bytes, src_rate: int, dst_rate: int) -> bytes:
    """Linear-interpolation resampling of mono 16-bit PCM (speech, not music)."""
    if src_rate == dst_rate or not data:
        return data
    src = array.array("h")
    src.frombytes(data[: len(data) - len(data) % 2])
    n = len(src)
    out_len = max(1, n * dst_rate // src_rate)
    out = array.array("h", bytes(2 * out_len))
    step = src_rate / dst_rate
    for i in range(out_len):
        pos = i * step
        j = int(pos)
        frac = pos - j
        a = src[min(j, n - 1)]
        b = src[min(j + 1, n - 1)]
        out[i] = int(a + (b - a) * frac)
    return out.tobytes()


def rms(data: bytes) -> float:
    """Root mean square of 16-bit PCM (0 for silence)."""
    samples = array.array("h")
    samples.frombytes(data[: len(data) - len(data) % 2])
    if not samples:
        return 0.0
    return float((sum(s * s for s in samples) / len(samples)) ** 0.5)
