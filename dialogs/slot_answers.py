"""What an answer to a slot question holds (trial7 F02, F03).

- A control word (确认, 对, 好的, 没了, 不用了, 谢谢, 匿名 …) answering "where?", "which
  village or estate?", "since when?" or "your name and phone?" is never slot content: 「确认」 after
  「请问具体在哪个村（社区）或小区、路段？」 is no place (it was read back as
  「曹县普连集镇确认」, trial7 F03).
- A place given over several messages keeps every part the citizen named: the estate
  after a landmark (「万达广场旁边的 锦绣华城小区」: the landmark is context, the estate the
  site), and a building or door said after the place was taken (「12号楼」 while the
  contact is asked) adds to it (trial7 F02). 第九条: the place is part of what the
  citizen's appeal must state; REQUIREMENTS "Places".
"""

from __future__ import annotations

import re

from dialogs.acts import FIX
from dialogs.assent import assent
from dialogs.facts import Words, address_only, leftover, place_text
from dialogs.spoken import content_len, fold, only
from dialogs.state import IntakeFlow, Place

__all__ = ["building_part", "control_only", "declines_detail", "whole_spot"]

#: "Nothing more" said in words no list holds (没了, 就这些).
_NOTHING_MORE = ("没了", "没有了", "没别的了", "没啥了", "就这些", "就这么多", "就这样", "没其他的")
#: The lists of words that answer (or decline) a question without giving its content
#: (「匿名」 to "where?" refuses a contact; it names no place).
_CONTROL_LISTS = (
    "yes",
    "no",
    "none",
    "cancel",
    "cancel_soft",
    "thanks",
    "dont_know",
    "anonymous",
)


def control_only(p: str, words: Words) -> bool:
    """True when ``p`` (plain text) is made only of control words: assent or its
    negation, "nothing more", a refusal, thanks, "I don't know"."""
    if not p:
        return False
    if assent(p) is not None:
        return True
    lists = tuple(w for key in _CONTROL_LISTS for w in words(key)) + _NOTHING_MORE
    return only(p, lists)


#: A building, unit, floor or room said alone ("12号楼", "5号楼2单元", "三单元301").
_BUILDING = re.compile(
    r"^(?:[0-9一二三四五六七八九十]+(?:号楼|号院|栋|幢|单元|层|楼|室|号|排)|[0-9]{3,4})+"
    r"(?:的?(?:后边|后面|后头|前边|前面|前头|东边|西边|南边|北边|东侧|西侧|南侧|北侧|旁边|门口|"
    r"楼下|对面|附近))?$"
)


def building_part(core: str) -> Place | None:
    """The building or door of ``core`` when that is all it says ("12号楼"): a part of
    the place said before, to be added to it."""
    t = re.sub(r"[\s，,。.]", "", fold(place_text(core)))
    if not t or _BUILDING.match(t) is None or not re.search(r"[^0-9]", t):
        return None
    return Place(detail=t)


def whole_spot(place: Place, core: str) -> Place:
    """``place`` with its detail widened to the citizen's own words when these are nothing
    but an address that contains it ("万达广场旁边的 锦绣华城小区" for "万达广场旁边")."""
    if not place.detail:
        return place
    rest = place_text(leftover(core, (place.county, place.township, place.village)))
    spot = re.sub(r"[\s\u3000]+", "", rest)
    if (
        spot == place.detail
        or place.detail not in spot
        or content_len(spot) > 30
        or FIX.search(spot) is not None  # "小区错了 是阳光小区": the words of a correction
        or not address_only(spot.replace("的", ""))
    ):
        return place
    return place.model_copy(update={"detail": spot})


def declines_detail(flow: IntakeFlow, p: str, words: Words) -> bool:
    """True when ``p`` ("不用了", "算了") answers "which village, estate or road?" (the
    place already known): no more detail, not the appeal withdrawn."""
    sl = flow.slots
    asked = flow.step == "where" and sl.detail_asked and sl.place.resolved
    return asked and only(p, words("cancel_soft") + _NOTHING_MORE)
