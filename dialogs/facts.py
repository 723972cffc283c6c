"""The facts of an appeal in one message: since when, the name, the place, the matter.

Used by :func:`dialogs.reading.read`; each function reads one fact given what the bot
asked last (``expecting``) and the NLU's fields when present. The place, the name and
since when each have their module (:mod:`dialogs.place_facts`, :mod:`dialogs.name_facts`,
:mod:`dialogs.since_facts`); the matter is what is left of the message once they are
taken out, read here.
"""

from __future__ import annotations

import functools
import re

from dialogs.expecting import Expecting, Target, Words
from dialogs.name_facts import WRITE_LEAD, name_of
from dialogs.place_facts import (
    AFTERTHOUGHT,
    CORRECTION,
    VAGUE,
    address_only,
    leading_spot,
    leftover,
    place_of,
    place_text,
    tells_problem,
)
from dialogs.since_facts import PAST_POINT, only_a_time, since_of
from dialogs.spoken import PROBLEM, PUNCT, content_len
from dialogs.state import Place
from dialogs.whose import mark_own_phones, name_pattern
from nlu.regate import gated
from nlu.types import NluResult

__all__ = [
    "AFTERTHOUGHT",
    "CORRECTION",
    "PAST_POINT",
    "Expecting",
    "Target",
    "Words",
    "address_only",
    "leading_spot",
    "leftover",
    "matter_of",
    "name_of",
    "place_of",
    "place_text",
    "since_of",
]

# the words that lead the citizen's own phone ("我的手机是"), before it (marked by \x00) or
# left alone where it was taken out
# (never the object of a refusal: 「也不留电话 小区门口…」 keeps its 电话, trial9 N07)
_PHONE_WORDS = gated(
    r"(?<![留给供诉说写要打])(?:[我俺](?:的)?)?(?:手机|电话|手机号|电话号码|联系电话|号码)(?:是|为)?[:：]?\s*"
    r"(?=[，,。\s\x00]|$)"
)

# where the citizen points once the place is taken out of the message ("这边", "那一片")
_POINTING = re.compile(
    r"(?:在)?(?:这边|那边|这块|那块|这片|那片|这一片|那一片|一带|这儿|那儿)(?:的|呢|啊)?"
)

# the words around a time that tell nothing of the matter ("从…开始的", "打从…就这样了")
_SINCE_FRAME = gated(
    r"(?:打从|自打|自从|从|自)?(?:就|都|一直)?(?:开始|以来|起)?(?:就|都|一直)?(?:这样|那样)?[了的啦啊]*"
)

# a correction's own words around its value, and the item it names ("电话说错了 应该是…")
_CORRECTING = gated(r"错|不对|不是|应该是|应该在|改成|改为|更正|纠正")
_FIX_WORDS = gated(
    r"(?:刚才|刚刚|前面)?(?:说|写|打|弄|搞)?错了?|不对|不是|应该是|应该在|改成|改为|更正一下|更正|"
    r"纠正一下|纠正|电话|手机号?|号码|名字|姓名|时间|地址|地点|[哦噢啊呃哎唉是在的了我俺\s，,。.!！]"
)


def _only_a_correction(rest: str, value: object) -> bool:
    """True when ``rest`` (the message without the value read from it) is nothing but a
    correction's words, and the wrong value said before them ("成武县马集镇 哦不是 是",
    "不是上个月 是")."""
    if not value or _CORRECTING.search(rest) is None:
        return False
    bare = _FIX_WORDS.sub("", rest)
    # the wrong value said before: a place, or a time ("不是上个月 是去年十月")
    return content_len(bare) == 0 or address_only(bare) or only_a_time(bare)


# a wish or a suggestion is never part of an address ("希望增设一条从开发区…", trial10 F16)
_WISH = gated(r"希望|建议|盼着|盼望|恳请|呼吁|请求|增设|加开|能不能|可不可以|能否")

# an ID number with its lead ("身份证号：3717 0219 …"): kept whole in the matter (masked in
# every view), never counted as a description
_ID_NUMBER = gated(
    r"(?:身份证|证件)(?:号码|号)?(?:是|为)?[:：]?\s*"
    r"(?:[0-9０-９](?:[ \u3000]?[0-9０-９]){16}[ \u3000]?[0-9０-９xX]|[0-9０-９]{15})"
)


#: 「我是…的 X」 in a name's lead: its Han range is the costliest part of the name's pattern
#: to compile (about 1 ms), so it is put in only when the text can match it (issue 16)
_OF_WHOM = r"(?:[\u4e00-\u9fff]{1,6}?的[\s，,]*)?"
_OF_WHOM_SAID = re.compile(r"[我俺]就?是[\u4e00-\u9fff]{1,6}?的")


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern built for one citizen (a surname, a name, a time), kept apart from
    ``re``'s own cache, which the other patterns built per text keep evicting."""
    return re.compile(pattern)


def _cut(needed: str, pattern: str, text: str) -> str:
    """``text`` without the matches of ``pattern``, a regex built for one citizen (their
    name, their time): compiled only when every character of ``needed``, without which it
    cannot match, is in ``text`` (issue 16: compiling one per turn cost about 2 ms)."""
    if all(ch in text for ch in needed):
        return _compiled(pattern).sub("", text)
    return text


