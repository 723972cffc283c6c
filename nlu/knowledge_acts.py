"""The act a knowledge-base question asks about, beside the thing (trial9 N04).

「俺想办个营业执照 得带啥」 asks what to bring to get a licence: the entry about the
licence's e-version (下载电子营业执照) names the same thing and answers another act;
「孩子的出生证明丢了 咋补」 asks to have a lost certificate reissued: the entry about a
newborn's medical insurance names the certificate only as a material of its own act. An
entry answers a question only when it is about the act asked:

- the *distinct* acts on a thing (:data:`DISTINCT`): reissuing a lost one, renewing or
  replacing an expired or damaged one, changing or correcting it, cancelling it, its
  electronic version, its annual report or inspection; which one to choose (哪个驾校正规:
  a recommendation); when or by how much it changes (养老金啥时候能涨: an adjustment);
- *getting* it (:data:`OBTAIN`): applying, what to bring, where and how it is done.

An entry's acts are read from its title, questions and keywords (what it is about); its
answer counts only for an entry about no distinct act (临时身份证办理 says 补领 in its
answer: it answers "lost, need one now"). A question asking a distinct act is answered by
an entry about that act; one asking only to get the thing, by an entry about getting it
or about no distinct act; a question naming no act is not filtered here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from nlu.knowledge_words import FILLER as _FILLER
from nlu.regate import gated

#: A 补 that is no reissue: paying arrears, a subsidy, a lesson, an exam, making up.
_NOT_REISSUE = r"(?!缴|交|贴|助|课|考|偿|充|足|齐|差|税|录|种|牙|漆|胎)"
#: Acts on a thing other than getting it, each asked and answered in these words.
_DISTINCT_WORDS: Final = {
    "reissue": r"丢了|丢失|遗失|弄丢|找不着了|找不到了|被偷|被盗|补办|补领|补发|补换|补证|"
    r"(?:咋|怎么|怎样|能|还能|可以|再|去哪|在哪|上哪)补" + _NOT_REISSUE + r"|补(?:一|个|张|本|份)",
    "renew": r"换领|换证|换发|到期|过期|期满|有效期|续期|延期|"
    r"(?<![交转切兑替])换(?!乘|届|季|热|汇|工作)",
    "change": r"变更|更正|更改|修改|改名|更名|写错|(?:咋|怎么|怎样|如何|能|可以|要|去哪|在哪)改|"
    r"改(?:一下|成|为|个|掉|过来|回来)|(?:地址|名字|姓名|信息)变了",
    "cancel": r"注销|销户|报停|退卡|不干了|撤销",
    "electronic": r"电子(?!眼|警察|秤|产品|烟|厂)|下载|小程序|网上亮证",
    "annual": r"年报|年检|年审|年度报告",
    # which one to choose (哪个驾校正规, 哪家医院好): a recommendation, no procedure
    "choose": r"哪(?:个|家|所|些|里的?)[^\s，,。？?]{0,6}"
    r"(?:好|正规|靠谱|便宜|正宗|专业|有名|强|行)|推荐(?:个|一下|一个|几个)|选哪",
    # when or by how much it will change (养老金啥时候能涨): an adjustment, not the rule
    "adjust": r"(?:啥时候|什么时候|何时|几时|多会儿?|哪年|今年|明年)[^\s，,。？?]{0,4}"
    r"(?:涨|调|提高|上调|增加|提标)|涨(?:多少|了吗|了没|不涨|没涨)|能涨|上调|调标|提标|调整",
}
#: Getting the thing: applying, taking an exam for it, what to bring, how it is done.
_OBTAIN_WORDS: Final = (
    r"(?<![补换])(?:办理|办|申请|申领|申办|领取|领|开具|开个|开一[个张份]|注册|设立|登记|上户口|"
    r"落户|报名|考)|"
    r"带(?:啥|什么|哪些)|拿(?:啥|什么|哪些)|准备(?:啥|什么|哪些)|材料|手续|东西|证件"
)
DISTINCT: Final = {name: gated(words) for name, words in _DISTINCT_WORDS.items()}
OBTAIN: Final = gated(_OBTAIN_WORDS)


_CLAUSES = re.compile(r"[\s,，.。!！?？;；、~～…]+")
#: A clause that asks (咋补, 能补一张不, 要带啥, 去哪换): its act is the one asked.
_ASKS = gated(r"咋|怎么|怎样|如何|啥|什么|哪|谁|能不能|可不可以|多久|几[天个号]|[吗么呢嘛不没]$")
#: "What do I do" (咋办, 怎么弄): an asking clause that names no act of its own.
_WHAT_TO_DO = re.compile(r"(?:咋|怎么|怎样|如何)(?:办|整|弄|搞)")
#: Clauses an asking clause naming no act looks back over for the act (出生证找不着了 上学要用
#: 咋办).
_SETUP = 2


def _self_contained(clause: str) -> bool:
    """An asking clause that names an act, or enough of a thing to be asked on its own
    (异地就医备案咋弄), not 「咋办」 alone."""
    bare = _WHAT_TO_DO.sub(" ", clause)
    if distinct_acts(bare) or obtains(bare):
        return True
    return sum("\u4e00" <= ch <= "\u9fff" for ch in _FILLER.sub("", bare)) >= 4


def asked_part(text: str) -> str:
    """The part of ``text`` (normalized) that asks: each asking clause, and when it names no
    act (咋办) the two clauses before it; the whole text when no clause asks. A long
    story's acts (灯坏了也没人换, 物业换了好几茬) are not the act asked (改造咋申请)."""
    clauses = [c for c in _CLAUSES.split(text) if c]
    keep: set[int] = set()
    for i, clause in enumerate(clauses):
        if _ASKS.search(clause) is None:
            continue
        first = i if _self_contained(clause) else max(0, i - _SETUP)
        keep.update(range(first, i + 1))
    if not keep:
        return text
    return " ".join(clauses[j] for j in sorted(keep))


