"""Understanding one message in its context: which facts of an appeal it carries.

:func:`read` turns a text (with its NLU result, when there is one) and what the bot
asked last (``expecting``) into a :class:`Reading`: the matter, place, since when,
phone, name, a refusal of contact, yes/no, cancel, thanks, a correction and its target.
Several facts may come in one message and in any order; none of them is ever the
matter (the matter is the citizen's description, never small talk or an answer).

Rules use the NLU's fields when present (intent, category, territory, entities) and
fall back to the keyword lists of the wording table (``config/data/wording.yml``) and a
few patterns of spoken Chinese, so the dialogue degrades sensibly without the NLU.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from dialogs.state import CategoryGuess, Place
from dialogs.wording import Wording
from nlu.types import NluResult

Expecting = Literal["none", "matter", "place", "since", "contact", "confirm", "amend"]
Target = Literal["place", "phone", "name", "since", "matter"]
Words = Callable[[str], tuple[str, ...]]

_D = "[0-9０-９]"
_S = r"[\s\-－.．·]?"
_MOBILE = re.compile(
    rf"(?<![0-9０-９])(?:[+＋]?86{_S})?(1{_S}[3-9](?:{_S}{_D}){{9}})(?![0-9０-９])"
)
_LANDLINE = re.compile(rf"(?<![0-9０-９])(0{_D}{{2,3}}{_S}[2-9](?:{_S}{_D}){{6,7}})(?![0-9０-９])")
_ORDER = re.compile(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ0-9０-９])([A-Za-zＡ-Ｚａ-ｚ]{1,4}[0-9０-９]{6,8}[-－]?[0-9０-９]{3,8})"
    r"(?![0-9０-９])"
)
_LAST4 = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_PUNCT = re.compile(r"[\s，。！？、；：,.!?;:'\"“”‘’（）()【】\[\]<>《》~～…—\-_/\\|]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_EMOTICON = re.compile(
    r"\[[^\[\]\s]{1,8}\]|/:[^\s/]{1,8}|[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]"
)
_NUM = r"(?:[0-9]+|[一二两三四五六七八九十百几半]+|好几|十几|二十几|几十)"
_DURATION = re.compile(
    rf"((?:已经|都|快|有|差不多|大概|将近|足足|整整)?{_NUM}(?:个)?多?"
    r"(?:天|日|周|星期|礼拜|个月|月|年|小时|钟头)(?:多|左右|了)?)"
    r"(?!楼|号|单元|层|户|组|排|栋|幢|室|元|块|米|斤|人|次|辆|家|岁)"
)
_SINCE_FROM = re.compile(r"(?:从|自打|打从)([^，。,.!?！？\s从]{1,12}?)(?:开始|起|以来|以后)")
_SINCE_WORDS = re.compile(
    r"(最近|这几天|这两天|前几天|前两天|近期|近来|一直|好久|很久|长期|多年|好长时间|"
    r"昨天|前天|今天|上周[一二三四五六日天]?|上个?月|上星期|去年|今年|年初|月初|刚刚|刚才)"
)
_SINCE_SUFFIX = re.compile(
    r"((?:\d{1,2}月\d{1,2}[日号]|[0-9一二三四五六七八九十]{1,3}月(?:份)?|入冬|入夏|开学|过年|春节|年前|年后|"
    r"前天|昨天|今天|上周[一二三四五六日天]?|上个?月|上星期|去年|今年|年初|月初)"
    r"(?:以来|开始的?|起))"
)
_NAME_LEAD = re.compile(
    r"(?:我叫|我的名字是|名字是|名字叫|姓名是?|本人|联系人是?|称呼我?|叫我)[:：\s]*"
    r"([\u4e00-\u9fff]{2,4}?)(?=[，,。.、\s0-9０-９]|$|电话|手机|号码|先生|女士)"
)
_SURNAME_ONLY = re.compile(r"(?:我|本人)?(?:免贵)?姓([\u4e00-\u9fff])(?![\u4e00-\u9fff]{2})")
_TITLED = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff](?:先生|女士|小姐|阿姨|大爷|师傅))")
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟"
    "殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游"
    "辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫"
    "费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明"
    "佘池查麻苑迟邝"
)
_NOT_NAME_CHARS = frozenset("了的吗呢吧啊呀是不没在要我你他她们这那好谢人有用留说想知道清楚")
_PLACE_LEAD = re.compile(
    r"^(?:地点|地址|位置|地方|事发地|发生地)?(?:是|在|就在|位于|改成|改为|换成|应该是|为)?[:：\s]*"
)
_PLACE_TRAIL = re.compile(
    r"(?:这边|那边|附近|那里|这里|那块|这块|一带|那儿|这儿)?[吧啊呢呀了的。，,.!！\s]*$"
)
_PLACE_CUE = re.compile(r"^(?:在|就在|住在|位于|地址|地点|位置)")
_PLACE_NOUN = re.compile(
    r"(?:区|县|镇|乡|街道|村|社区|小区|路|街|大道|巷|号楼|单元|广场|市场|学校|医院)"
)
_PROBLEM = re.compile(
    r"坏|漏|堵|停|没有|没人|不|噪音|噪声|乱|脏|臭|违|占|拖欠|欠|吵|扰民|危险|破|塌|积水|垃圾|"
    r"污染|投诉|举报|反映|问题|收费|维修|修|拆|烂|卡|断|少|差|慢|冷|热|黑|响|偷|骗"
)
_FIX = re.compile(
    r"改成|改为|改一下|更正|打错|写错|说错|错了|不对|应该是|纠正|更改|换成|有误|是错的"
)
_MATTER_INTENTS = ("appeal", "complain_staff", "ask_info")
# "不想留", "就不透露了", "不愿意告诉", "不方便给": a negated verb of giving, about contact
_REFUSE = re.compile(
    r"不(?:太|大)?(?:想|愿意?|方便|用|需要|要|必|便)?(?:留|透露|提供|告诉|给|说|登记|写)"
)
_CONTACT_WORD = re.compile(r"电话|手机|号码|联系|名字|姓名|个人信息|信息|身份|称呼")
_NO_LEAD = re.compile(r"^(?:不对|不是|错了|有误|不正确|不行|修改|要改|需要修改|改一下|有错|不太对)")
_YES_LEAD = re.compile(
    r"^(?:确认|确定|对的|对对|没问题|是的|可以|提交|好的|行|没错|正确|无误|ok|嗯嗯|对)"
)
_PHONE_WORDS = re.compile(
    r"(?:我的)?(?:手机|电话|手机号|电话号码|联系电话|号码)(?:是|为)?[:：]?\s*(?=[，,。\s]|$)"
)
_TARGETS: tuple[tuple[Target, re.Pattern[str]], ...] = (
    ("phone", re.compile(r"电话|手机|号码|联系方式")),
    ("place", re.compile(r"地点|地址|位置|地方|门牌|小区名")),
    ("name", re.compile(r"名字|姓名|称呼")),
    ("since", re.compile(r"时间|开始|日期|多久")),
    ("matter", re.compile(r"内容|问题描述|诉求|情况")),
)


def fold(text: str) -> str:
    """Full-width letters and digits to half-width, lower case (for matching only)."""
    return unicodedata.normalize("NFKC", text).lower()


def plain(text: str) -> str:
    """``fold`` without punctuation and spaces: what keyword lists are matched against."""
    return _PUNCT.sub("", fold(text))


def content_len(text: str) -> int:
    """Characters that carry content (CJK, letters, digits)."""
    return len(_CONTENT.findall(text))


def digits(text: str) -> str:
    """The digits of ``text`` (full-width folded)."""
    return re.sub(r"[^0-9]", "", fold(text))


@lru_cache(maxsize=64)
def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(alts or r"(?!x)x")


@lru_cache(maxsize=16)
def _edges(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"
    sep = r"[\s，。！？、；：,.!?;:~～…]*"
    return (
        re.compile(rf"^(?:{sep}(?:{alts}))+{sep}", re.IGNORECASE),
        re.compile(rf"{sep}(?:(?:{alts}){sep})+$", re.IGNORECASE),
    )


def strip_small_talk(text: str, wording: Wording) -> str:
    """``text`` without greetings and fillers at either end ("在吗", "问一下", "你好")."""
    head, tail = _edges(
        wording.words("small_talk") + wording.words("ask_intro") + wording.words("appeal_intro")
    )
    core = head.sub("", text.strip())
    core = tail.sub("", core)
    return core.strip()


def has_word(words: tuple[str, ...], text: str) -> bool:
    """True when one of ``words`` occurs in ``text``."""
    return bool(words) and _phrases(words).search(text) is not None


@dataclass(frozen=True)
class Reading:
    """What one message tells, in the context of what was asked."""

    text: str  # the whole text
    plain: str  # folded, without punctuation (keyword matching)
    core: str = ""  # the text without greetings and fillers at either end
    intent: str | None = None
    confident: bool = False
    small_talk: bool = False  # nothing but greetings and fillers
    ask_intro: bool = False  # "问一下", "咨询一下": a question is coming
    appeal_intro: bool = False  # "我要反映个问题", "我要投诉": a matter is coming
    emoticons_only: bool = False
    thanks: bool = False  # thanks or goodbye, nothing more
    yes: bool | None = None  # an answer to a yes/no question
    cancel: bool = False  # 算了 不提交了, 取消 ...
    human: bool = False
    anonymous: bool = False  # refuses to leave a contact
    name_refused: bool = False
    phone: str | None = None
    name: str | None = None
    place: Place | None = None
    since: str | None = None
    dont_know: bool = False
    order_number: str | None = None
    question: bool = False  # a policy or procedure question
    consult: bool = False  # "不是投诉 就是想问问"
    progress: bool = False  # asks about an order's progress
    repeat_cue: bool = False  # "还是…", "前面说了", "到现在也没人"
    fixes: frozenset[Target] = field(default_factory=frozenset)  # corrections named
    fix: bool = False  # a correction marker, target or not
    matter: str = ""  # the description this message adds ("" when none)
    category: CategoryGuess | None = None

    @property
    def has_facts(self) -> bool:
        """True when the message carries a slot value (not counting the matter)."""
        return (
            self.phone is not None
            or self.name is not None
            or self.place is not None
            or self.since is not None
            or self.anonymous
        )


def read(
    text: str,
    nlu: NluResult | None,
    wording: Wording,
    *,
    expecting: Expecting = "none",
    offered: tuple[str, ...] = (),
) -> Reading:
    """Understand ``text`` given what the bot asked last (``expecting``).

    ``offered`` are the quick replies' payloads that a numbered or typed title already
    resolved (the caller passes the chosen payload's meaning through ``yes``).
    """
    raw = text.strip()
    p = plain(raw)
    intent = nlu.intent.name if nlu is not None else None
    confident = nlu is not None and nlu.intent.confidence >= 0.5
    words = wording.words
    folded = fold(raw)

    emoticons = bool(raw) and not _PUNCT.sub("", _EMOTICON.sub("", raw))
    core = strip_small_talk(raw, wording)
    small_talk = bool(raw) and not emoticons and content_len(core) == 0
    ask_intro = small_talk and has_word(words("ask_intro"), p)
    appeal_intro = small_talk and not ask_intro and has_word(words("appeal_intro"), p)
    thanks = bool(p) and (
        _only(p, words("thanks"))
        or (intent == "thank" and confident and len(p) <= 6 and not has_word(words("no"), p))
    )

    phone = _phone(raw, nlu)
    order_number = _order_number(raw, nlu)
    cancel = _cancel(p, words, expecting)
    anonymous, name_refused = _refusal(p, words, expecting, phone)
    fixes, fix = _fixes(p)
    yes = _yes_no(p, words, intent, confident)
    dont_know = has_word(words("dont_know"), p)
    name = _name(raw, nlu, words, expecting, phone, anonymous or name_refused or cancel)
    place = _place(raw, core, nlu, expecting, fixes, small_talk or cancel)
    answered = (
        phone is not None
        or anonymous
        or name_refused
        or cancel
        or (name is not None and content_len(core) <= len(name) + 4)
    )
    since = _since(core, folded, nlu, expecting, dont_know, wording, answered=answered)
    question = (intent == "ask_info" and confident) or has_word(words("question"), p)
    consult = has_word(words("consult"), p)
    # asking about an order: its words ("查询", "进度" ...), not the NLU's guess alone
    progress = has_word(words("progress"), p) and (
        order_number is not None or intent == "ask_progress" or len(p) <= 16
    )
    repeat_cue = has_word(words("repeat_cue"), p)
    # a person asked for in words ("转人工"); the NLU's guess alone only for a short text
    human = len(p) <= 12 and (
        has_word(words("human"), p) or (intent == "ask_human" and confident and len(p) <= 6)
    )

    answer_only = (
        small_talk
        or emoticons
        or thanks
        or cancel
        or (yes is not None and len(p) <= 6)
        or (anonymous and len(p) <= 12)
        or (dont_know and len(p) <= 8)
        or (human and len(p) <= 12)
    )
    matter = ""
    if not answer_only:
        matter = _matter(core, nlu, expecting, phone, name, place, since, order_number)
    category = None
    c = nlu.category if nlu is not None else None
    if matter and c is not None and (intent in _MATTER_INTENTS or content_len(matter) >= 8):
        category = CategoryGuess(level1=c.level1, level2=c.level2, unit_type=c.unit_type)
    return Reading(
        text=raw,
        plain=p,
        core=core,
        intent=intent,
        confident=confident,
        small_talk=small_talk,
        ask_intro=ask_intro,
        appeal_intro=appeal_intro,
        emoticons_only=emoticons,
        thanks=thanks,
        yes=yes,
        cancel=cancel,
        human=human,
        anonymous=anonymous,
        name_refused=name_refused,
        phone=phone,
        name=name,
        place=place,
        since=since,
        dont_know=dont_know,
        order_number=order_number,
        question=question,
        consult=consult,
        progress=progress,
        repeat_cue=repeat_cue,
        fixes=fixes,
        fix=fix,
        matter=matter,
        category=category,
    )


# ---------------------------------------------------------------------------- parts
def _only(p: str, words: tuple[str, ...]) -> bool:
    """True when ``p`` is made of ``words`` (at least one) and fillers like 了/啊/哈."""
    if not p or not words:
        return False
    rest, n = _phrases(words).subn("", p)
    return n > 0 and not re.sub(r"[了啊呀哈哦噢嗯的吧呢啦嘛]", "", rest)


def _phone(raw: str, nlu: NluResult | None) -> str | None:
    m = _MOBILE.search(raw) or _LANDLINE.search(raw)
    if m is not None:
        return clean_phone(m.group(1))
    if nlu is not None:
        for kind in ("phone", "landline"):
            ent = nlu.first(kind)
            if ent is not None:
                return clean_phone(ent.value)
    return None


def clean_phone(phone: str) -> str:
    """Digits only; ``+86`` dropped from a mobile number."""
    d = digits(phone)
    if len(d) == 13 and d.startswith("86"):
        d = d[2:]
    return d


def _order_number(raw: str, nlu: NluResult | None) -> str | None:
    if nlu is not None:
        ent = nlu.first("order_no")
        if ent is not None:
            return ent.value.upper()
    m = _ORDER.search(raw)
    return fold(m.group(1)).upper().replace("－", "-") if m else None


def _cancel(p: str, words: Words, expecting: Expecting) -> bool:
    w = words
    if has_word(w("cancel"), p):
        return True
    # "算了", "不用了" alone: cancelling, except as the answer to "leave a phone?"
    return expecting != "contact" and _only(p, w("cancel_soft"))


def _refusal(p: str, words: Words, expecting: Expecting, phone: str | None) -> tuple[bool, bool]:
    w = words
    if phone is not None:
        return False, False
    strong = has_word(w("anonymous"), p) or (
        _REFUSE.search(p) is not None
        and (_CONTACT_WORD.search(p) is not None or (expecting == "contact" and len(p) <= 10))
    )
    name_only = (
        strong
        and bool(re.search(r"名字|姓名|名", p))
        and not re.search(r"电话|手机|联系|号码|匿名|个人信息", p)
    )
    if name_only:
        return False, True
    if strong:
        return True, False
    if expecting == "contact":
        soft = _only(p, w("anonymous_soft")) or _only(p, w("no")) or _only(p, w("none"))
        return soft, False
    return False, False


def _fixes(p: str) -> tuple[frozenset[Target], bool]:
    fix = _FIX.search(p) is not None
    targets = frozenset(t for t, rx in _TARGETS if rx.search(p)) if fix else frozenset()
    return targets, fix


def _yes_no(p: str, words: Words, intent: str | None, confident: bool) -> bool | None:
    w = words
    yes, no = w("yes"), w("no")
    if not p:
        return None
    if p in no:
        return False
    if p in yes:
        return True
    # a leading negative wins over what follows ("不对，地点是…", "不是，是…")
    if re.match(r"^(?:不对|不是|错了|有误|不正确|不行|修改|要改|需要修改|改一下|有错|不太对)", p):
        return False
    if re.match(
        r"^(?:确认|确定|对的|对对|没问题|是的|可以|提交|好的|行|没错|正确|无误|ok|嗯嗯|对)", p
    ):
        return True
    if confident and intent == "affirm":
        return True
    if confident and intent == "deny":
        return False
    if _only(p, tuple(x for x in no if len(x) >= 2)):
        return False
    if _only(p, tuple(x for x in yes if len(x) >= 2)):
        return True
    return None


def _name(
    raw: str,
    nlu: NluResult | None,
    words: Words,
    expecting: Expecting,
    phone: str | None,
    refused: bool,
) -> str | None:
    w = words
    if refused:
        return None
    folded = fold(raw)
    m = _NAME_LEAD.search(folded)
    if m is not None and _plausible_name(m.group(1), w):
        return m.group(1)
    m = _TITLED.search(folded)
    if m is not None and m.group(1)[0] in _SURNAMES:
        return m.group(1)
    m = _SURNAME_ONLY.search(folded)
    if m is not None and m.group(1) in _SURNAMES:
        return m.group(1)
    if nlu is not None:
        ent = nlu.first("name")
        if ent is not None and _plausible_name(ent.value, w):
            return ent.value
    if expecting == "contact" or phone is not None:
        # "王芳 13853001234", or a bare name as the answer to "your name and phone?"
        rest = _PUNCT.sub(" ", _LANDLINE.sub(" ", _MOBILE.sub(" ", folded))).split()
        cands = [t for t in rest if _CJK.search(t)]
        if len(cands) == 1:
            cand = re.sub(r"^(?:我是|我叫|叫|是)", "", cands[0])
            cand = re.sub(r"(?:的|吧|啊)$", "", cand)
            if _plausible_name(cand, w) and cand[0] in _SURNAMES:
                return cand
    return None


def _plausible_name(cand: str, w: Words) -> bool:
    if not (2 <= len(cand) <= 4) or not all(_CJK.match(c) for c in cand):
        return False
    if any(c in _NOT_NAME_CHARS for c in cand[1:]) or cand[0] in "不没我你他她这那":
        return False
    lists = ("yes", "no", "thanks", "anonymous", "dont_know", "none", "cancel", "small_talk")
    return not any(cand in w(k) or has_word(w(k), cand) for k in lists)


def _place(
    raw: str,
    core: str,
    nlu: NluResult | None,
    expecting: Expecting,
    fixes: frozenset[Target],
    nothing: bool,
) -> Place | None:
    if nothing:
        return None
    terr = nlu.territory if nlu is not None else None
    addr = nlu.first("address") if nlu is not None else None
    answering = expecting == "place" or "place" in fixes
    detail: str | None = None
    if answering:
        text = core
        if "place" in fixes:
            m = re.search(r"(?:改成|改为|换成|应该是|是)(.+)$", text)
            text = m.group(1) if m else text
        detail = _place_text(text)
    if terr is not None and (terr.county or terr.township or terr.village):
        d = terr.detail or (addr.value if addr is not None else None)
        if d is None:
            rest = _leftover(detail or core, (terr.county, terr.township, terr.village))
            if answering or _address_only(rest):
                d = _place_text(rest) if content_len(rest) <= 20 else None
        d = _place_text(d) if d else None
        return Place(
            county=terr.county, township=terr.township, village=terr.village, detail=d or None
        )
    if addr is not None:
        return Place(detail=_place_text(addr.value) or addr.value)
    if answering and detail and content_len(detail) >= 2 and _place_like(detail):
        return Place(detail=detail[:120])
    if _PLACE_CUE.match(core) and _PLACE_NOUN.search(core) and not _PROBLEM.search(core):
        return Place(detail=_place_text(core)[:120])
    return None


_ADDRESS_ONLY = re.compile(
    r"^[\u4e00-\u9fff0-9a-z]{0,14}(?:区|县|镇|乡|街道|村|社区|小区|花园|家园|苑|公寓|广场|路|街|"
    r"大道|巷|胡同|号楼|号院|号|单元|室|栋|幢|楼|门口|附近|对面|旁边|楼下|路口)$"
)


def _address_only(text: str) -> bool:
    """True when ``text`` is nothing but (more of) an address ("阳光小区3号楼")."""
    t = _PUNCT.sub("", fold(text))
    return bool(t) and _ADDRESS_ONLY.match(t) is not None and _PROBLEM.search(t) is None


def _place_like(text: str) -> bool:
    """An answer to "where?" that names a place, not another description of the matter
    ("欠我们八个人两个月工资" is no place)."""
    if _PLACE_NOUN.search(text) or re.search(r"门口|对面|旁边|附近|楼下|路口|东|西|南|北", text):
        return True
    return content_len(text) <= 12 and _PROBLEM.search(text) is None


def _place_text(text: str) -> str:
    t = _PLACE_LEAD.sub("", text.strip())
    t = _PLACE_TRAIL.sub("", t)
    return t.strip(" ，,。.")


def _leftover(text: str, parts: tuple[str | None, ...]) -> str:
    for part in sorted((p for p in parts if p), key=len, reverse=True):
        text = text.replace(part, "")
    return text.strip(" ，,。.")


def _since(
    core: str,
    folded: str,
    nlu: NluResult | None,
    expecting: Expecting,
    dont_know: bool,
    wording: Wording,
    *,
    answered: bool,
) -> str | None:
    answering = expecting == "since" and not answered
    m = _DURATION.search(folded)
    if m is not None:
        return m.group(1).removeprefix("已经").removeprefix("都").removesuffix("了")
    m = _SINCE_FROM.search(folded)
    if m is not None:
        inner = m.group(1)
        w = _SINCE_WORDS.search(inner)
        return w.group(1) if w is not None and len(w.group(1)) >= len(inner) - 1 else inner
    m = _SINCE_SUFFIX.search(folded)
    if m is not None:
        return m.group(1)
    if answering:
        if dont_know:
            return wording.say("summary_unknown")
        m = _SINCE_WORDS.search(folded)
        if m is not None:
            return m.group(1)
        if nlu is not None:
            when = nlu.first("date") or nlu.first("time")
            if when is not None:
                return when.value
        text = core.strip(" ，,。.")
        return text[:40] if content_len(text) > 0 else None
    m = _SINCE_WORDS.search(folded)
    if m is not None and m.group(1) in ("好久", "很久", "长期", "多年", "好长时间"):
        return m.group(1)
    return None


def _matter(
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
    text = _MOBILE.sub("", core)
    text = _LANDLINE.sub("", text)
    text = re.sub(
        r"(?:我的)?(?:手机|电话|手机号|电话号码|联系电话|号码)(?:是|为)?[:：]?\s*(?=[，,。\s]|$)",
        "",
        text,
    )
    if name is not None:
        text = re.sub(
            rf"(?:我叫|我的名字是|名字是|姓名是?|本人|联系人是?|我是|我姓|免贵姓)?\s*{re.escape(name)}",
            "",
            text,
        )
    if order_number is not None:
        text = re.sub(re.escape(order_number), "", text, flags=re.IGNORECASE)
    text = text.strip().lstrip("，,。.;；：:").rstrip("，,;；：: ")
    rest = text
    if place is not None:
        rest = _leftover(rest, (place.county, place.township, place.village, place.detail))
    if since is not None:
        rest = rest.replace(since, "")
    rest = re.sub(r"^(?:在|就在|是|位于|地址是?|地点是?)|(?:了|的|吧|啊|呢|呀|哦|开始)$", "", rest)
    n = content_len(rest)
    problem = _PROBLEM.search(rest) is not None
    if place is not None and _address_only(rest):
        return ""  # what is left is more of the address ("阳光小区3号楼")
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
    return ""
