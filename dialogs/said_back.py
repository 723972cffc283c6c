"""A fact given beside the question asked, applied and said back (trial16, issue 12).

At 「请留个电话」 the citizen corrects the place (「地点不对 是和平路东头」), tells since when
(「昨天开始的」, 「半个月了」) or changes the number (「电话换了 新号是139…」): the value is
taken and said back in one line before the open question (「地点已改为…」, 「开始时间已记
下：昨天」), so the citizen hears it was understood; it is never the answer to the question
asked nor a 「（补充）」 of the matter. 第十二条: the appeal is recorded as the citizen
corrects it; 第十条: the content is the description of the matter only.
"""

from __future__ import annotations

import re

from dialogs.common import Actions, mask_phone
from dialogs.context import DialogContext
from dialogs.model import Reply
from dialogs.state import IntakeSlots, IntakeStep, Place

__all__ = ["Before", "before", "place_word_fix", "said_back"]

# "不是西头 是东头", "不是北关 是南关": a word of the place said before, then the right one
_OLD_NEW = re.compile(
    r"^(?:地点|地址|位置|地方)?(?:说错了|写错了|不对)?[，,。\s]*不是([\u4e00-\u9fff0-9]{1,8}?)"
    r"[，,。\s]*(?:而)?(?:是|应该是|在)[，,\s]*([\u4e00-\u9fff0-9]{1,10}?)[了的啊吧]?$"
)


# "不对 是东头", "地点错了 应该是南头": only the right side named; the side of the same kind
# said before (西头 for 东头) is the wrong one (trial17 conversation 02)
_NEW_SIDE = re.compile(
    r"^(?:地点|地址|位置|地方)?(?:说错了|写错了|错了|不对)[，,。\s]*(?:应该是|是|在)[，,\s]*"
    r"(?:村)?([东西南北])(头|边|侧|面|关)[了的啊吧]?$"
)


def _side_fix(text: str) -> tuple[str, str] | None:
    """The right side of "不对 是东头" as ``("东", "头")``: its direction and its kind;
    the wrong one is the other side of that kind in the place (None when none named)."""
    m = _NEW_SIDE.match(text.strip())
    if m is None:
        return None
    return m.group(1), m.group(2)


def place_word_fix(place: Place, text: str) -> Place | None:
    """``place`` with the word ``text`` corrects in it ("不是西头 是东头" on 和平路西头 ->
    和平路东头; "不对 是东头" on 刘庄村西头 -> 刘庄村东头), or None when ``text`` corrects
    no word of the place."""
    side = _side_fix(text)
    if side is not None:
        new_dir, kind = side
        for field in ("detail", "village"):
            value = getattr(place, field)
            olds = [
                f"{d}{kind}" for d in "东西南北" if d != new_dir and f"{d}{kind}" in (value or "")
            ]
            if value and len(olds) == 1:
                return place.model_copy(
                    update={field: value.replace(olds[0], f"{new_dir}{kind}", 1)}
                )
        return None
    m = _OLD_NEW.match(text.strip())
    if m is None:
        return None
    old, new = m.group(1), m.group(2)
    for field in ("detail", "village", "township"):
        value = getattr(place, field)
        if value and old in value and old != new:
            return place.model_copy(update={field: value.replace(old, new, 1)})
    return None


def _extends(now: str, was: str) -> bool:
    """True when the place ``now`` keeps every character of ``was`` in order (a level or
    a building added, nothing of it changed)."""
    rest = iter(now)
    return all(ch in rest for ch in was)


Before = tuple[str | None, str | None, str | None]


def before(sl: IntakeSlots) -> Before:
    """What is said back when changed: the place, since when, the phone."""
    return (sl.place.address() if sl.place.resolved else None, sl.since, sl.phone)


def said_back(
    step: IntakeStep, was: Before, sl: IntakeSlots, answered: bool, ctx: DialogContext
) -> Actions:
    """The lines that say back what was applied beside the question asked at ``step``
    (``answered``: the message also answered that question; then a time is not said
    back, it came with the answer)."""
    if step not in ("where", "since", "contact"):
        return []
    place, since, phone = was
    out: Actions = []
    now = sl.place.address() if sl.place.resolved else None
    if step != "where" and place is not None and now is not None and now != place:
        # 「11号楼2单元」 after 佳和城小区 completes the place; 「是和平路东头」 changes it
        key = "place_added" if _extends(now, place) else "place_changed"
        out.append(Reply(text=ctx.say(key, place=now)))
    unknown = ctx.say("summary_unknown")
    if step != "since" and not answered and sl.since not in (None, unknown, since):
        out.append(Reply(text=ctx.say("since_noted", since=sl.since or "")))
    if phone is not None and sl.phone not in (None, phone) and not sl.anonymous:
        out.append(Reply(text=ctx.say("phone_changed", phone=mask_phone(sl.phone or ""))))
    return out