def distinct_acts(text: str) -> frozenset[str]:
    """The distinct acts (:data:`DISTINCT`) ``text`` names."""
    return frozenset(name for name, rx in DISTINCT.items() if rx.search(text) is not None)


def obtains(text: str) -> bool:
    """Whether ``text`` names getting a thing (:data:`OBTAIN`)."""
    return OBTAIN.search(text) is not None


@dataclass(frozen=True)
class EntryActs:
    """What an entry is about by act: the distinct acts its title, questions and keywords
    name; whether it is about getting the thing (its title names no distinct act, or one
    of its questions asks how to get it and names none); the distinct acts its answer
    speaks of."""

    about: frozenset[str]
    getting: bool
    told: frozenset[str]

    @classmethod
    def of(cls, pieces: Sequence[str], keywords: Sequence[str], answer: str) -> EntryActs:
        """The acts of an entry from its (normalized) title and questions (title first),
        keywords and answer."""
        acts = [distinct_acts(p) for p in pieces]
        return cls(
            about=frozenset().union(*acts, *(distinct_acts(k) for k in keywords)),
            getting=not acts[0]
            or any(not a and obtains(p) for a, p in zip(acts[1:], pieces[1:], strict=True)),
            told=distinct_acts(answer),
        )

    def answers(self, question: str, *, shares_act: bool = False) -> bool:
        """Whether the entry answers the act ``question`` (normalized) asks; ``shares_act``:
        the question names an act of the entry's own besides the thing (燃气过户要带啥 and
        燃气过户更名: the materials of 过户, not of getting gas)."""
        question = asked_part(question)
        asked = distinct_acts(question)
        if asked:
            if not asked.isdisjoint(self.about):
                return True
            # an entry about getting the thing: its answer must speak of the act asked
            return self.getting and not asked.isdisjoint(self.told)
        if obtains(question):
            # not an entry about another act only (下载, 年报, 注销)
            return self.getting or shares_act
        return True
