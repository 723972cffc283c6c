"""Chinese line breaking (避头尾) for reportlab paragraphs with ``wordWrap="CJK"``.

reportlab breaks CJK text between any two characters (``textsplit.dumbSplit`` for a
one-style paragraph, ``paragraph.cjkFragSplit`` otherwise) and keeps only *some* closing
marks off the start of a line: its ``ALL_CANNOT_START`` lacks the full-width ，；：？！》,
it never keeps an opening bracket off the end of a line, and its ``kinsokuShoriSplit``
is marked "not used or finished yet". This module is those two splitters with the rule
completed (W3C "Requirements for Chinese Text Layout" §3.1.7): no line starts with a
closing mark and none ends with an opening one; the line gives up its last character(s)
instead. :func:`install` puts them in place of reportlab's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, cast
from unicodedata import category

from reportlab.lib.textsplit import (  # type: ignore[import-untyped]
    ALL_CANNOT_END,
    ALL_CANNOT_START,
    getCharWidths,
)
from reportlab.platypus import paragraph  # type: ignore[import-untyped]
from reportlab.rl_config import _FUZZ  # type: ignore[import-untyped]

CANNOT_START = frozenset(ALL_CANNOT_START + "，。、；：？！…‥）〕］｝〉》」』】〗〙”’·%％‰℃")
CANNOT_END = frozenset(ALL_CANNOT_END + "（〔［｛〈《「『【〖〘“‘")


class Fragment(Protocol):
    """What the splitter reads of a reportlab paragraph fragment (``ParaFrag``)."""

    text: str | bytes


class _Relative(Protocol):
    """reportlab's ``_PCT``: a percentage of the line, measured once the line is known."""

    _normalizer: float

    def normalizedValue(self, normalizer: float) -> float: ...


#: A line's width or widths: reportlab passes one number or one per line.
MaxWidths = float | Sequence[float]


def _measure(w: float, max_width: float) -> float:
    """A glyph's width; reportlab's percentages (``_PCT``, a float) are of the line."""
    if hasattr(w, "normalizedValue"):
        relative = cast("_Relative", w)
        relative._normalizer = max_width
        return float(relative.normalizedValue(max_width))
    return float(w)


def line_spans(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    hard: Sequence[bool] = (),
) -> list[tuple[int, int, float, bool]]:
    """``(start, end, used width, hard break)`` of each line: as many characters as fit,
    then back so that the next line does not start with a closing mark nor this one end
    with an opening mark; inside Latin text or a number, back to a space or an ideograph.
    ``hard[i]`` marks a forced break after character ``i``."""
    out: list[tuple[int, int, float, bool]] = []
    n = len(chars)
    start = i = 0
    used = 0.0
    max_width = max_widths[0]
    while i < n:
        c = chars[i]
        used += _measure(widths[i], max_width)
        i += 1
        forced = bool(hard and hard[i - 1])
        if not ((used > max_width + _FUZZ and used > 0) or forced):
            continue
        if not forced:
            b = i - 1  # the character that overflowed starts the next line
            if c and ord(c[0]) < 0x3000:
                for j in range(i - 1, (start + i) >> 1, -1):
                    cj = chars[j]
                    if cj and (category(cj[0]) == "Zs" or ord(cj[0]) >= 0x3000):
                        b = j + 1 if category(cj[0]) == "Zs" else j
                        break
            while b > start + 1 and (chars[b] in CANNOT_START or chars[b - 1] in CANNOT_END):
                b -= 1
            i = max(b, start + 1)  # always progress
            used = sum(_measure(widths[k], max_width) for k in range(start, i))
        out.append((start, i, used, forced))
        max_width = max_widths[min(len(out), len(max_widths) - 1)]
        start, used = i, 0.0
    if start < n:
        out.append((start, n, sum(_measure(widths[k], max_width) for k in range(start, n)), False))
    return out


def _widths_list(max_widths: MaxWidths) -> list[float]:
    return list(max_widths) if isinstance(max_widths, Sequence) else [max_widths]


def split_word(
    word: str | bytes,
    max_widths: MaxWidths,
    font_name: str,
    font_size: float,
    encoding: str = "utf8",
) -> list[list[float | str]]:
    """``textsplit.wordSplit`` (one-style paragraphs) with the full 避头尾 rule."""
    text = word.decode(encoding) if isinstance(word, bytes) else word
    mw = _widths_list(max_widths)
    widths = getCharWidths(text, font_name, font_size)
    out: list[list[float | str]] = []
    for start, end, used, _ in line_spans(list(text), widths, mw):
        limit = mw[min(len(out), len(mw) - 1)]
        piece = text[start:end]
        out.append([limit - used, piece.strip() if end < len(text) else piece])
    return out


def split_frags(
    frags: Sequence[Fragment], max_widths: MaxWidths, calc_bounds: bool, encoding: str = "utf8"
) -> object:
    """``paragraph.cjkFragSplit`` (styled paragraphs) with the full 避头尾 rule; the
    result is reportlab's ``ParaLines``."""
    texts = [(f, f.text.decode(encoding) if isinstance(f.text, bytes) else f.text) for f in frags]
    # one glyph (reportlab's ``cjkU``, a str with its fragment and width) per character;
    # an empty fragment stays as one empty glyph
    glyphs = [paragraph.cjkU(t, f, encoding) for f, text in texts for t in (text or [text])]
    mw = _widths_list(max_widths)
    hard = [hasattr(g.frag, "lineBreak") for g in glyphs]
    lines: list[object] = []
    for start, end, used, forced in line_spans(glyphs, [g.width for g in glyphs], mw, hard):
        limit = mw[min(len(lines), len(mw) - 1)]
        lines.append(
            paragraph.makeCJKParaLine(
                glyphs[start:end], limit, used, limit - used, forced, calc_bounds
            )
        )
    return paragraph.ParaLines(kind=1, lines=lines)


def install() -> None:
    """Make reportlab's CJK paragraphs break by these splitters (idempotent)."""
    paragraph.wordSplit = split_word
    paragraph.cjkFragSplit = split_frags
