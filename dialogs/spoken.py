"""Patterns and helpers of spoken Chinese shared by the reading of answers: folding
full-width text, keyword lists from the wording table, phones, order numbers, emoticons."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from dialogs.wording import Wording
from nlu.regate import Matcher, gated

_D = "[0-9０-９]"
_S = r"[\s\-－.．·]?"
# digits may be full-width (１３８…), separated by spaces, dashes or dots; a number never
# starts inside a longer run of digit groups nor ends before more of them (the middle of
# 身份证3729 0119 9002 1233 45 is no landline)
_NOT_IN_RUN = r"(?<![0-9０-９])(?<![0-9０-９][\s\-－.．·])"
_NO_MORE = r"(?![0-9０-９])(?![\-－.．·][0-9０-９])"
MOBILE = gated(
    _NOT_IN_RUN + rf"(?:[+＋]?[8８][6６]{_S})?([1１]{_S}[3-9３-９](?:{_S}{_D}){{9}})" + _NO_MORE
)
LANDLINE = gated(_NOT_IN_RUN + rf"([0０]{_D}{{2,3}}{_S}[2-9２-９](?:{_S}{_D}){{6,7}})" + _NO_MORE)
ORDER_NO = gated(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ0-9０-９])([A-Za-zＡ-Ｚａ-ｚ]{1,4}[0-9０-９]{6,8}[-－]?[0-9０-９]{3,8})"
    r"(?![0-9０-９])"
)
PUNCT = re.compile(r"[\s，。！？、；：,.!?;:'\"“”‘’（）()【】\[\]<>《》~～…—\-_/\\|]+")
CJK = gated(r"[\u4e00-\u9fff]")
CONTENT = gated(r"[\u4e00-\u9fffA-Za-z0-9]")
EMOTICON = gated(
    r"\[[^\[\]\s]{1,8}\]|/:[^\s/]{1,8}|[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]"
)
# places a unit can find: territory, roads and estates, and named premises (a company,
# a shop, a site: "宏达建筑工地", "惠民超市", "天衢加油站")
PREMISES = (
    r"公司|集团|工厂|厂|店|超市|商场|商店|饭店|酒店|宾馆|工地|银行|加油站|门市|门面|"
    r"大厦|中心|车站|园区|馆|幼儿园|诊所|药房|网吧|浴池|菜市场"
)
PLACE_NOUN = gated(
    rf"(?:区|县|镇|乡|街道|村|社区|小区|路|街|大道|巷|号楼|单元|广场|市场|学校|医院|{PREMISES})"
)
PROBLEM = gated(
    r"坏|漏|堵|停|没有|没人|不|噪音|噪声|乱|脏|臭|违|占|拖欠|欠|吵|扰民|危险|破|塌|积水|垃圾|"
    r"污染|投诉|举报|反映|问题|收费|维修|修|拆|烂|卡|断|少|差|慢|冷|热|黑|响|偷|骗"
)


@lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """Full-width letters and digits to half-width, lower case (for matching only).

    Remembered: one answer is folded about ten times while it is read, and NFKC over
    Han text is not cheap (issue 16)."""
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=2048)
def plain(text: str) -> str:
    """``fold`` without punctuation and spaces: what keyword lists are matched against."""
    return PUNCT.sub("", fold(text))


def content_len(text: str) -> int:
    """Characters that carry content (CJK, letters, digits)."""
    return len(CONTENT.findall(text))


def digits(text: str) -> str:
    """The digits of ``text`` (full-width folded)."""
    return re.sub(r"[^0-9]", "", fold(text))


@lru_cache(maxsize=64)
def phrases(words: tuple[str, ...]) -> Matcher:
    """One pattern matching any of ``words`` (longest first), compiled once."""
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return gated(alts or r"(?!x)x")


@lru_cache(maxsize=16)
def _edges(words: tuple[str, ...]) -> tuple[Matcher, Matcher]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"
    sep = r"[\s，。！？、；：,.!?;:~～…]*"
    said = rf"(?:{alts})[啊呀哈哦噢嘛啦]*"  # with its particle ("您好呀", "恁好啊")
    return (
        # "这回还有个事 …", "另外有件事": a connective before an opener is no matter either
        gated(rf"^(?:{sep}(?:这回|这次|另外|再就是|还)*{said})+{sep}", re.IGNORECASE),
        gated(rf"{sep}(?:{said}{sep})+$", re.IGNORECASE),
    )


#: Characters at the end of a text searched for closing small talk (「谢谢了 再见」).
TAIL_WINDOW = 120


#: characters that continue the word before them (们, 的, 个): no cut in front of them
_STILL_THE_WORD = frozenset("们的个")


def strip_small_talk(text: str, wording: Wording) -> str:
    """``text`` without greetings and fillers at either end ("在吗", "问一下", "你好")."""
    head, tail = _edges(
        wording.words("small_talk") + wording.words("ask_intro") + wording.words("appeal_intro")
    )
    core = head.sub("", text.strip())
    if core != text.strip() and core[:1] in _STILL_THE_WORD:
        # "麻烦你们个事" is not 麻烦你 + 们个事, nor "我要反映的是…" 我要反映 + 的是…: a word
        # that goes on is no greeting to cut off
        core = text.strip()
    # the tail pattern, anchored at the end, is tried from every position: on a long run
    # of separators (「。」×5000) that is quadratic and held the event loop for seconds
    # (trial5 F02); small talk at the end is short, so only the last TAIL_WINDOW
    # characters are searched
    cut = max(0, len(core) - TAIL_WINDOW)
    core = core[:cut] + tail.sub("", core[cut:])
    return core.strip()


def has_word(words: tuple[str, ...], text: str) -> bool:
    """True when one of ``words`` occurs in ``text``."""
    return bool(words) and phrases(words).search(text) is not None


def only(p: str, words: tuple[str, ...]) -> bool:
    """True when ``p`` is made of ``words`` (at least one) and fillers like 了/啊/哈."""
    if not p or not words:
        return False
    rest, n = phrases(words).subn("", p)
    return n > 0 and not re.sub(r"[了啊呀哈哦噢嗯的吧呢啦嘛]", "", rest)


_CN_DIGIT = str.maketrans("零〇一二三四五六七八九幺两", "0012345678912")
_CN_RUN = gated(r"[零〇一二三四五六七八九幺两](?:[\s\-－]?[零〇一二三四五六七八九幺两]){6,}")


def cn_digits(text: str) -> str:
    """Runs of seven or more Chinese numerals as digits ("幺三八五三…" -> "13853…"), as
    speech recognition writes phone numbers; shorter runs ("三天", "十几") stay."""
    return _CN_RUN.sub(lambda m: re.sub(r"[\s\-－]", "", m.group(0)).translate(_CN_DIGIT), text)


def clean_phone(phone: str) -> str:
    """Digits only; ``+86`` dropped from a mobile number."""
    d = digits(phone)
    if len(d) == 13 and d.startswith("86"):
        d = d[2:]
    return d
