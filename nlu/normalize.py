"""Text normalization applied before every feature: NFKC, traditional to simplified,
control characters removed, whitespace collapsed, length capped."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from opencc import OpenCC

#: Texts are cut to this many characters before features; appeals longer than this
#: carry their matter in the first part and a 20,000-character paste must stay fast.
MAX_CHARS = 4000

_WS_RE = re.compile(r"[ \t\u3000\xa0]+")
#: Full-width ASCII (！, １) and the ideographic space, as NFKC maps them.
_FULL_WIDTH = {chr(0xFF01 + i): chr(0x21 + i) for i in range(94)} | {"\u3000": " "}
_FULL_WIDTH_SET = frozenset(_FULL_WIDTH)


def _half_width(text: str) -> str:
    for ch in _FULL_WIDTH_SET.intersection(text):  # a few distinct characters at most
        text = text.replace(ch, _FULL_WIDTH[ch])
    return text


_NL_RE = re.compile(r"\n{2,}")


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


# Controls other than newline/tab, lone surrogates, private use, noncharacters: they
# carry no meaning and break downstream tokenizers.
_DROP_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef"
    "\ufffe\uffff\U000f0000-\U0010ffff]"
)


def normalize(text: str, *, max_chars: int = MAX_CHARS) -> str:
    """Return the canonical form of ``text`` used by every NLU component.

    Never raises for a ``str``; non-str input is converted with ``str()``.
    """
    if not isinstance(text, str):
        text = str(text)
    if not text:
        return ""
    # cap early (with a little room for what NFKC and the clean-up change) so that a
    # 20,000-character paste costs no more than ``max_chars``
    text = text[: max_chars + 64]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DROP_RE.sub("", text)
    # full-width ASCII and the ideographic space by table (fast); NFKC only if more is left
    text = _half_width(text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _has_han(text):
        # OpenCC (phrases, exact) for chat-length texts; character by character for long
        # ones, where OpenCC's pure-Python matching costs milliseconds (bench/nlu.md)
        text = _t2s().convert(text) if len(text) <= _OPENCC_CHARS else _t2s_chars(text)
    text = _WS_RE.sub(" ", text)
    text = _NL_RE.sub("\n", text)
    return text.strip()[:max_chars]


_OPENCC_CHARS = 300


@lru_cache(maxsize=1)
def _traditional_map() -> dict[str, str]:
    """Traditional character -> simplified (OpenCC's own t2s character table)."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    out: dict[str, str] = {}
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            first = values.split(" ")[0] if values else ""
            if key and first and first != key:
                out[key] = first
    except OSError:
        return {}
    return out


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that OpenCC's t2s table changes (read from its own dictionary)."""
    return frozenset(_traditional_map())


def _t2s_chars(text: str) -> str:
    """Traditional to simplified character by character (the distinct ones present)."""
    table = _traditional_map()
    for ch in _traditional_chars().intersection(text):
        text = text.replace(ch, table[ch])
    return text


def _has_han(text: str) -> bool:
    """True when ``text`` holds a traditional character (so t2s has work to do).

    A writer of traditional characters writes them throughout: the first and last few
    hundred characters decide, so a long text is not scanned whole.
    """
    trad = _traditional_chars()
    if not trad:  # dictionary unreadable: convert anyway (slower, still right)
        return True
    sample = text if len(text) <= 600 else text[:300] + text[-300:]
    return not trad.isdisjoint(sample)


#: WeChat/Weibo bracket emoticons ([发怒], [捂脸], [OK]) and runs of them.
_EMOTICON_RE = re.compile(r"\[[\u4e00-\u9fffA-Za-z]{1,4}\]")


def strip_emoticons(text: str) -> str:
    """``text`` without bracket emoticons (``[发怒][发怒]`` becomes empty)."""
    if "[" not in text:
        return text
    return _WS_RE.sub(" ", _EMOTICON_RE.sub("", text)).strip()


def has_content(text: str) -> bool:
    """True when ``text`` has at least one letter or digit (Han included)."""
    return any(ch.isalnum() for ch in text)
