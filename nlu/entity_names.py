"""Names said in the ways of Heze speech and of a form filled in a hurry, for
:func:`nlu.entities.extract` (which reads the plain leads: 我叫, 我是, 联系人 ...):

* a dialect or spoken lead: 俺是刘大壮, 俺名叫 / 名字叫 / 大名 / 全名 刘大壮, 恁叫俺刘大壮就中,
  就写刘大壮吧, 叫刘大壮 after a pause (姓刘 叫刘大壮);
* a bare name with the phone's own word between it and the number (刘大壮 电话139…,
  孙玉兰，手机号：139…), or after 俺 right before the number (俺刘大壮 139…).

Each is a name only when it opens with a surname and is no ordinary word (俺是党员, 单位电话
139…, 俺孙子 139…: jieba's dictionary, :func:`nlu.pii_words.ordinary_word`), no place
(俺是曹县的) and holds no word of a refusal (名字就不留了: the caller also takes refusal
spans out).
"""

from __future__ import annotations

from nlu.pii import COMPOUND_SURNAMES
from nlu.pii_words import function_char, ordinary_word, place_word
from nlu.regate import gated

_COMPOUND = "(?:" + "|".join(COMPOUND_SURNAMES) + ")"
_WHOLE = rf"(?:{_COMPOUND}[\u4e00-\u9fff]{{0,2}}?|[\u4e00-\u9fff]{{1,3}}?)"
_TITLE = r"(?:先生|女士|小姐|师傅|老师|大爷|大娘|大妈|阿姨|大姐|大哥)"
#: After the name: a pause, the end, the phone, or 就中 / 就行 / 吧 (what to write is that).
_AFTER = r"(?=[，,。.、！!\s0-9]|$|电话|手机|号码|联系|吧|呀|啊|就中|就行|就好|就可以|就成)"
#: A lead of speech: who the citizen is (俺是), what the name is (俺名叫, 大名), what to call
#: or write (叫俺, 就写), or 叫 opening a clause after a pause.
SPOKEN_NAME_RE = gated(
    r"(?:(?:俺|我)(?:就)?是|(?:俺|我)?的?(?:名字|名儿|名)叫|(?:俺|我)?的?(?:大名|全名)(?:叫|是)?|"
    r"叫(?:俺|我)|(?:^|(?<=[\s，,。、]))(?:就)?(?:写|记)(?:成|作|上)?|(?:^|(?<=[\s，,。、]))叫)"
    rf"[:：]?\s?(?P<name>{_WHOLE})(?P<title>{_TITLE})?" + _AFTER
)
#: A bare name and the phone's word before the number (刘大壮 电话139…, 孙玉兰，手机号：139…).
PHONE_WORD_NAME_RE = gated(
    rf"(?:^|(?<=[\s,，:：;；、。]))(?P<name>{_WHOLE})\s?(?P<title>{_TITLE})?[\s,，:：、]*"
    r"(?:俺的?|我的?)?(?:(?:联系)?(?:电话|手机)(?:号码|号)?|号码)(?:是|为)?[\s,，:：、]*"
    r"(?=(?:\+?86)?1[3-9][0-9])"
)
#: 俺 (我) and a name right before the number, with or without the phone's word (俺刘大壮
#: 139…, 俺孙玉兰 电话139…).
SELF_NAME_RE = gated(
    rf"(?:^|(?<=[\s,，:：;；、。]))(?:俺|我)(?P<name>{_WHOLE})\s?(?P<title>{_TITLE})?[\s,，:：、]*"
    r"(?:(?:电话|手机)(?:号码|号)?(?:是|为)?)?[\s,，:：、]*(?=(?:\+?86)?1[3-9][0-9])"
)
#: Words inside what would be a name that make it none (a refusal, the phone, a pronoun).
_STOP = (
    "不",
    "没",
    "甭",
    "别",
    "免",
    "匿名",
    "保密",
    "电话",
    "手机",
    "号码",
    "名字",
    "姓名",
    "这",
    "那",
    "俺",
    "恁",
    "个",
)
#: What the citizen is, said after 俺是 (业主, 村民, 党员 are mostly ordinary words too).
_ROLES = ("业主", "村民", "居民", "市民", "群众", "租户", "家长", "学生", "老师", "患者", "司机")


#: Kin words that open with a surname's character (俺孙子 139…, 俺是孙子辈).
_KIN = ("孙子", "孙女", "孙媳")


def plain_word(name: str) -> bool:
    """``name`` opens with an ordinary word, a place or a kin word (高中生, 党员, 黄河,
    孙子): what follows 俺是 / 我是, not who the citizen is."""
    head = name[:2]
    return len(name) >= 2 and (
        ordinary_word(head) or place_word(head) or place_word(name) or name.startswith(_KIN)
    )


def _named(name: str, surnames: frozenset[str]) -> bool:
    """``name`` opens with a surname and is no ordinary word, place or refusal."""
    if not (name[:1] in surnames or name[:2] in COMPOUND_SURNAMES):
        return False
    if any(w in name for w in _STOP) or name.startswith(_ROLES) or plain_word(name):
        return False
    if len(name) == 2 and function_char(name[1]) and name[1] not in "一二三四五六七八九十":
        return False  # 曾于, 王在: a surname's character before a preposition (张三 is a name)
    return name[-1] not in "了着过的"


def spoken_names(text: str, surnames: frozenset[str]) -> list[tuple[str, str | None, int, int]]:
    """(name, title, start, end) of each name said so in ``text`` (see the module)."""
    out: list[tuple[str, str | None, int, int]] = []
    for regex in (SPOKEN_NAME_RE, PHONE_WORD_NAME_RE, SELF_NAME_RE):
        for m in regex.finditer(text):
            name = m.group("name")
            if _named(name, surnames):
                out.append((name, m.group("title"), *m.span("name")))
    return out
