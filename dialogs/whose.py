"""Whose phone a number is (trial7 F04): the citizen's own contact, or another person's
number told as part of the matter ("老板叫王建军 电话139 5300 1111", "房东电话138…",
"物业的电话是…", "他电话…").

A number is another person's when the words right before it name that person (a role
word: 老板, 房东, 物业, 师傅, 他/她 …, optionally their name, 的, and a phone word), or
when the words right after it say so ("…是老板的电话"). The citizen's own words (我的电话,
联系我, 打这个) are never another's. Another person's number stays in the matter (the
public answers mask it, REQUIREMENTS "personal data"); the contact of the order
(第九条: the citizen's contact for the feedback) is asked for when no own number is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dialogs.spoken import LANDLINE, MOBILE, clean_phone
from nlu.entities import SURNAMES
from nlu.regate import gated
from nlu.types import NluResult

__all__ = ["mark_own_phones", "name_pattern", "own_phone"]

#: People (and bodies acting as one) whose number a citizen passes on with the matter.
_OTHER = (
    r"老板娘|老板|老总|房东|物业公司|物业|师傅|(?<!其)他们?|她们?|对方|司机|商家|店家|店主|卖家|"
    r"经理|包工头|工头|中介|厂长|负责人|开发商|施工队|施工方|承包人|工作人员|业务员|快递员|"
    r"快递小哥|外卖员|骑手|班主任|老师|校长|医生|村长|支书|书记|主任|网格员|邻居|租客|房客"
)
_PHONE_WORD = r"(?:联系电话|电话号码|手机号码|手机号|电话|手机|号码|联系方式)"
#: The words before a number that tie it to another person ("老板叫王建军 电话",
#: "房东电话", "物业的电话是", "他电话", "老板王建军的手机号").
_BEFORE = gated(
    rf"(?:{_OTHER})(?:的)?(?:(?:叫|姓|是)?(?!{_PHONE_WORD}|的)(?P<name>[\u4e00-\u9fff]{{1,3}}?))?"
    rf"[\s，,]*(?:的)?{_PHONE_WORD}?(?:是|为)?[:：\s]*$"
)
#: The words after a number that tie it to another person ("…是老板的电话").
_AFTER = gated(rf"^[\s，,]*(?:是|为)?(?:{_OTHER})的?{_PHONE_WORD}")
#: The citizen's own number ("我的电话", "联系我", "打这个").
_OWN = gated(r"[我俺]|本人|联系我|找我|打这个|拨这个")


def _matches(text: str) -> Iterator[re.Match[str]]:
    seen: list[tuple[int, int]] = []
    for pattern in (MOBILE, LANDLINE):
        for m in pattern.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in seen):
                seen.append(m.span())
                yield m


def _anothers(text: str, start: int, end: int) -> bool:
    """True when the number at ``text[start:end]`` is tied to another person."""
    before = re.split(r"[。！？!?；;\n]", text[max(0, start - 24) : start])[-1]
    m = _BEFORE.search(before)
    if m is not None and _OWN.search(m.group(0)) is None:
        name = m.group("name")
        # a name after the role word is a name (王建军), never what they did (物业不管)
        named = name is None or (name[0] in SURNAMES and re.search(r"[不没了在给]", name) is None)
        # "我是王师傅 电话…", "我是开饭店的老板", "联系人：王师傅": the citizen's own title
        mine = re.search(r"(?:[我俺](?:是|叫)|联系人[是:：]?)[^\s，,。]{0,8}$", before[: m.start()])
        if named and mine is None:
            return True
    return _AFTER.match(text[end : end + 12]) is not None


#: a number taken back within the message (「说错了 是…」, 「不对 应该是…」)
_SAID_WRONG = re.compile(r"说错|不对|错了|打错|更正|应该是|改成|改为|重说")


def own_phone(raw: str, nlu: NluResult | None) -> str | None:
    """The citizen's own phone in ``raw`` (digits only): the first number not tied to
    another person (a later one when the citizen corrects it in the same message: 「13905301111
    哦说错了 是13905301112」); the NLU's phone entity when no number is written out."""
    matches = sorted(_matches(raw), key=lambda m: m.start())
    own = [m for m in matches if not _anothers(raw, m.start(), m.end())]
    if own:
        chosen = own[0]
        for m in own[1:]:
            if _SAID_WRONG.search(raw[chosen.end() : m.start()]) is not None:
                chosen = m
        return clean_phone(chosen.group(1))
    if matches or nlu is None:
        return None
    for kind in ("phone", "landline"):
        ent = nlu.first(kind)
        if ent is not None and not _anothers(nlu.text, ent.start, ent.end):
            return clean_phone(ent.value)
    return None


def mark_own_phones(text: str, mark: str) -> str:
    """``text`` with each of the citizen's own numbers replaced by ``mark``; another
    person's number stays (it is part of the matter)."""
    spans = sorted(
        (m.span() for m in _matches(text) if not _anothers(text, m.start(), m.end())),
        reverse=True,
    )
    for a, b in spans:
        text = text[:a] + mark + text[b:]
    return text


def name_pattern(name: str) -> str:
    """A regex for the citizen's ``name`` as written in their message (spaces allowed
    between its characters). A surname alone (李) is matched only after 姓 or as a word
    of its own ("李 138…"), never inside another word (李村镇)."""
    if len(name) > 1:
        return r"[ \u3000]?".join(map(re.escape, name))
    return rf"(?:(?<=姓)|(?<![^\s，,、:：])){re.escape(name)}(?![^\s，,、。])"
