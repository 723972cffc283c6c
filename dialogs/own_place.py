"""The place told with the matter, kept apart from it (trial10 N15).

「牡丹区 西城街道 阳光小区 楼道灯坏了」: the place goes into 发生地点 and 诉求内容 is the matter
(「楼道灯坏了」), as README's example keeps them; a place said as its own words before the
matter (a space or a comma after it) is taken out of the content, a place inside the
sentence (「阳光小区门口的路灯坏了」) stays, it is part of what is told.

「俺们小区」, 「俺们村」, 「俺家这」 name no place: the citizen's own estate or village, which
one not said; never written into 发生地点, the estate or village is asked for by its kind
(「请问是哪个小区？」).
"""

from __future__ import annotations

import re

from dialogs.spoken import content_len
from dialogs.state import Place

__all__ = ["generic_spot", "own_kind", "without_place_head"]

# the citizen's own estate, village or home, pointed at and not named ("俺们小区", "俺们村里",
# "俺家这", "我们这边"); a spot in it ("俺们楼后头", "俺家门口") tells the unit where to look
_GENERIC = re.compile(
    r"^(?:俺|我|咱|自家)(?:们|家)?(?:的)?(?:这个|那个|这|那)?"
    r"(?:小区|村子?|村里|庄子?|庄里|社区|屯|院子?|院里|家属院|家|这|那)?"
    r"(?:这边|那边|这儿|那儿|这里|那里|这块|那块|附近|里)?$"
)
# the kind of the citizen's own place in the matter's words ("俺们小区的垃圾没人清": 小区)
_OWN_KIND = re.compile(r"(?:俺|我|咱)们?(?:的)?(?:这个|那个)?(?P<kind>小区|社区|村|庄)")
_KIND_SAID = {"庄": "村"}
# a place said as its own words: what follows it is set apart by a space or punctuation
_SEP = re.compile(r"[\s\u3000，,、：:；;。]+")
# a place's words that only say where (a level, an estate, a village, a road, a building):
# "伯乐大街的建筑工地", "滨河街道燃气公司" name what the matter is about, they stay in it
_WHERE_ONLY = re.compile(
    r"(?:区|县|镇|乡|街道|办事处|村|社区|小区|花园|家园|苑|公寓|庄|屯|号楼|栋|幢|单元|室|号院|"
    r"院|路|街|大道|巷|胡同|[0-9]+号)$"
)


def generic_spot(detail: str) -> bool:
    """True when ``detail`` only points at the citizen's own estate, village or home
    ("俺们小区", "俺家这"): no place name, never kept as 发生地点's detail."""
    d = detail.strip(" ，,。")
    return bool(d) and _GENERIC.match(d) is not None


def own_kind(matter: str) -> str | None:
    """The kind of the citizen's own place their words point at ("俺们小区…" -> 小区,
    "俺村…" -> 村), to ask which one; None when none is pointed at."""
    m = _OWN_KIND.search(matter)
    if m is None:
        return None
    kind = m.group("kind")
    return _KIND_SAID.get(kind, kind)


def without_place_head(matter: str, place: Place) -> str:
    """``matter`` without the words of ``place`` said before it as words of their own
    (「牡丹区 西城街道 阳光小区 楼道灯坏了」 -> 「楼道灯坏了」); unchanged when the place
    is part of the sentence or nothing of the matter would be left."""
    from dialogs.place_facts import leftover  # place_facts reads generic_spot from here

    parts = (place.county, place.township, place.village, place.detail)
    if not any(parts):
        return matter
    rest = matter.strip()
    cut = 0
    while (sep := _SEP.search(rest, cut)) is not None:
        head = rest[cut : sep.start()]
        if not head or leftover(head, parts) or _WHERE_ONLY.search(head) is None:
            break  # a word that is not the place's, or its subject: the matter begins here
        cut = sep.end()
    if cut == 0:
        return matter
    tail = rest[cut:].strip()
    return tail if content_len(tail) >= 2 else matter
