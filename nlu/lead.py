"""The lead matter of a message that joins a second one to it (issue 11, trial17).

A citizen who names two matters in one message (「物业费收得太高 楼下还有烧烤摊油烟」)
names the one they called about first; the second is told along with it (「还有」「另外」
「再就是」). The lead decides the category and so the handling unit; the second stays in
the appeal's text, where the unit and the operator read it, and does not route it.

:func:`lead_matter` returns the words before such a joiner, or None when the message has
none near its start or the words before it are too short to be a matter. Whether those
words name a matter at all is the engine's to judge (a keyword override or a confident
category on them); a greeting or a preamble before 还有 never decides.
"""

from __future__ import annotations

import re

#: The joiner must begin within this many characters (a matter is named first).
LEAD_CHARS = 80

#: The lead must hold at least this many characters of words (not 你好, 喂).
MIN_LEAD = 5

# A clause boundary, a few words of place or person (楼下, 小区门口, 俺家对面), then a
# word that adds a second matter. 还有 followed by a figure, a time or 人管/用/没 is no
# joiner: 「停水了 还有三天才来」「还有没有人管」 go on about the first matter.
_JOINER = re.compile(
    r"[\s，,。；;！!？?、]+[^\s，,。；;！!？?、]{0,6}?"
    r"(?:还有(?![0-9一二两三四五六七八九十几半多好些点]|没|啥|什么|人管|谁管|用吗|用没)"
    r"|另外|另一个|另一件|再就是|再有就是|再一个|再一件|再说一个|此外"
    r"|顺便(?:说|反映|问|提)一下)"
)

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def lead_matter(text: str) -> str | None:
    """The words of ``text`` before a joiner of a second matter, or None.

    Shapes: ``"物业费收得太高 楼下还有烧烤摊油烟"`` → ``"物业费收得太高"``;
    ``"停水了 还有三天才来"`` → None (还有 + a figure goes on about the first matter);
    ``"你好 还有停水"`` → None (no matter before the joiner)."""
    found = _JOINER.search(text, 0, LEAD_CHARS + 8)
    if found is None or found.start() > LEAD_CHARS:
        return None
    lead = text[: found.start()].strip()
    if len(_WORD.findall(lead)) < MIN_LEAD:
        return None
    return lead
