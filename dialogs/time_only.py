"""A message that tells only since when (trial16, issue 12): 「打昨天就开始了」, 「上礼拜开始
的」, 「自打过年就这样」 said while another question is open is the time, never a spot
nor a 「（补充）」 of the matter (第十条: the content is the description of the matter).
"""

from __future__ import annotations

import re

from nlu.regate import gated

__all__ = ["only_a_time"]

# the words around a time that make it a "since when" ("打昨天就开始了", "都半个月了")
_TIME_FRAME = gated(
    r"(?:这事儿?|这个事儿?|这情况)?(?:打从|自打|自从|打|从|自)?(?:都|已经|有|大概|差不多)?"
    r"(?:就|都|一直)?(?:开始|以来|起)?(?:就|都|一直)?(?:这样|那样|坏了|有了)?[了的啦啊吧呗]*"
)
_PUNCT = re.compile(r"[\s，,。.!！?？、]")


def only_a_time(text: str, since: str | None) -> bool:
    """``text`` tells a time and nothing else ("自打过年就这样", "上礼拜开始的"): no place,
    no matter in it."""
    if not since or since not in text:
        return False
    rest = _PUNCT.sub("", text.replace(since, "", 1))
    return _TIME_FRAME.fullmatch(rest) is not None
