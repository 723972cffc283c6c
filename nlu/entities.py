"""Entity extraction: phones, landlines, ID numbers (checksum), names, addresses, dates,
times, "since when" (``since``) versus "when it happens" (``recurring``), order numbers and
licence plates. ``masked`` hides personal data.

A name is taken after a lead word (我叫, 我是, 联系人 ...; in speech 俺是, 俺名叫, 叫俺:
:mod:`nlu.entity_names`) or given bare beside a phone (李四 13912345678, 李 13812345678,
刘大壮 电话139…, 俺刘大壮 139…); a refusal (名字就不留了, 匿名) is never a name. A
title (王小明女士, 李师傅) is kept apart in ``Entity.title``; a surname given alone (我姓赵,
李 138..., 李师傅) is flagged ``Entity.surname_only``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nlu.acts import refusal_spans
from nlu.address import address_span
from nlu.entity_names import plain_word, spoken_names
from nlu.measures import measured_spans
from nlu.pii import (
    COMPOUND_SURNAMES,
    ID_CARD_RE,
    LANDLINE_RE,
    MOBILE_RE,
    fold,
    fold_number_separators,
    id_checksum_ok,
    mask_id,
    mask_phone,
    spoken_digits,
)
from nlu.regate import gated
from nlu.types import Entity

ORDER_RE = gated(r"(?<![A-Za-z0-9])(HZ\d{8}-\d{6})(?![0-9])", re.IGNORECASE)
# 鲁R is Heze; any province prefix accepted; new-energy plates have 6 characters after
PLATE_RE = gated(
    r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][·•]?(?:[A-HJ-NP-Z0-9]{5,6}))(?![A-Za-z0-9])"
)
_CN_NUM = "零〇一二两三四五六七八九十"
DATE_RE = gated(
    r"((?:(?:19|20)\d{2}年)?(?:1[0-2]|0?[1-9])月(?:3[01]|[12]\d|0?[1-9])[日号])"
    r"|((?:19|20)\d{2}[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9]))"
    r"|(大前天|前天|昨天|今天|明天|后天|上周[一二三四五六日天]?|本周[一二三四五六日天]?|"
    r"上个月|这个月|上月|本月|去年|今年)"
)
TIME_RE = gated(
    r"((?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|半夜)?(?:[01]?\d|2[0-3])[:：][0-5]\d)"
    r"|((?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|半夜)?(?:[01]?\d|2[0-3]|[" + _CN_NUM + r"]{1,3})"
    r"[点时](?:半|[0-5]?\d分|[" + _CN_NUM + r"]{1,3}分)?)"
)
#: An ID number typed in groups (3717 0219 8503 1577 77, 372901-19900212-3345): one number.
SPACED_ID_RE = gated(
    r"(?<![0-9A-Za-z])([1-9][0-9]{1,5}(?:[ \u3000\-.·]{1,2}[0-9]{1,8}){1,5}[Xx]?)(?![0-9A-Za-z])"
)
#: A mobile number said in spoken digits (一三九五三零零七七七七, 幺三九 5300 7777).
_SPOKEN_PHONE_RE = gated(
    r"[0-9零〇○洞一幺壹二两贰三叁四肆五伍六陆七柒八捌九玖]"
    r"(?: ?[-.]? ?[0-9零〇○洞一幺壹二两贰三叁四肆五伍六陆七柒八捌九玖]){10}"
)
#: A title after a name (王小明女士, 李师傅): kept apart, never part of the name.
TITLE = r"(?:先生|女士|小姐|师傅|老师|大爷|大娘|大妈|阿姨|大姐|大哥|老板|经理|主任|同志)"
#: A two-character surname (复姓: 欧阳, 司马, 诸葛 ...): a name that begins with one has
#: up to two characters more (欧阳小梅), also typed with spaces (欧阳 小 梅; trial9 F15).
_COMPOUND = "(?:" + "|".join(COMPOUND_SURNAMES) + ")"
#: A name written together: a compound surname and up to two characters, or one to three.
_WHOLE = rf"(?:{_COMPOUND}[\u4e00-\u9fff]{{0,2}}?|[\u4e00-\u9fff]{{1,3}}?)"
#: A name typed with a space (or a full-width space) between its parts: a compound surname
#: then one or two parts (欧阳 小 梅, 欧阳 小梅), or a character then one or two more.
_SPACED = (
    rf"(?:{_COMPOUND}(?:[ \u3000][\u4e00-\u9fff]{{1,2}}){{1,2}}|"
    r"[\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff]){1,2})"
)
NAME_RE = gated(
    r"(?:我叫|(?P<dialect>俺叫)|我的名字是|本人|我是|"
    # the field and what to fill in (联系人写王桂兰, 姓名填李强): the verb is no name's
    r"(?P<field>联系人|姓名)(?:就|可以|也)?(?:写|填|留|记)?(?:成|作|为)?|名字是?)[:：]?\s?"
    rf"(?P<name>{_WHOLE})(?P<title>{TITLE})?"
    r"(?=[，,。.、\s]|$|电话|手机|身份证|住|家住|在)"
)
#: A name typed with spaces between its characters after a lead word (我叫张 三).
SPACED_NAME_RE = gated(
    r"(?:我叫|俺叫|我的名字是|(?P<field>联系人|姓名)|名字是?)[:：]?\s?"
    rf"(?P<name>{_SPACED})"
    r"(?=[，,。.、\s0-9]|$|电话|手机|身份证)"
)
NAME_SURNAME_RE = gated(rf"(?:我姓|免贵姓|俺姓)({_COMPOUND}|[\u4e00-\u9fff])({TITLE})?")
#: Common Chinese surnames (a bare name beside a phone must start with one).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳"
    "甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解"
    "牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米杭鞠仇栾邬"
)
#: One to three Han characters (a surname alone, or a full name), with a title or not,
#: given bare before or after a mobile number (李 13812345678, 王小明女士 138...).
BARE_NAME_BEFORE_RE = gated(
    rf"(?:^|[\s,，:：;；、。])({_WHOLE})\s?({TITLE})?[\s,，:：、]*"
    r"(?=(?:\+?86)?1[3-9][0-9])"
)
BARE_NAME_AFTER_RE = gated(
    r"1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}[\s,，:：、]*"
    rf"({_WHOLE})\s?({TITLE})?(?=$|[\s,，。;；!！])"
)
#: A name typed with a space between its characters, bare: before a mobile number
#: (孙 立 新 139 5300 6678) or as the whole message (王 强): the name as said, without
#: the spaces (trial8 F15: only the surname was kept).
SPACED_BARE_NAME_RE = re.compile(
    rf"(?:^|(?<=[\s,，:：;；、。]))({_SPACED})"
    rf"(?=[\s,，:：、]*(?:\+?86)?1[3-9][0-9])|^({_SPACED})$"
)
_NAME_STOP = (
    "不留",
    "匿名",
    "保密",
    "不用",
    "不要",
    "不想",
    "不方便",
    "不告诉",
    "电话",
    "手机",
    "号码",
    "联系",
    "就是",
    "这是",
    "我的",
    "是我",
    "打我",
    "姓名",
    "名字",
    "先生",
    "女士",
)
_UNIT = r"(?:[0-9]+|[一二两三四五六七八九十百几半多]+)"
#: Where, not when: a "从开始供暖" span stops before a place word (屋里, 家里 ...).
_PLACE_WORDS = r"(?:屋里|屋子|家里|室内|房间|楼里|楼道|村里|小区|这边|我们|俺们|俺家)"
#: When a problem started or how long it has lasted (两个星期了, 一个来月了, 十来天了 —
#: 来 as 多: about —, 从开始供暖, 前天下完雨).
SINCE_RE = gated(
    r"((?:已经|都|持续|有|快|近|将近|整整)?(?:了)?"
    + _UNIT
    + r"(?:个)?[多来]?(?:年|个月|月|个星期|星期|个礼拜|礼拜|周|天|日|小时|个钟头|钟头)多?"
    r"(?:了|啦|之久|以上))"
    r"|((?:坏|停|漏|堵|响|吵|拖|欠|臭|没修|不亮|不热|不来)了"
    + _UNIT
    + r"(?:个)?[多来]?(?:年|个月|月|个星期|星期|礼拜|周|天|日)多?)"
    r"|(从(?:开始)?[\u4e00-\u9fff0-9]{1,10}?(?:开始|起|以来|那天|那时候)|"
    r"从开始[\u4e00-\u9fff0-9]{1,8}?(?=就|都|一直|到现在|以后|后|$|[,，。!！]|"
    + _PLACE_WORDS
    + r")|"
    r"自[\u4e00-\u9fff0-9]{1,10}?(?:以来|起|开始))"
    r"|((?:大前天|前天|昨天|今天|上周|上个月|上月|去年|前年|年初|月初|年前|年后|"
    r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:份|初|中|底)?(?:[0-9]{1,2}[日号])?)"
    r"[\u4e00-\u9fff]{0,6}?(?:以后|之后|开始|起|以来))"
    # a season or an event of the household as the start (入冬以来, 交房以后)
    # (以后 only after an event already past: 过年以后 may be a plan)
    r"|((?:入冬|入秋|入夏|开春|开学|放假|过完年|过年|春节|国庆|供暖|入住|交房|搬进来|搬过来|"
    r"装修完)(?:以来|开始|起)|(?:入冬|入住|交房|搬进来|搬过来|装修完)(?:以后|之后))"
)
#: When it happens, again and again (每天晚上十一点以后): not when it started.
RECURRING_RE = gated(
    r"((?:每天|每晚|天天|每到|一到|每逢|经常|总是|老是|每周[一二三四五六日天]?|每个?(?:星期|礼拜|月)|"
    r"夜夜|整夜|整晚|一下雨|晚晚)(?:周末|双休日|节假日|假期|下雨天|雨天)?的?"
    r"(?:早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨)?"
    r"(?:(?:[01]?[0-9]|2[0-3]|[一二两三四五六七八九十]{1,3})[点时](?:半|[0-5]?[0-9]分)?)?"
    r"(?:以后|之后|以前|之前|左右|多|到(?:[01]?[0-9]|2[0-3]|[一二两三四五六七八九十]{1,3})[点时])?)"
    # a time of day with 以后 and a word of duration or habit (晚上十一点以后还在施工)
    r"|((?:早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨)"
    r"(?:[01]?[0-9]|2[0-3]|[一二两三四五六七八九十]{1,3})[点时](?:半|[0-5]?[0-9]分)?"
    r"(?:以后|之后|过后)(?=还|就|都|一直|总|老|照样|仍然))"
    # idioms of how often, whose numbers are no duration (三天两头关人, 隔三差五停水)
    r"|(三天两头|三天两日|隔三[岔差]五|三番五次|三番两次|时不时|动不动)"
)
# words that follow 我是 but are not names
_NOT_NAME = (
    "业主",
    "市民",
    "村民",
    "居民",
    "家长",
    "学生",
    "老师",
    "群众",
    "租户",
    "职工",
    "工人",
    "患者",
    "司机",
    "老人",
    "农民",
    "一名",
    "一个",
    "这个",
    "外地",
    "本地",
    "菏泽",
    "牡丹",
    "曹县",
    "单县",
    "退休",
    "残疾",
    "个体",
    "商户",
    "店主",
    "他们",
)
_PRONOUNS = ("我们", "我家", "你们", "他们", "咱们", "俺们", "俺家", "这个", "那个", "附近", "旁边")


def _add(
    out: list[Entity],
    taken: list[tuple[int, int]],
    kind: str,
    value: str,
    masked: str,
    start: int,
    end: int,
) -> None:
    if any(start < e and s < end for s, e in taken):
        return  # overlaps a span already claimed by a more specific entity
    taken.append((start, end))
    out.append(Entity(type=kind, value=value, masked=masked, start=start, end=end))


def _surnamed(name: str) -> bool:
    """True when ``name`` begins with a surname (a common one, or a compound: 欧阳)."""
    return name[:1] in SURNAMES or name[:2] in COMPOUND_SURNAMES


def _add_name(
    out: list[Entity],
    taken: list[tuple[int, int]],
    name: str,
    title: str | None,
    start: int,
    end: int,
    surname_only: bool = False,
) -> None:
    """A name entity; one character is a surname alone (李 138..., 我姓赵, 李师傅)."""
    head = 2 if name[:2] in COMPOUND_SURNAMES else 1  # 欧阳小梅 → 欧阳**
    alone = surname_only or len(name) == head
    masked = name if alone else name[:head] + "*" * (len(name) - head)
    before = len(out)
    _add(out, taken, "name", name, masked, start, end)
    if len(out) > before:
        out[-1] = replace(out[-1], surname_only=alone, title=title)


def extract(text: str) -> tuple[Entity, ...]:
    """All entities in normalized ``text``, ordered by position. Never raises."""
    out: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for m in ORDER_RE.finditer(text):
        _add(out, taken, "order_no", m.group(1).upper(), m.group(1).upper(), *m.span(1))
    # numbers are found on the text with every separator between digits folded (one
    # character for one: the spans hold for ``text``; trial7 F05)
    scan = fold_number_separators(fold(text))
    for m in ID_CARD_RE.finditer(scan):
        if id_checksum_ok(m.group(1)):
            _add(out, taken, "id_card", m.group(1).upper(), mask_id(m.group(1)), *m.span(1))
    for m in SPACED_ID_RE.finditer(scan):
        number = re.sub(r"[^0-9Xx]", "", m.group(1)).upper()
        if ID_CARD_RE.fullmatch(number) and id_checksum_ok(number):
            _add(out, taken, "id_card", number, mask_id(number), *m.span(1))
    for m in MOBILE_RE.finditer(scan):
        digits = re.sub(r"[^0-9]", "", m.group(1))
        _add(out, taken, "phone", digits, mask_phone(digits), *m.span(1))
    for m in _SPOKEN_PHONE_RE.finditer(scan):
        digits = spoken_digits(m.group(0))
        if re.fullmatch(r"1[3-9][0-9]{9}", digits) and not m.group(0).isascii():
            _add(out, taken, "phone", digits, mask_phone(digits), *m.span(0))
    for m in LANDLINE_RE.finditer(scan):
        _add(out, taken, "landline", m.group(1), mask_phone(m.group(1)), *m.span(1))
    for m in PLATE_RE.finditer(text):
        plate = m.group(1).replace("·", "").replace("•", "")
        _add(out, taken, "plate", plate, plate[:2] + "***" + plate[-2:], *m.span(1))
    for m in RECURRING_RE.finditer(text):
        group = next(i for i in range(1, 4) if m.group(i))
        if len(m.group(group)) >= 3:
            _add(out, taken, "recurring", m.group(group), m.group(group), *m.span(group))
    measured = measured_spans(text)  # 拖欠三个月工资: how much is owed, not since when
    for m in SINCE_RE.finditer(text):
        span = next(i for i in range(1, 6) if m.group(i))
        start, end = m.span(span)
        if not any(start < e and s < end for s, e in measured):
            _add(out, taken, "since", m.group(span), m.group(span), start, end)
    for m in DATE_RE.finditer(text):
        _add(out, taken, "date", m.group(0), m.group(0), *m.span(0))
    for m in TIME_RE.finditer(text):
        value = m.group(0)
        if value[-1] in "点时" and value[:-1] in ("一", "几", "有"):
            continue  # "一点" = a little; not a time
        _add(out, taken, "time", value, value, *m.span(0))
    refused = refusal_spans(text)
    taken += refused  # a refusal (名字就不留了) is never a name
    for m in SPACED_NAME_RE.finditer(text):
        name = re.sub(r"\s", "", m.group("name"))
        if _surnamed(name) and not any(w in name for w in _NAME_STOP):
            _add_name(out, taken, name, None, *m.span("name"))
    for m in NAME_RE.finditer(text):
        name, title = m.group("name"), m.group("title")
        if (
            (len(name) < 2 and not ((title or m.group("field")) and name in SURNAMES))
            or name.startswith(_NOT_NAME)
            or any(name.startswith(w[:2]) for w in _NOT_NAME)
            or any(w in name for w in _NAME_STOP)
            # a measure word or an aspect opens no name (俺叫个救护车, 我叫了车: trial12 P05)
            or name[0] in "就也还都不没个了着过"
            # 俺叫 is also the dialect's passive (俺叫人骗了, 俺叫车撞了): a name only with
            # a surname, and not a verb with its 了
            or (m.group("dialect") and (not _surnamed(name) or name[-1] in "了着过"))
            # who the citizen is (我是, 本人): a word is no name (我是高中生)
            or (m.group(0).startswith(("我是", "本人")) and plain_word(name))
        ):
            continue
        _add_name(out, taken, name, title, *m.span("name"))
    for m in NAME_SURNAME_RE.finditer(text):
        _add_name(out, taken, m.group(1), m.group(2), *m.span(1), surname_only=True)
    for name, title, start, end in spoken_names(text, SURNAMES):
        _add_name(out, taken, name, title, start, end)  # 俺是刘大壮, 刘大壮 电话139…
    for m in SPACED_BARE_NAME_RE.finditer(text):
        group = 1 if m.group(1) else 2
        name = re.sub(r"\s", "", m.group(group))
        if _surnamed(name) and not any(w in name for w in _NAME_STOP):
            _add_name(out, taken, name, None, *m.span(group))
    for regex in (BARE_NAME_BEFORE_RE, BARE_NAME_AFTER_RE):
        for m in regex.finditer(text):
            name, title = m.group(1), m.group(2)
            if (
                _surnamed(name)
                and not any(w in name for w in _NAME_STOP)
                and not name.startswith(_NOT_NAME)
            ):
                _add_name(out, taken, name, title, *m.span(1))
    found = address_span(text)
    if found is not None:
        value = text[found[0] : found[1]]
        if len(value) >= 3 and not value.startswith(_PRONOUNS):
            _add(out, taken, "address", value, _mask_address(value), *found)
    out.sort(key=lambda e: e.start)
    return tuple(out)


def _mask_address(address: str) -> str:
    """Keep the area (dispatch needs it in consoles), hide house numbers."""
    return re.sub(r"[0-9一二三四五六七八九十]+(号楼|号院|号|栋|幢|单元|室)", r"*\1", address)
