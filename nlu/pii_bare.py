"""Personal names in public text whatever precedes them (trial12 P08): 已联系赵红梅（电话…）,
有事找刘桂芝, 告诉李建国了, 张卫东同志, 马文华、周建华和郭长海.

The cue-word rules (:mod:`nlu.pii_names`) and the person contexts
(:mod:`nlu.pii_context`) know where a name is said; a unit's reply or an Open311
description names people after any verb (联系, 找, 告诉, 通知, 交给 …), so a public text
is read once more, cut into jieba's dictionary words (:func:`nlu.tokenize.segment`, no
HMM), surname first. A name is

- a word jieba's dictionary tags as a person, not a public figure (赵红梅, 李建国), or
- a common surname (:data:`nlu.entities.SURNAMES`, the two-character ones of
  :data:`nlu.pii_names.COMPOUND_SURNAMES`) standing as a word of its own, then one or
  two given characters: unknown characters (刘/桂/芝), or a two-character word that is a
  proper noun or rare (文华, 建华, 德福, 小花), never a common word (向/当地, 路/交叉) nor
  a function character (王/某, 钱/没, 于/2020).

So a surname character inside a word is none (行李, 子孙后代, 对方, 周边, 方便, 马上,
王府井, 高新区, 黄河路, 成武县, 一段时间), nor one after a number (8路车, 100米范围) or
after 把, 没, 有, 的 (把路堵了, 没钱修: a thing there), nor a surname and one character
that is a common verb (路/堵),
nor before a title (胡厅长, 王女士: the surname with a title is kept, as by the cue
rules), nor before a place or an organisation word (华/英/路, 金/鑫/超市). Characters
that far more often open a phrase (向, 于, 关 …: :data:`nlu.pii_context.PHRASE_OPENERS`)
take unknown given characters only. One given character when the second opens a word
(王/强/负责 -> 王*负责). Public answers prefer masking too much to publishing a name: a
look-alike not caught loses its given characters, never its first one.

Part of :func:`nlu.pii.mask_text` with ``public=True`` (texts the handling unit sees keep
names). Never raises on any text.
"""

from __future__ import annotations

import re

from nlu.pii_context import PHRASE_OPENERS, name_starts, surnames
from nlu.pii_names import COMPOUND_SURNAMES, PLACE_ENDS, ROLE_WORDS, TITLES, is_name
from nlu.pii_words import (
    common_word,
    function_char,
    heze_place,
    ordinary_word,
    person_word,
    public_figure,
    verb_char,
)

_HAN_RE = re.compile(r"[\u4e00-\u9fff]+")
#: Characters no given name holds whatever jieba tags them: function words, pronouns,
#: measure words, numbers (钱没给, 王某, 米多高, 时要).
_NOT_GIVEN = frozenset(
    "的了是在不没也都就还又说有人您你我他她它们某部几给把被让将从往到过着和与及或等对向为"
    "以于而但并很更最太要会能可该应已再才只这那哪谁啥怎么吗呢吧啊呀嘛个些次位名元块米斤"
    "号年月日点分秒岁层楼间家户姓氏一二三四五六七八九十百千万零两多少余整半每各其此时"
)
#: A title or office after a surname (胡厅长, 王女士, 陈书记, 李局长): the surname kept
#: as the cue rules keep it; a word after the given name (张卫东同志) ends the name.
_TITLE_RE = re.compile(
    r"(?:[市县区省乡镇厅局处科部院校村组队所站]长|总理|总|书记|主任|领导|[叔婶哥姐爷奶嫂]|"
    + "|".join(TITLES)
    + "|"
    + ROLE_WORDS
    + r")"
)
#: Words after a surname and given characters that make them a place or an organisation
#: (华英路, 金鑫超市, 宏达物业).
_PLACE_AFTER_RE = re.compile(
    r"(?:公司|集团|超市|商场|商店|饭店|酒店|宾馆|医院|诊所|药店|药房|学校|小学|中学|大学|学院"
    r"|幼儿园|银行|物业|中心|广场|市场|工地|项目|牌|[路街巷道区县市镇乡村庄屯寨集厂店局委站所馆社])"
)


#: What ends a place's name (庄, 村, 路 …: :data:`nlu.pii_names.PLACE_ENDS`) and a
#: building's (孔庙, 关帝庙, 望江亭).
_PLACE_ENDS = PLACE_ENDS | frozenset("庙祠庵塔观阁亭")
#: Words after which a surname character is far more often a thing (把路堵了, 没钱修, 有钱).
_OBJECT = frozenset(("把", "没", "有", "没有", "的"))


