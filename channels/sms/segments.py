"""SMS segment arithmetic and the one-message-per-reply shortening rule.

A carrier carries an SMS in segments of 140 octets. A body made only of the GSM 03.38
alphabet is packed in 7-bit septets: 160 per single message, 153 per segment once it is
concatenated (the user data header takes 7), and characters of the extension table
(``^{}\\[~]|€`` and form feed) take two septets. Anything else (any Chinese character) is
sent as UCS-2: 70 UTF-16 code units single, 67 per concatenated segment, and a character
outside the Basic Multilingual Plane (most emoji) takes two units. A character is never
split between segments (3GPP TS 23.038 and 23.040; Twilio's "What the heck is a segment").

Twilio accepts a body of up to 1,600 characters and concatenates its segments into one
message on the handset; separate messages may arrive out of order. So a reply is always
ONE message: when it would pass 1,600 characters or the configured segment budget it is
shortened at a line or sentence boundary (a numbered menu line is never cut) and ends with
a continuation note (a link, or where to read the rest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("\f^{}\\[~]|€")
GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67
TWILIO_MAX_BODY = 1600  # characters; Twilio refuses longer bodies (error 21617)
DEFAULT_MAX_SEGMENTS = 10

Encoding = Literal["GSM-7", "UCS-2"]
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;…])")
_CLAUSE_BREAKS = "，、,：: "
_MENU_LINE = re.compile(r"^\s*\d{1,2}[.、．)]\s*\S")


@dataclass(frozen=True)
class SegmentCount:
    """How a body travels: its encoding, its size in units (septets or UTF-16 code
    units) and the number of segments the carrier bills."""

    encoding: Encoding
    units: int
    segments: int


def encoding_of(text: str) -> Encoding:
    """``GSM-7`` when every character is in the GSM 03.38 alphabet, else ``UCS-2``."""
    ok = all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)
    return "GSM-7" if ok else "UCS-2"


def _weight(ch: str, encoding: Encoding) -> int:
    if encoding == "GSM-7":
        return 2 if ch in GSM7_EXTENDED else 1
    return 2 if ord(ch) > 0xFFFF else 1


def count_segments(text: str) -> SegmentCount:
    """The segments ``text`` takes as one SMS (0 for an empty body)."""
    encoding = encoding_of(text)
    weights = [_weight(ch, encoding) for ch in text]
    units = sum(weights)
    single, multi = (GSM7_SINGLE, GSM7_MULTI) if encoding == "GSM-7" else (UCS2_SINGLE, UCS2_MULTI)
    if units == 0:
        return SegmentCount(encoding, 0, 0)
    if units <= single:
        return SegmentCount(encoding, units, 1)
    segments, used = 1, 0
    for w in weights:  # a character (or an escape pair, a surrogate pair) is never split
        if used + w > multi:
            segments += 1
            used = 0
        used += w
    return SegmentCount(encoding, units, segments)


def fits(text: str, max_segments: int, max_chars: int = TWILIO_MAX_BODY) -> bool:
    """Whether ``text`` goes as one message within both limits."""
    return len(text) <= max_chars and count_segments(text).segments <= max_segments


def _pieces(body: str) -> list[str]:
    """Lines, and sentences within lines: the units a shortened body keeps or drops whole."""
    out: list[str] = []
    for line in body.split("\n"):
        if not line.strip():
            continue
        if _MENU_LINE.match(line):
            out.append(line.strip())
            continue
        parts = [p for p in _SENTENCE_END.split(line.strip()) if p]
        out.extend(p if i == 0 else "\0" + p for i, p in enumerate(parts))  # \0: same line
    return out


def _join(pieces: list[str]) -> str:
    text = ""
    for p in pieces:
        if p.startswith("\0"):
            text += p[1:]
        else:
            text += ("\n" if text else "") + p
    return text


def shorten(
    body: str,
    *,
    menu: str = "",
    more: str,
    max_segments: int = DEFAULT_MAX_SEGMENTS,
    max_chars: int = TWILIO_MAX_BODY,
) -> str:
    """``body`` (then ``menu``) as one SMS; when too long, whole sentences and lines from
    the start of ``body`` that fit, then the menu, then the continuation note ``more``.

    The menu (numbered options) is kept whole: an option is never cut. A first sentence
    that alone is too long is cut at its last clause break and marked with ``……``.
    """
    full = "\n".join(p for p in (body.strip(), menu.strip()) if p)
    if fits(full, max_segments, max_chars):
        return full
    tail = "\n".join(p for p in (menu.strip(), more.strip()) if p)
    if not fits(tail, max_segments, max_chars):
        tail = more.strip()  # a menu too long for the budget is dropped, the note stays
    kept: list[str] = []
    for piece in _pieces(body):
        candidate = _join([*kept, piece])
        if fits(candidate + "\n" + tail, max_segments, max_chars):
            kept.append(piece)
            continue
        if not kept:
            kept.append(_cut(piece.lstrip("\0"), tail, max_segments, max_chars))
        break
    return "\n".join(p for p in (_join(kept), tail) if p)


def _cut(sentence: str, tail: str, max_segments: int, max_chars: int) -> str:
    """The longest start of ``sentence`` ending at a clause break that fits before ``tail``."""
    lo, hi = 0, len(sentence)
    while lo < hi:  # the longest prefix that fits, by bisection
        mid = (lo + hi + 1) // 2
        if fits(sentence[:mid] + "……\n" + tail, max_segments, max_chars):
            lo = mid
        else:
            hi = mid - 1
    prefix = sentence[:lo]
    cut = max(prefix.rfind(ch) for ch in _CLAUSE_BREAKS)
    if cut >= lo // 2:
        prefix = prefix[:cut]
    return prefix.rstrip("，、,：: ") + "……" if prefix else ""
