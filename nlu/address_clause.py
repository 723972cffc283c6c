"""Where an address ends and the matter begins: at a space (:func:`spaced`), and from the
words' parts of speech (jieba's dictionary tags), not from a list of problem words: a place
is followed by the matter when
the next word is a predicate (a verb, an adjective or adverb of state, a set phrase:
卖过期食品, 全是坑, 坑坑洼洼), a one-character suffix is no place when it is the object of a
verb (等待开门), and a name searched back from its suffix does not start with a function
word (为什么农村大药房: the place starts at 农村).

The tags are read once, lazily, from jieba's own ``dict.txt`` (words of up to four
characters); a missing dictionary gives no tags, and every test then answers False.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jieba

#: Tags of a word that says something about the place (the predicate of the matter).
PREDICATE_TAGS = frozenset({"v", "vd", "a", "ad", "d", "l", "i", "z"})
#: Tags of a word that never starts a place's name: pronouns and question words,
#: prepositions, conjunctions, adverbs, interjections, modal words (not 的: a place after
#: 的 is read by the address parser's own rule).
FUNCTION_TAGS = frozenset({"r", "p", "c", "d", "e", "y"})
#: A position word right after a place (幸福路上全是坑, 院里乱): it goes with the place.
_LOCALIZER = "上里边内外"
#: A reduplicated state (坑坑洼洼, 脏兮兮, 乱糟糟, 黑乎乎): a predicate whatever the word.
_REDUPLICATED = re.compile(r"^(?:(.)\1|.(.)\2)")
_LONGEST = 4
_WS_RE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    out: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) == 3 and len(parts[0]) <= _LONGEST:
                    out[parts[0]] = parts[2]
    except OSError:
        return {}
    return out


def warm_tags() -> None:
    """Read jieba's dictionary tags now (about a second, once per process), so that no
    citizen's message waits for it."""
    _tags()


def word_at(text: str, pos: int = 0) -> tuple[str, str | None]:
    """The longest dictionary word starting at ``pos`` and its tag (a character alone and
    None when no word starts there)."""
    tags = _tags()
    for n in range(min(_LONGEST, len(text) - pos), 0, -1):
        tag = tags.get(text[pos : pos + n])
        if tag is not None:
            return text[pos : pos + n], tag
    return text[pos : pos + 1], None


def is_predicate(rest: str) -> bool:
    """Whether ``rest``, the words right after a place, begin the matter with a predicate
    (卖过期食品, 上全是坑, 坑坑洼洼, 等待开门); 对过, 那块, 住院部 are not."""
    if not rest:
        return False
    if rest[0] in _LOCALIZER and len(rest) > 1:
        rest = rest[1:]
    if _REDUPLICATED.match(rest) and rest[0] not in "0123456789":
        return True
    word, tag = word_at(rest)
    if tag == "a" and len(word) == 1 and len(rest) > 1:
        # 老粮所, 大药房: a one-character adjective before a noun is part of a name;
        # 全是坑, 太脏了: before a verb, an adverb or a particle it is the predicate
        after = word_at(rest, 1)[1] or ""
        return after[:1] in ("v", "d", "a", "u", "y")
    return tag in PREDICATE_TAGS


def verb_object(token: str) -> bool:
    """Whether a token ending in a one-character suffix has a name that is a clause: a
    name of two characters or more, whose last character and the suffix form a verb
    (等待开门: 开门; 北门, 3号楼, 住院 are not)."""
    if len(token) < 3:
        return False
    word, tag = word_at(token[-2:])
    return len(word) == 2 and tag is not None and tag.startswith("v")


def name_start(text: str, start: int, end: int) -> int:
    """``start`` moved past the function words that begin the words before a suffix at
    ``end`` (为什么农村: 农村, 因潇楚大道: 潇楚大道); the name before the suffix at ``end``
    keeps a character at least (我们小区 stays: a pronoun before a bare suffix)."""
    while start < end - 1:
        word, tag = word_at(text[:end], start)
        if tag not in FUNCTION_TAGS or start + len(word) > end - 1:
            break
        start += len(word)
    return start


def spaced(text: str, ends: Callable[[str, str, bool], bool]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without its spaces, and where its pieces were in ``text`` (pairs of a
    position in the result and the same position in ``text``, :func:`raw_at`).

    Citizens and voice transcripts put spaces between the levels (单县 人民医院门口,
    牡丹区 西城街道 和平小区 南门) and between the parts of a place (万达广场 地下停车场):
    such a space is dropped. A space after a place that is not a level, before words that
    go on into the matter (万福小区 楼下饭店油烟太大), ends the address: it becomes a comma,
    so the detail stops there and the matter's subject (楼下饭店) is not taken as the place.
    ``ends(after, before, line)`` decides (:func:`nlu.address._ends_place`): the text after
    the space, the last characters before it, whether the space breaks a line.
    """
    pieces: list[str] = []
    marks: list[tuple[int, int]] = [(0, 0)]
    pos = size = 0
    tail = ""
    for m in _WS_RE.finditer(text):
        piece = text[pos : m.start()]
        pieces.append(piece)
        size += len(piece)
        tail = (tail + piece)[-12:]
        pos = m.end()
        line = "\n" in m.group(0) or "\r" in m.group(0)
        if tail and pos < len(text) and ends(text[pos:], tail, line):
            pieces.append("，")
            marks.append((size, m.start()))
            size += 1
        marks.append((size, pos))
    pieces.append(text[pos:])
    return "".join(pieces), marks


def raw_at(marks: list[tuple[int, int]], at: int) -> int:
    """The position in the original text of position ``at`` of :func:`_spaced`'s result."""
    out, raw = marks[bisect_right(marks, (at, 1 << 62)) - 1]
    return raw + at - out
