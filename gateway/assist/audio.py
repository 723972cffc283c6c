"""G.711 μ-law (Twilio Media Streams: 8 kHz mono) to and from 16-bit PCM, pure Python.

``audioop`` is gone from Python 3.13; these small table functions do the same and are
checked against it in the tests where it still exists.
"""

from __future__ import annotations

import array
import sys

_BIAS = 0x84
_CLIP = 32635


def _decode_one(byte: int) -> int:
    u = ~byte & 0xFF
    sign = u & 0x80
    exponent = (u >> 4) & 0x07
    mantissa = u & 0x0F
    magnitude = ((mantissa << 3) + _BIAS) << exponent
    magnitude -= _BIAS
    return -magnitude if sign else magnitude


_DECODE = array.array("h", [_decode_one(b) for b in range(256)])


def _encode_one(sample: int) -> int:
    sign = 0x80 if sample < 0 else 0
    magnitude = min(-sample if sample < 0 else sample, _CLIP) + _BIAS
    exponent = 7
    mask = 0x4000
    while exponent > 0 and not magnitude & mask:
        exponent -= 1
        mask >>= 1
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


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
