"""The facts of an appeal in one message: since when, the name, the place, the matter.

Used by :func:`dialogs.reading.read`; each function reads one fact given what the bot
asked last (``expecting``) and the NLU's fields when present.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from dialogs.placenames import county_in, names_county, whole_name
from dialogs.spoken import (
    CJK,
    LANDLINE,
    MOBILE,
    PLACE_NOUN,
    PREMISES,
    PROBLEM,
    PUNCT,
    content_len,
    fold,
    has_word,
)
from dialogs.state import Place
from dialogs.whose import mark_own_phones, name_pattern
from dialogs.wording import Wording
from nlu.regate import gated
from nlu.types import NluResult, Territory

Expecting = Literal["none", "matter", "place", "since", "contact", "confirm", "amend"]
Target = Literal["place", "phone", "name", "since", "matter"]
Words = Callable[[str], tuple[str, ...]]

# a number starts where a run of digits starts and is at most 4 (6) long: a start inside
# a long run, scanning to its end each time, was quadratic (trial7 F01: 「1」×19,999)
_NUM = (
    r"(?:(?<![0-9])[0-9]{1,4}|(?<![一二两三四五六七八九十百几半俩仨])[一二两三四五六七八九十百几半俩仨]{1,6}"
    r"|好几|十几|二十几|几十)"
)
# a duration ("俩月", "一个多月", "半个月"); a bare 月 after a number is a month's name
# ("十月底"), except after 俩/仨/两/半/几/多 ("俩月", "两个多月"); "一个钟头一趟" is how
# often, never how long
_DURATION = gated(
    rf"(?<![周期拜])((?:已经|都|快|有|差不多|大概|将近|足足|整整)?(?:小|大)?"
    rf"(?:{_NUM}来?|个把|半拉)(?:个)?多?"
    r"(?:天|日|周|星期|礼拜|个月|(?<=[俩仨两半几多把拉来])月|年|小时|钟头)(?:多|左右|了)?)"
    r"(?!楼|号|单元|层|户|组|排|栋|幢|室|元|块|米|斤|人|次|辆|家|岁|一?[趟班回])"
)
_SINCE_FROM = gated(r"(?:从|自打|打从)([^，。,.!?！？\s从]{1,12}?)(?:就开始|开始|起|以来|以后|就)")
_SINCE_WORDS = gated(
    r"(最近|这几天|这两天|前几天|前两天|近期|近来|一直|好久|很久|长期|多年|好长时间|"
    r"昨天|前天|今天|上周[一二三四五六日天]?|上个?月|上星期|去年|今年|年初|月初|刚刚|刚才)"
)
_SINCE_SUFFIX = gated(
    r"((?:\d{1,2}月\d{1,2}[日号]|[0-9一二三四五六七八九十]{1,3}月(?:份)?|入冬|入夏|开学|过年|春节|年前|年后|"
    r"前天|昨天|今天|上周[一二三四五六日天]?|上个?月|上星期|去年|今年|年初|月初)"
    r"(?:以来|开始的?|起))"
)
# a day or a part of the year in the past, in Mandarin and in Shandong speech (夜儿个
# 昨天, 前儿个 前天, 后晌 下午), with the time of day: when a one-off happened or a
# problem began ("昨晚上", "上个月中旬", "十月底", "这周一")
_DAY_PART = r"(?:早上|早晨|清早|上午|中午|晌午|下午|后晌|傍晚|晚上|黑夜|夜里|半夜|凌晨|晚)"
PAST_POINT = gated(
    r"((?:大前天|前天|前儿个?|昨天|昨儿个?|昨晚|夜儿个|夜来|今天|今儿个?|"
    r"(?:上|这)(?:个)?(?:周|星期|礼拜)[一二三四五六日天]?|周[一二三四五六日天]|"
    r"(?:上上|上|这)个?月(?:初|中旬|中|底|末|上旬|下旬)?|上上(?:个)?(?:周|星期|礼拜)|"
    r"[0-9一二三四五六七八九十]{1,3}月(?:初|中旬|中|底|末|上旬|下旬|份)(?:[0-9]{1,2}[日号])?|"
    r"[0-9]{1,2}月[0-9]{1,2}[日号]|"
    r"国庆节?|中秋节?|春节|元旦|过年|年前|年后|去年|前年|头年|年初|月初|"
    r"前些日子|前些天|前段时间|前一阵子?|前阵子|一开春|开春|入冬|入秋|入夏|过完年|开学|放假)"
    rf"{_DAY_PART}?上?)"
)
# a past point that starts the matter: first in the message, after 从/自, or followed by
# what says it began then ("就停了", "开始", "到现在")
_POINT_STARTS = gated(r"^\s*(?:就|开始|起|以来|以后|之后|到现在|一直)")
_NAME_LEAD = gated(
    r"(?:[我俺]叫|[我俺]的名字是|名字是|名字叫|(?:全名|大名)(?:叫|是)?|姓名是?|本人|联系人是?|称呼我?|"
    r"叫[我俺])[:：\s]*"
    r"([\u4e00-\u9fff]{2,4}?)(?=[，,。.、\s0-9０-９]|$|电话|手机|号码|先生|女士|就行|就好|就可以|吧)"
)
# "我叫张 三", "姓名：刘 志 刚": a name typed with a space between its characters
_SPACED_NAME = gated(
    r"(?:[我俺]叫|[我俺]的名字是|名字是|名字叫|姓名是?|联系人是?)[:：\s]*"
    r"([\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff]){1,2})"
    r"(?=[，,。.、\s0-9０-９]|$|电话|手机|号码)"
)
_SURNAME_ONLY = gated(r"(?:我|本人)?(?:免贵)?姓([\u4e00-\u9fff])(?![\u4e00-\u9fff]{2})")
_TITLED = gated(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff](?:先生|女士|小姐|阿姨|大爷|师傅))")
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
#: Lead words of a place (正确地址是, 事发地点在, 俺家在, 我住在): a noun with its verb, or
#: a person with a verb (我家门口 keeps 我家: no verb follows).
_PLACE_LEAD = gated(
    r"^(?:(?:(?:我的|俺的|我们的|俺们的)?(?:正确的?|详细的?|具体的?|准确的?|新的?)?"
    r"(?:事发地点|发生地点|事发地|发生地|地点|地址|住址|位置|地方|所在地))?"
    r"(?:就是|是在|就在|住在|位于|改成|改为|换成|应该是|在|是|为)?|"
    r"(?:我|俺|我们|俺们)家?(?:就是|是在|就在|住在|在|住|是))[:：\s]*"
)
#: Fillers after a place (这边, 那里, 吧); position words (附近, 对面) are the citizen's
#: and stay.
_PLACE_TRAIL = gated(
    r"(?:这边|那边|那里|这里|那块|这块|一带|那儿|这儿)?[吧啊呢呀了的。，,.!！\s]*$"
)
_PLACE_CUE = gated(r"^(?:在|就在|住在|位于|地址|地点|位置)")
_PHONE_WORDS = gated(
    r"(?:我的)?(?:手机|电话|手机号|电话号码|联系电话|号码)(?:是|为)?[:：]?\s*(?=[，,。\s]|$)"
)


def name_of(
    raw: str,
    nlu: NluResult | None,
    words: Words,
    expecting: Expecting,
    phone: str | None,
    refused: bool,
) -> str | None:
    """The citizen's name in ``raw`` (我叫…, 姓…, 王先生, or a bare name when asked for a
    contact); never a refusal or an answer word."""
    w = words
    if refused:
        return None
    folded = fold(raw)
    m = _SPACED_NAME.search(folded)
    if m is not None and m.group(1)[0] in _SURNAMES:
        spaced = re.sub(r"\s", "", m.group(1))
        if _plausible_name(spaced, w):
            return spaced
    m = _NAME_LEAD.search(folded)
    if m is not None and _plausible_name(m.group(1), w):
        return m.group(1)
    m = _TITLED.search(folded)
    if m is not None and m.group(1)[0] in _SURNAMES:
        return m.group(1)
    m = _SURNAME_ONLY.search(folded)
    if m is not None and m.group(1) in _SURNAMES:
        # "俺姓周 周建华": the surname, then the full name that begins with it
        full = re.match(
            rf"[\s，,、]*(?:叫|名字叫|全名)?({m.group(1)}[\u4e00-\u9fff]{{1,2}}?)"
            r"(?=[\s，,。.、0-9]|$|电话|手机|号码)",
            folded[m.end() :],
        )
        if full is not None and _plausible_name(full.group(1), w):
            return full.group(1)
        # "我姓赵": the surname alone ("赵", never "姓赵" nor an invented 先生/女士: the
        # citizen did not say which; trial7 F02)
        return m.group(1)
    if nlu is not None:
        ent = nlu.first("name")
        if ent is not None and ent.surname_only and ent.value[:1] in _SURNAMES:
            # the NLU's surname alone: with the title the citizen said (赵女士), or alone
            return f"{ent.value[0]}{ent.title}" if ent.title else ent.value[0]
        if ent is not None and _plausible_name(ent.value, w):
            return ent.value
    if expecting == "contact" or phone is not None:
        # "王芳 13853001234", or a bare name as the answer to "your name and phone?"
        rest = PUNCT.sub(" ", LANDLINE.sub(" ", MOBILE.sub(" ", folded))).split()
        cands = []
        surnames = []
        for token in (t for t in rest if CJK.search(t)):
            cand = re.sub(r"^(?:[我俺]是|[我俺]叫|叫|是)", "", token)
            cand = re.sub(r"(?:的|吧|啊)$", "", cand)
            cand = cand.rsplit("的", 1)[-1]  # "俺是孙庄的孙玉兰": the name after 的
            place_like = re.search(r"(?:镇|乡|村|区|县|街|路|庄|屯|集|园|楼|院|口)$", cand)
            if _plausible_name(cand, w) and cand[0] in _SURNAMES and not place_like:
                cands.append(cand)
            elif len(cand) == 1 and cand in _SURNAMES and cand not in _NOT_NAME_CHARS:
                surnames.append(cand)
        if len(cands) == 1:
            # "我是老李 李建国": the one token that is a name (老李 is how to address them)
            return cands[0]
        if not cands and len(surnames) == 1 and expecting == "contact":
            # "赵" as the answer to "name and phone?": a surname alone, kept as given
            return surnames[0]
    return None


def _plausible_name(cand: str, w: Words) -> bool:
    if not (2 <= len(cand) <= 4) or not all(CJK.match(c) for c in cand):
        return False
    if any(c in _NOT_NAME_CHARS for c in cand[1:]) or cand[0] in "不没我你他她这那":
        return False
    lists = ("yes", "no", "thanks", "anonymous", "dont_know", "none", "cancel", "small_talk")
    return not any(cand in w(k) or has_word(w(k), cand) for k in lists)


# what a company or office does to the citizen ("燃气公司上个月给俺家换了新表"): it is who
# acted, not where it happened
_ACTS_ON = gated(
    r"^(?:上个?月|这个?月|去年|今年|最近|前几天|前两天|昨天|前天|一直|总是?|老是?|天天|又)?"
    r"(?:给|把|将|不给|不让|没给|没有给|私自|擅自|乱收|多收)"
)


def _actor(detail: str, raw: str) -> bool:
    """True when ``detail`` (a premises the NLU took for the place) is followed in
    ``raw`` by what it did to the citizen."""
    at = fold(raw).find(detail)
    return at >= 0 and _ACTS_ON.match(fold(raw)[at + len(detail) :].lstrip()) is not None


def place_of(
    raw: str,
    core: str,
    nlu: NluResult | None,
    expecting: Expecting,
    fixes: frozenset[Target],
    nothing: bool,
) -> Place | None:
    """The place ``raw`` names: the NLU's territory, an address, or the answer to
    "where?" when it looks like a place."""
    if nothing:
        return None
    terr = nlu.territory if nlu is not None else None
    addr = nlu.first("address") if nlu is not None else None
    answering = expecting == "place" or "place" in fixes
    detail: str | None = None
    if answering:
        text = _FIX_LEAD.sub("", core)  # "说错了，应该是成武县": the value, not the words
        if "place" in fixes:
            # "不是五四路 是黄河路…": what follows the correction; else what follows 改成
            m = CORRECTION.search(text) or re.search(r"(?:改成|改为|换成|应该是|是)(.+)$", text)
            text = m.group(m.lastindex or 1) if m else _NAMED_WRONG.sub("", text)
            text = re.sub(r"[，,。\s]*(?:刚才|刚刚|前面)?(?:说|写|打|弄)错了?$", "", text)
        detail = place_text(text)
        if "place" in fixes and content_len(detail) < 2:
            # "地址写错了": the place is wrong, the right one not said yet
            answering, detail = expecting == "place", None
    # "是B 不是A" (not "不是A 是B": a correction, read below)
    fixed = CORRECTION.search(core)
    corrected = fixed is not None and "不是" not in fixed.group(2)
    negated = AFTERTHOUGHT.search(core) if not corrected else None
    if fixed is not None and corrected and addr is not None and addr.value not in fixed.group(2):
        addr = None  # the NLU's address is the one corrected ("不是五四路 是黄河路…")
    if negated is not None and content_len(core[: negated.start()]) >= 2:
        # "是单县浮岗镇 不是成武县": the place named after 不是 is the wrong one
        wrong, core = negated.group(1), core[: negated.start()]
        right = county_in(core)
        if terr is not None or right is not None:
            terr = terr or Territory()
            terr = Territory(
                county=right or (terr.county if terr.county and terr.county in core else None),
                township=terr.township if terr.township and terr.township in core else None,
                village=terr.village if terr.village and terr.village in core else None,
            )
        if answering:
            detail = place_text(re.sub(r"^(?:不对|不是)?[，,\s]*(?:而)?(?:是|在)", "", core))
        del wrong
    old_new = CORRECTION.search(core)
    if old_new is not None and (terr is not None or county_in(old_new.group(2))):
        # "不是南城街道，是西城街道的华英小区": only what follows the correction counts;
        # the county of each side read by its names ("不是成武 是单县": the NLU names one)
        said_before, said_now = old_new.group(1), old_new.group(2)
        terr = terr or Territory()
        misnamed = terr.county is not None and names_county(terr.county, said_before)
        terr = Territory(
            county=county_in(said_now) or (terr.county if terr.county and not misnamed else None),
            township=terr.township if terr.township and terr.township in said_now else None,
            village=terr.village if terr.village and terr.village in said_now else None,
        )
        core = said_now
        if not (terr.county or terr.township or terr.village):
            detail = place_text(said_now)
            return Place(detail=detail) if detail and _place_like(detail) else None
        addr = None
        answering = True
        detail = place_text(said_now)
    if terr is not None and (terr.county or terr.township or terr.village):
        levels = (terr.county, terr.township, terr.village)
        # the rest of the address in the citizen's words, never a level again: the NLU's
        # detail, else its address span without the levels ("郓城县南赵楼镇" adds nothing),
        # else what the citizen said around the levels ("小刘庄", "宏达建筑工地")
        d = terr.detail if terr.detail and not _actor(terr.detail, raw) else None
        if d and nlu is not None:
            # a when inside the NLU's detail ("从上个月开始俺们楼下") is no part of where
            for e in nlu.entities:
                if e.type in ("since", "recurring", "date", "time") and e.value:
                    d = d.replace(e.value, "")
            d = d.strip(" ，,。的") or None
        d = d or (place_text(leftover(addr.value, levels)) if addr else None)
        if not d:
            rest = leftover(detail or core, levels)
            if answering or address_only(rest):
                d = place_text(rest) if content_len(rest) <= 20 else None
            else:  # "伯乐街道的菜市场门口天天堵车": the spot said before the matter
                d = leading_spot(rest)
                d = None if d and _actor(d, raw) else d  # "供暖公司…给俺家…" acted
        d = whole_name(place_text(_no_when(leftover(d, levels))), raw) if d else None
        return Place(
            county=terr.county, township=terr.township, village=terr.village, detail=d or None
        )
    if addr is not None:
        return Place(detail=place_text(addr.value) or addr.value)
    # "天天半夜还在外头烧烤喝酒": when it happens, said without any place, goes on with the
    # matter (split messages), it names no place
    when = nlu is not None and any(
        e.type in ("recurring", "since", "date", "time") for e in nlu.entities
    )
    if answering and detail and content_len(detail) >= 2 and not when and _place_like(detail):
        return Place(detail=detail[:120])
    if _PLACE_CUE.match(core) and PLACE_NOUN.search(core):
        spot = place_text(core)
        if address_only(spot):
            return Place(detail=spot[:120])
        # "在超市买的牛奶过期了…", "在镇上农资店买的麦种…": where it was bought opens a
        # description; that spot is the place, the sentence stays the matter
        lead = leading_spot(spot)
        return Place(detail=lead) if lead else None
    return None


# a correction's words without its value ("地址写错了", "地点不对")
_NAMED_WRONG = gated(
    r"地点|地址|位置|地方|门牌|写错了?|说错了?|打错了?|弄错了?|错了|不对|有误|不正确|改一下|要改"
)
# "是B，不是A": the wrong one named after what is right
AFTERTHOUGHT = gated(r"(?<![，,。\s])[，,。\s]+(?:而)?不是([^，,。]*)$")
# "不是A，是B" / "不对，应该是B": what was said before and what replaces it (A at most 60
# characters, and a separator run entered at its start: both linear, trial7 F01)
CORRECTION = gated(
    r"(?:不是|不对)(.{0,60}?)(?:[，,。\s]+|(?<=[县区镇乡道村路街庄楼]))(?:而)?(?:是|应该是|改成|改为|在)(.+)$"
)
# the words of a correction before its value ("说错了，应该是…", "哦不对 …", "更正一下 是…")
_FIX_LEAD = gated(
    r"^(?:哦|噢|啊|哎|唉|呃)?[，,\s]*(?:我|俺)?(?:刚才|刚刚|前面)?"
    r"(?:说错了|写错了|打错了|搞错了|弄错了|说的不对|不对不对|不对|错了|更正一下|纠正一下|更正|纠正)"
    r"[了啊呀]?[，,。\s]*(?:应该是|应该在|是在|就是|是|在|改成|改为)?[，,：:\s]*"
)
_ADDRESS_ONLY = gated(
    r"^[\u4e00-\u9fff0-9a-z]{0,14}(?:区|县|镇|乡|街道|村|社区|小区|花园|家园|苑|公寓|广场|路|街|"
    rf"大道|巷|胡同|号楼|号院|号|单元|室|栋|幢|楼|门口|附近|对面|旁边|楼下|路口|{PREMISES})$"
)


def leading_spot(text: str) -> str | None:
    """The address that opens ``text`` before the matter ("伯乐街道的菜市场门口" of
    "伯乐街道的菜市场门口天天堵车", "新华路" of "新华路的路灯坏了"): its longest opening
    (at most 24 characters) that is nothing but an address once its 的 are left out."""
    t = place_text(text)
    for end in range(min(len(t), 24), 1, -1):
        head = t[:end]
        if t[end : end + 1] in _LOCATIVE_NEXT:
            continue  # "村口路边": 路 of 路边 is no road's name
        if address_only(head.replace("的", "")) and not head.endswith("的"):
            return head
    return None


# what goes on a place word when the head is cut too short ("路|边", "楼|下", "门|口")
_LOCATIVE_NEXT = frozenset("边上口旁里头下前后外内侧")


def address_only(text: str) -> bool:
    """True when ``text`` is nothing but (more of) an address ("阳光小区3号楼")."""
    t = PUNCT.sub("", fold(text))
    return bool(t) and _ADDRESS_ONLY.match(t) is not None and PROBLEM.search(t) is None


# "做饭都得去邻村挑水", "只能绕到北边走": what the citizen must do, a consequence of the
# matter, even when a place is named in it
_MUST_DO = gated(r"(?:得|要|只能|没法|不能|不敢|只好)(?:去|到|上|用|挑|拉|买|跑|走|绕|打)")


# a judgement of the work ("不满意", "根本没修"), never a place
_JUDGEMENT = gated(r"满意|评价|没修|没人修|没人管|没处理|没解决|不管用|没用")


def _place_like(text: str) -> bool:
    """An answer to "where?" that names a place, not another description of the matter
    ("欠我们八个人两个月工资" is no place)."""
    if _MUST_DO.search(text) or _JUDGEMENT.search(text):
        return False
    if PLACE_NOUN.search(text) or re.search(r"门口|对面|旁边|附近|楼下|路口|东|西|南|北", text):
        return True
    return content_len(text) <= 12 and PROBLEM.search(text) is None


# "具体我也说不清", "具体位置不清楚": no place in it
_VAGUE = gated(
    r"(?:具体)?(?:的)?(?:地址|位置|地方|在哪儿?|在哪里|哪儿|哪里)?[我俺]?[也都]?"
    r"(?:说不清楚?|说不上来|不清楚|不太清楚|不知道|记不清|不记得)(?:了|啊|呢|呀)?"
)
# a level said under another name ("高新区" for 菏泽高新技术产业开发区, "万福办事处" for
# 万福街道) at the start of what is left
_LEVEL_ALIAS = gated(r"^[\u4e00-\u9fff]{1,8}?(?:区|县|镇|乡|街道|办事处)")


def place_text(text: str) -> str:
    """An address without its lead (地点是, 在), trailing fillers (这边, 附近, 吧) and
    what says it is not known (具体我也说不清)."""
    t = _VAGUE.sub(" ", text.strip())
    t = _PLACE_LEAD.sub("", t.strip())
    t = _PLACE_TRAIL.sub("", t)
    return t.strip(" ，,。.")


def leftover(text: str, parts: tuple[str | None, ...]) -> str:
    """``text`` without the given parts (longest first), also when a part was said under
    another name at the start ("高新区万福办事处" once the levels are known)."""
    known = [p for p in parts if p]
    for part in sorted(known, key=len, reverse=True):
        text = text.replace(part, "")
    text = text.strip(" ，,。.")
    while (m := _LEVEL_ALIAS.match(text)) is not None:
        alias = m.group(0)
        stem = re.sub(r"(?:区|县|镇|乡|街道|办事处)$", "", alias)[:2]
        if len(stem) < 2 or not any(stem in p for p in known):
            break
        text = text[len(alias) :].strip(" ，,。.")
    return text


def _past_point(folded: str, core: str, *, anywhere: bool) -> tuple[int, str] | None:
    """A past point that tells when the matter began (see ``PAST_POINT``); ``core`` is the
    message without greetings, to tell what it opens with."""
    opening = PUNCT.sub("", fold(core))
    for m in PAST_POINT.finditer(folded):
        if re.match(r"\s*(?:到|至|和|跟)", folded[m.end() :]):
            continue  # "周一到周五": a span of days, when it happens
        first = opening.startswith(m.group(1))
        after_from = folded[max(0, m.start() - 2) : m.start()].endswith(("从", "自", "打"))
        if anywhere or first or after_from or _POINT_STARTS.match(folded[m.end() :]):
            return m.start(), m.group(1)
    return None


def _no_when(detail: str) -> str:
    """``detail`` without the past point it opens with ("昨天晚上在一家快餐店": the
    NLU took when it happened into where)."""
    m = PAST_POINT.match(detail)
    return detail[m.end() :].lstrip(" ，,") if m is not None else detail


# idioms of how often something happens, whose numbers are no duration nor start
_HOW_OFTEN = gated(
    r"三天两头|三天两日|隔三[岔差]五|三番五次|三番两次|三天打鱼两天晒网|时不时|动不动"
)


def since_of(
    core: str,
    folded: str,
    nlu: NluResult | None,
    expecting: Expecting,
    dont_know: bool,
    wording: Wording,
    *,
    answered: bool,
    fixing: bool = False,
) -> str | None:
    """Since when ("一个多月", "上周一"): a duration or a start marker anywhere; the
    whole short answer when it is what was asked; what follows 改成 in a correction of
    the time ("时间改成上个月"). A time of day ("晚上十点") is not."""
    answering = expecting == "since" and not answered
    recurring = nlu.first("recurring") if nlu is not None else None
    if recurring is not None:
        # "每天晚上十一点以后": when it happens, never since when
        folded = folded.replace(fold(recurring.value), " ")
    folded = _HOW_OFTEN.sub(" ", folded)  # "三天两头关人": how often, never "三天"
    found: list[tuple[int, str]] = []
    m = _DURATION.search(folded)
    if m is not None:
        found.append(
            (m.start(), m.group(1).removeprefix("已经").removeprefix("都").removesuffix("了"))
        )
    m = _SINCE_FROM.search(folded)
    if m is not None:
        inner = m.group(1)
        w = _SINCE_WORDS.match(inner)
        found.append(
            (
                m.start(),
                w.group(1) if w is not None and len(w.group(1)) >= len(inner) - 1 else inner,
            )
        )
    m = _SINCE_SUFFIX.search(folded)
    if m is not None:
        found.append((m.start(), m.group(1)))
    point = _past_point(folded, core, anywhere=answering)
    if point is not None:
        found.append(point)
    if found:
        return min(found, key=lambda f: (f[0], -len(f[1])))[
            1
        ]  # the first said ("昨天晚上吃的 …挂了两天水了": 昨天晚上)
    said = nlu.first("since") if nlu is not None else None
    if said is not None and said.value.strip():
        return said.value.strip().removesuffix("了")
    if fixing:
        m = re.search(r".*(?:改成|改为|应该是|是)(.+)$", core)
        value = m.group(1).strip(" ，,。.的了") if m else ""
        if content_len(value) > 0:
            return value[:40]
        w = _SINCE_WORDS.search(folded)
        return w.group(1) if w is not None else None
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


# an ID number with its lead ("身份证号：3717 0219 …"): kept whole in the matter (masked in
# every view), never counted as a description
_ID_NUMBER = gated(
    r"(?:身份证|证件)(?:号码|号)?(?:是|为)?[:：]?\s*"
    r"(?:[0-9０-９](?:[ \u3000]?[0-9０-９]){16}[ \u3000]?[0-9０-９xX]|[0-9０-９]{15})"
)


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
    text = re.sub(
        r"(?:我的)?(?:手机|电话|手机号|电话号码|联系电话|号码)(?:是|为)?[:：]?\s*(?=[，,。\s\x00]|$)",
        "",
        text,
    ).replace("\x00", "")
    if name is not None:
        surname = re.escape(name[-1:] if name.startswith("姓") else name[:1])
        text = re.sub(
            rf"(?:[我俺]?(?:免贵)?姓{surname}[\s，,、]*)?"
            rf"(?:[我俺]叫|[我俺]的名字是|名字是|(?:全名|大名)(?:叫|是)?|姓名是?|本人|联系人是?|[我俺]是|[我俺]姓|免贵姓|[我俺](?:免贵)?|本人免贵|免贵)?[:：]?\s*"
            + name_pattern(name),
            "",
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
        rest = rest.replace(since, "")
    rest = re.sub(r"^(?:在|就在|是|位于|地址是?|地点是?)|(?:了|的|吧|啊|呢|呀|哦|开始)$", "", rest)
    rest = _ID_NUMBER.sub("", rest)  # an ID number is kept whole, but describes nothing
    if expecting not in ("matter", "none"):
        rest = _VAGUE.sub("", rest)  # "具体我也说不清" answers, describes nothing
    n = content_len(rest)
    problem = PROBLEM.search(rest) is not None
    if place is not None and address_only(rest):
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