def _spans(text: str) -> list[tuple[int, str]]:
    """(start, word) of each word of ``text``."""
    from nlu.tokenize import segment  # the NLU's cached segmentation (tokenize imports jieba)

    words = segment(text)
    if "".join(words) != text:  # never expected: then every character is a word of its own
        words = list(text)
    out: list[tuple[int, str]] = []
    at = 0
    for word in words:
        out.append((at, word))
        at += len(word)
    return out


def _han(word: str) -> bool:
    return _HAN_RE.fullmatch(word) is not None


def _given_char(word: str) -> bool:
    """``word`` (one character) may be a given name's."""
    return _han(word) and word not in _NOT_GIVEN and not function_char(word)


def _given_word(word: str) -> bool:
    """``word`` (two characters, one dictionary word) may be a given name (文华, 建华)."""
    return _han(word) and not common_word(word) and not any(c in _NOT_GIVEN for c in word)


def _given(words: list[tuple[int, str]], i: int, surname: str) -> int:
    """How many characters of the words from ``i`` on are the given name (0, 1 or 2)."""
    nxt = [w for _, w in words[i : i + 3]] + ["", "", ""]
    rest = "".join(nxt)
    if not nxt[0] or _TITLE_RE.match(rest) is not None:
        return 0
    opener = surname in PHRASE_OPENERS
    if len(nxt[0]) == 2 and not opener and _given_word(nxt[0]):
        given = 2
    elif len(nxt[0]) == 1 and _given_char(nxt[0]):
        given = 2 if len(nxt[1]) == 1 and _given_char(nxt[1]) else 1
        if given == 1 and verb_char(nxt[0]):
            return 0  # 路/堵/了, 没钱/修: a deed after a noun
    else:
        return 0
    if not is_name(surname, rest[:given], need_surname=False):
        return 0  # 杨树, 谢谢, 马上: the NLU's words that open with a surname
    if _PLACE_AFTER_RE.match(rest, given) is not None or rest[given - 1] in _PLACE_ENDS:
        return 0 if given == 1 or rest[0] in _PLACE_ENDS else 1
    name = surname + rest[:given]
    return 0 if public_figure(name) or heze_place(name) else given


def _person(word: str, after: str, common: frozenset[str]) -> bool:
    """``word`` is a person of jieba's dictionary named by a common surname: two or three
    characters, no function or place character, no title or common word after the surname
    and none opening it (申请书, 陈书记, 高水平, 马桥镇 are tagged so too)."""
    if not 2 <= len(word) <= 3 or word[0] not in common or not person_word(word):
        return False
    given = word[1:]
    return not (
        any(c in _NOT_GIVEN for c in given)
        or given[-1] in _PLACE_ENDS
        or _TITLE_RE.match(given) is not None
        or (len(given) == 2 and common_word(given))
        or ordinary_word(word[:2])
        or public_figure(word[:2])
        or common_word(word[:2])
        or _PLACE_AFTER_RE.match(after) is not None
        or heze_place(word)
        or not is_name(word[0], given, need_surname=False)
    )


def bare_names(text: str) -> str:
    """``text`` with every name a common surname opens masked, the surname kept
    (已联系赵红梅 -> 已联系赵**). Run after the cue-word and context rules (a ``*`` there
    is a name masked already)."""
    if name_starts().isdisjoint(text):
        return text  # no surname character: nothing to cut into words
    common = surnames()
    words = _spans(text)
    chars = list(text)
    for i, (start, word) in enumerate(words):
        if word[0] not in common and word[:2] not in COMPOUND_SURNAMES:
            continue
        previous = words[i - 1][1] if i else ""
        before = previous[-1:]
        if (before.isalnum() and not _han(before)) or before == "*" or previous in _OBJECT:
            continue  # 8路车, 100米, 赵**, 把路堵了, 没钱
        if _person(word, words[i + 1][1] if i + 1 < len(words) else "", common):
            hidden = range(start + 1, start + len(word))  # 赵红梅, 李建国 (jieba's people)
        elif word in common or word in COMPOUND_SURNAMES:
            n = _given(words, i + 1, word)
            hidden = range(start + len(word), start + len(word) + n)
        else:
            continue
        for k in hidden:
            chars[k] = "*"
    return "".join(chars)