def matter_of(
    core: str,
    nlu: NluResult | None,
    expecting: Expecting,
    phone: str | None,
    name: str | None,
    place: Place | None,
    since: str | None,
    order_number: str | None,
) -> str:
    """The description in ``core``, minus contact details; "" when it only answers."""
    # a phone goes with the words that lead it ("电话13953001234身份证号…": no 电话 left)
    text = mark_own_phones(core, "\x00")  # another person's number is the matter's
    if phone is not None or "\x00" in text:
        text = _PHONE_WORDS.sub("", text)
    text = text.replace("\x00", "")
    if name is not None:
        surname = re.escape(name[-1:] if name.startswith("姓") else name[:1])
        if len(name.removeprefix("姓")) == 1:
            # a surname only ("俺电话150… 姓宋"): 「姓宋」 goes whole, no 「姓」 left behind
            text = _cut("姓" + name, rf"(?:[我俺]?(?:免贵)?姓){surname}(?![\u4e00-\u9fff])", text)
        text = _cut(
            name,
            rf"(?:[我俺]?(?:免贵)?姓{surname}[\s，,、]*)?"
            rf"(?:{WRITE_LEAD}|[我俺]叫|[我俺]的名字是|名字是|(?:全名|大名)(?:叫|是)?|姓名是?|本人|联系人是?|"
            r"[我俺]就?是"
            + (_OF_WHOM if _OF_WHOM_SAID.search(text) else "")
            + r"|[我俺]姓|免贵姓|就?(?:写|记)(?:成|作|上)?|"
            r"[我俺](?:免贵)?|本人免贵|免贵|叫)?[:：]?\s*"
            + name_pattern(name)
            + r"(?:就行|就好|就可以|即可|吧)?",
            text,
        )
    if order_number is not None:
        text = re.sub(re.escape(order_number), "", text, flags=re.IGNORECASE)
    # where a contact fact was taken out, its commas and spaces close up (no 「，，」)
    text = re.sub(r"[ \u3000]*([，,;；、])(?:[ \u3000]*[，,;；、])+[ \u3000]*", r"\1", text)
    text = re.sub(r"[ \u3000]{2,}", " ", text)
    text = text.strip().lstrip("，,。.;；：:、 ").rstrip("，,;；：:、 ")
    rest = text
    if place is not None:
        rest = leftover(rest, (place.county, place.township, place.village, place.detail))
    if since is not None:
        # "是去年秋天的事": the time and the words that make it a when, not a what
        rest = _cut(
            since, re.escape(since) + r"(?:开始的?|以来|起|的事儿?|的事情|那会儿?|的时候)?", rest
        )
        if _SINCE_FRAME.fullmatch(re.sub(r"[\s，,。.!！]", "", rest)):
            rest = ""  # "从上个月十号开始的", "打从前天就这样了": when, and nothing of what
    rest = re.sub(r"^(?:在|就在|是|位于|地址是?|地点是?)|(?:了|的|吧|啊|呢|呀|哦|开始)$", "", rest)
    rest = _ID_NUMBER.sub("", rest)  # an ID number is kept whole, but describes nothing
    if _only_a_correction(rest, phone or name or since or place):
        return ""  # "电话说错了 应该是…", "成武县马集镇 哦不是 是定陶区…": the value corrected
    if expecting not in ("matter", "none"):
        rest = VAGUE.sub("", rest)  # "具体我也说不清" answers, describes nothing
    n = content_len(rest)
    problem = PROBLEM.search(rest) is not None
    if place is not None and address_only(rest) and _WISH.search(rest) is None:
        return ""  # what is left is more of the address ("阳光小区3号楼")
    if place is not None and _POINTING.fullmatch(PUNCT.sub("", rest)):
        return ""  # "开发区长江路这边": the place taken, where it points is left (f8-014)
    nlu_says = (
        nlu is not None
        and nlu.category is not None
        and nlu.intent.name in ("appeal", "complain_staff")
        and nlu.intent.confidence >= 0.5
    )
    if expecting in ("matter", "none"):
        if n >= 2 and (problem or nlu_says or n >= 5):
            return text
        return ""
    if expecting in ("confirm", "amend"):
        return text if n >= 4 else ""
    # answering another question: only a real description counts
    if (n >= 6 and problem) or n >= 12:
        return text
    if (
        expecting == "place"
        and place is not None
        and n >= 3
        and tells_problem(
            told := leftover(text, (place.county, place.township, place.village, place.detail))
        )
        and not address_only(told)
    ):
        # "新华路的路灯坏了" to "where?": the place and the matter in one answer, both kept
        return text
    if expecting == "place" and place is None:
        # no place in it: the description goes on in split messages ("停了三天了",
        # "做饭都得去邻村挑水"), its duration included
        whole = content_len(text)
        if (
            (whole >= 5 and PROBLEM.search(text) is not None)
            or (nlu_says and n >= 4)
            or (n >= 5 and not address_only(text))
        ):
            return text
    return ""
