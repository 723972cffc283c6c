"""The place one message names: the NLU's territory with the rest in the citizen's words,
an address, the answer to "where?", or the value of a correction ("不是A 是B").
"""

from __future__ import annotations

import dataclasses
import re

from dialogs.expecting import Expecting, Target
from dialogs.fragments import no_place
from dialogs.own_place import generic_spot
from dialogs.placenames import county_in, names_county, whole_name
from dialogs.since_facts import no_when
from dialogs.spoken import PLACE_NOUN, PREMISES, PROBLEM, PUNCT, content_len, fold, plain
from dialogs.state import Place
from nlu.address_words import BUS_LINE_RE, MATTER_WORDS
from nlu.regate import gated
from nlu.types import NluResult, Territory

#: Lead words of a place (正确地址是, 事发地点在, 俺家在, 我住在): a noun with its verb, or
#: a person with a verb (我家门口 keeps 我家: no verb follows).
_PLACE_LEAD = re.compile(
    r"^(?:(?:(?:我的|俺的|我们的|俺们的)?(?:正确的?|详细的?|具体的?|准确的?|新的?)?"
    r"(?:事发地点|发生地点|事发地|发生地|地点|地址|住址|位置|地方|所在地))?"
    r"(?:反正)?(?:就是|是在|就在|住在|位于|改成|改为|换成|应该是|在|是|为)?|"
    r"(?:我|俺|我们|俺们)家?(?:就是|是在|就在|住在|在|住|是))[:：\s]*"
)
#: Fillers after a place (这边, 那里, 那个, 吧); position words (附近, 对面) are the citizen's
#: and stay.
_PLACE_TRAIL = re.compile(
    r"(?:这边|那边|那里|这里|那块|这块|一带|那儿|这儿|那个|这个)?[吧啊呢呀了的。，,.!！\s]*$"
)
_PLACE_CUE = re.compile(r"^(?:在|就在|住在|位于|地址|地点|位置)")


# what a company or office does to the citizen ("燃气公司上个月给俺家换了新表"): it is who
# acted, not where it happened
_ACTS_ON = re.compile(
    r"^(?:上个?月|这个?月|去年|今年|最近|前几天|前两天|昨天|前天|一直|总是?|老是?|天天|又)?"
    r"(?:给|把|将|不给|不让|没给|没有给|私自|擅自|乱收|多收)"
)


# a company by its registered name (恒通商贸有限公司, 华丰实业集团): who the matter is
# about (拖欠工资, 卖假货), not where it is, unless the citizen gives it as the place
_TRADE_NAME = re.compile(r"(?:有限(?:责任)?公司|股份(?:有限)?公司|集团(?:公司)?|商行|经营部)$")


def _who(detail: str, raw: str, answering: bool) -> bool:
    """True when ``detail`` names who the matter is about rather than where: a premises
    followed by what it did to the citizen, or (not as the answer to "where?") a company
    by its registered name ("牡丹区恒通商贸有限公司拖欠工资")."""
    return _actor(detail, raw) or (not answering and _TRADE_NAME.search(detail) is not None)


def _actor(detail: str, raw: str) -> bool:
    """True when ``detail`` (a premises the NLU took for the place) is followed in
    ``raw`` by what it did to the citizen."""
    if _INSTITUTION.search(detail) is not None:
        return False  # 「曹县第二中学初中部乱收费」: a school or hospital is where it happens
    at = fold(raw).find(detail)
    return at >= 0 and _ACTS_ON.match(fold(raw)[at + len(detail) :].lstrip()) is not None


# a named school or hospital (菏泽市立医院, 第二中学初中部): a site the matter happens at,
# kept whole as the place even when it is what acted (trial16)
_INSTITUTION = re.compile(
    r"(?:学校|中学|小学|初中部|高中部|小学部|幼儿园|学院|大学|医院|卫生院|卫生室|门诊部|住院部|"
    r"急诊科|急诊部)$"
)


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
    if "place" in fixes and (kept := KEPT.search(core)) is not None:
        # "是北城街道 小区还是阳光花园": the words of what stays are no new place
        core = (core[: kept.start()] + core[kept.end() :]).strip()
        if terr is not None and terr.detail and terr.detail not in core:
            terr = dataclasses.replace(terr, detail=None, road=None, place=None)
        addr = addr if addr is not None and addr.value in core else None
    answering = expecting == "place" or "place" in fixes
    detail: str | None = None
    if answering:
        text = _FIX_LEAD.sub("", core)  # "说错了，应该是成武县": the value, not the words
        if "place" in fixes:
            # "不是五四路 是黄河路…": what follows the correction; else what follows 改成
            m = CORRECTION.search(text) or re.search(r"(?:改成|改为|换成|应该是|是)(.+)$", text)
            text = m.group(m.lastindex or 1) if m else _NAMED_WRONG.sub("", text)
            if m is not None and address_only(text):
                # "西城街道错了 应该是东城街道": the levels the value names, not the wrong one
                # (only a value that is nothing but a place: "改成停车位…" is a matter)
                terr = _within(terr, text) if terr is not None else None
                addr = addr if addr is not None and addr.value in text else None
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
        # "说错了 是东城街道 不是西城街道": the correction's own words are no place
        wrong, core = negated.group(1), _FIX_LEAD.sub("", core[: negated.start()])
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
        d = terr.detail if terr.detail and not _who(terr.detail, raw, answering) else None
        if d and nlu is not None:
            # a when inside the NLU's detail ("从上个月开始俺们楼下") is no part of where
            for e in nlu.entities:
                if e.type in ("since", "recurring", "date", "time") and e.value:
                    d = d.replace(e.value, "")
            d = d.strip(" ，,。的") or None
        d = d or (place_text(leftover(addr.value, levels)) if addr else None)
        d = None if d and _who(d, raw, answering) else d  # the NLU's span too (g016)
        if not d:
            rest = leftover(detail or core, levels)
            if answering or address_only(rest):
                d = place_text(rest) if content_len(rest) <= 20 else None
            else:  # "伯乐街道的菜市场门口天天堵车": the spot said before the matter
                d = leading_spot(rest)
                # "供暖公司…给俺家…" acted; "恒通商贸有限公司拖欠…": the company is who
                # (trial12: a trade name filed as the spot of the address)
                d = None if d and _who(d, raw, answering) else d
        d = whole_name(place_text(no_when(leftover(d, levels))), raw) if d else None
        county, village = _county_said(terr, raw), terr.village
        if county or terr.township:
            # "俺们小区", "俺们村" beside a county or township: which one is not said (N15)
            d = None if d and generic_spot(d) else d
            village = None if village and generic_spot(village) else village
        guessed = bool(
            county
            and village
            and not names_county(county, raw)
            # 李新庄村 names no 李新庄镇: the township's words outside the village's
            and not (terr.township and _said_town(terr.township, raw.replace(village, "")))
        )
        return Place(
            county=county,
            township=terr.township,
            village=village,
            detail=d or None,
            guessed=guessed,
        )
    if addr is not None:
        return Place(detail=place_text(addr.value) or addr.value)
    # "天天半夜还在外头烧烤喝酒": when it happens, said without any place, goes on with the
    # matter (split messages), it names no place
    when = nlu is not None and any(
        e.type in ("recurring", "since", "date", "time") for e in nlu.entities
    )
    if answering and detail and _TOLD.search(detail) is not None:
        # "俺们村的路灯全坏了 黑咕隆咚的" to "where?": a sentence telling the problem is
        # the matter's (a supplement); only a named spot that opens it is a place, the
        # whole never glued onto the address (trial12 P03)
        lead = leading_spot(detail)
        return Place(detail=lead) if lead and not generic_spot(lead) else None
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


def _within(terr: Territory, said: str) -> Territory:
    """``terr`` with only the levels below the county that ``said`` names (the value of
    a correction); the county stays (the NLU's, read from a township too)."""
    return Territory(
        county=terr.county,
        township=terr.township if terr.township and terr.township in said else None,
        village=terr.village if terr.village and terr.village in said else None,
        detail=terr.detail if terr.detail and terr.detail in said else None,
    )


def _said_town(township: str, raw: str) -> bool:
    """True when ``raw`` names ``township`` (青堌集镇, or 青堌集 without its 镇)."""
    core = re.sub(r"(?:镇|乡|街道)$", "", township)
    return township in raw or (len(core) >= 2 and core in raw)


def _county_said(terr: Territory, raw: str) -> str | None:
    """The county of ``terr``, unless the NLU guessed it for a township whose name several
    counties have (北城街道: 牡丹区 and 单县): then the county the message names, else none,
    so that the county said before stays or is asked (trial9 N03)."""
    if not terr.ambiguous or terr.county is None or names_county(terr.county, raw):
        return terr.county
    return county_in(raw)


# a correction's words without its value ("地址写错了", "地点不对")
_NAMED_WRONG = re.compile(
    r"地点|地址|位置|地方|门牌|写错了?|说错了?|打错了?|弄错了?|错了|不对|有误|不正确|改一下|要改"
)
# what a correction says stays as it was ("小区还是阳光花园", "小区没错", "别的都对")
KEPT = re.compile(
    r"[，,。\s]*(?:(?:小区|村|社区|路|街|楼号?|门牌号?|名字)(?:也|都)?"
    r"(?:还是|仍然是|仍是|没错|没变|不变|是对的|对的)[^，,。\s]*"
    r"|(?:别的|其他|其它|其余|剩下的|后面的)(?:都|也)?(?:对|没错|不变|没变|一样)的?[了啊]?)"
)
# "是B，不是A": the wrong one named after what is right
AFTERTHOUGHT = re.compile(r"(?<![，,。\s])[，,。\s]+(?:而)?不是([^，,。]*)$")
# "不是A，是B" / "不对，应该是B": what was said before and what replaces it (A at most 60
# characters, and a separator run entered at its start: both linear, trial7 F01)
CORRECTION = re.compile(
    r"(?:不是|不对)(.{0,60}?)(?:[，,。\s]+|(?<=[县区镇乡道村路街庄楼]))(?:而)?(?:是|应该是|改成|改为|在)(.+)$"
)
# the words of a correction before its value ("说错了，应该是…", "哦不对 …", "更正一下 是…")
_FIX_LEAD = re.compile(
    r"^(?:哦|噢|啊|哎|唉|呃)?[，,\s]*(?:我|俺)?(?:刚才|刚刚|前面)?"
    r"(?:(?:县区|区县|县|乡镇|镇|乡|街道|村|社区|小区|地点|地址|位置)(?:名字?|名称)?)?(?:也|都)?"
    r"(?:说错了|写错了|打错了|搞错了|弄错了|说的不对|不对不对|不对|错了|更正一下|纠正一下|更正|纠正)"
    r"[了啊呀]?[，,。\s]*(?:应该是|应该在|是在|就是|是|在|改成|改为)?[，,：:\s]*"
)
_ADDRESS_ONLY = re.compile(
    r"^[\u4e00-\u9fff0-9a-z]{0,14}(?:区|县|镇|乡|街道|村|社区|小区|花园|家园|苑|公寓|广场|路|街|"
    r"大道|巷|胡同|号楼|号院|号|单元|室|栋|幢|楼|门口|附近|对面|对过|对门|旁边|楼下|路口|"
    rf"地下通道|涵洞|桥洞|天桥|底下|车库|地下室|{PREMISES})$"
)


@dataclasses.dataclass(frozen=True)
class NamedVillage:
    """A village told by its name in a clause of its own (「俺们村叫孟庄」, 「村名叫大李庄」):
    ``village`` with its 村, ``clause`` the words to leave out of the spot."""

    village: str
    clause: str

    def rest_of(self, text: str) -> str:
        """``text`` without the clause."""
        return text.replace(self.clause, " ").strip(" ，,。")


_VILLAGE_NAMED = re.compile(
    r"[，,。\s]*(?:(?:俺|我|咱)们?(?:那个|这个)?村(?:子)?|村名|村的名字)(?:名字)?"
    r"(?:叫|名叫|是)([\u4e00-\u9fff]{2,5}?)(?:村)?(?=$|[，,。\s])"
)


def village_named(text: str) -> NamedVillage | None:
    """The village a clause of ``text`` names (「俺们村叫孟庄」 → 孟庄村), or None."""
    m = _VILLAGE_NAMED.search(text)
    if m is None:
        return None
    name = m.group(1)
    return NamedVillage(village=f"{name}村", clause=m.group(0))


def leading_spot(text: str) -> str | None:
    """The address that opens ``text`` before the matter ("伯乐街道的菜市场门口" of
    "伯乐街道的菜市场门口天天堵车", "新华路" of "新华路的路灯坏了"): its longest opening
    (at most 24 characters) that is nothing but an address once its 的 are left out."""
    t = _WISH_LEAD.sub("", place_text(text))  # "建议在开发区多建…": the wish is no place
    for end in range(min(len(t), 24), 1, -1):
        head = t[:end]
        if t[end : end + 1] in _LOCATIVE_NEXT:
            continue  # "村口路边": 路 of 路边 is no road's name
        if (bus := BUS_LINE_RE.search(t, max(0, end - 6), end + 4)) and bus.end() == end:
            continue  # "十八路公交站牌": a bus line is no road
        matter_next = t[end : end + 1] in MATTER_WORDS.get(head[-1], "")
        if matter_next and (head[-2:-1] == "的" or address_only(head[:-1].replace("的", ""))):
            # "新华路的路灯": 路 of 路灯 stands alone, it names no road; "和平小区楼道灯":
            # 楼 of 楼道 is the matter's, not a building of the estate (trial16)
            continue
        if address_only(head.replace("的", "")) and not head.endswith("的"):
            return head
    return None


# a suggestion's opening before the place it names ("建议在", "希望给", "能不能在")
_WISH_LEAD = re.compile(
    r"^(?:我|俺|咱)?(?:们)?(?:建议|希望|盼着|盼望|能不能|可不可以|能否|最好)(?:在|给|往|把)?"
)


# what goes on a place word when the head is cut too short ("路|边", "楼|下", "门|口")
_LOCATIVE_NEXT = frozenset("边上口旁里头下前后外内侧")


def address_only(text: str) -> bool:
    """True when ``text`` is nothing but (more of) an address ("阳光小区3号楼")."""
    t = PUNCT.sub("", fold(text))
    return bool(t) and _ADDRESS_ONLY.match(t) is not None and PROBLEM.search(t) is None


# "做饭都得去邻村挑水", "只能绕到北边走": what the citizen must do, a consequence of the
# matter, even when a place is named in it
_MUST_DO = re.compile(r"(?:得|要|只能|没法|不能|不敢|只好)(?:去|到|上|用|挑|拉|买|跑|走|绕|打)")


# the citizen telling their name (「俺姓马」, 「对 俺姓马」, 「我叫王新庄」): a name, never
# a place, even when it answers "where?" (trial16)
_SELF_NAMED = re.compile(
    r"(?:我|俺|本人|免贵)(?:就|是)?(?:姓|叫)[\u4e00-\u9fff]|^姓[\u4e00-\u9fff]{1,2}$"
)


# a judgement of the work ("不满意", "根本没修"), never a place
_JUDGEMENT = re.compile(r"满意|评价|没修|没人修|没人管|没处理|没解决|不管用|没用")


# a problem told as done ("全坏了", "堵死了", "黑咕隆咚的", "臭得不行"): a sentence of the
# matter, not an answer naming a place
_TOLD = gated(
    r"(?:坏|堵|塌|漏|停|破|断|烂|臭|吵|脏|丢|歪|倒|掉|裂|不亮|没人管|没人修|压坏|冒)[\u4e00-\u9fff]{0,3}?"
    r"(?:了|得不行|的不行|死了)|黑咕隆咚|黑灯瞎火|"
    # or as it goes on: someone at it, again and again ("天天有人乱倒建筑垃圾", "老是有人
    # 在这烧秸秆"), a nuisance named (trial13 Q03)
    r"(?:天天|整天|成天|每天|老是|总是|经常|一直|一到晚上|三天两头)[\u4e00-\u9fff]{0,3}?"
    r"(?:有人|乱|往|在|把|不|没|冒|排|放|吵|闹|烧|倒|扔|堆|占)|"
    r"有人(?:在|往|把|随便|私自|偷偷)?(?:乱|倒|扔|堆|烧|占|偷|挖|排|摆|搭|吵|闹)|"
    r"乱(?:倒|扔|堆|放|停|贴|搭|建|排|挖|摆|收费|涂)|噪音|扰民|污水|油烟|黑烟|粉尘|违建|违章"
)


def tells_problem(text: str) -> bool:
    """``text`` tells a problem, done or going on ("路灯坏了", "天天有人乱倒建筑垃圾"): a
    sentence of the matter, never only a place's words."""
    return _TOLD.search(text) is not None


#: Where beside a spot (门口, 对过, 斜对面, 对门): a place's words, never a matter's.
_BESIDE = re.compile(r"门口|对面|对过|对门|旁边|附近|楼下|路口|东|西|南|北")


def _place_like(text: str) -> bool:
    """An answer to "where?" that names a place, not another description of the matter
    ("欠我们八个人两个月工资" is no place; "稍等", "你是谁", "路灯" neither: trial17)."""
    if no_place(plain(text)):
        return False
    if _MUST_DO.search(text) or _JUDGEMENT.search(text) or _SELF_NAMED.search(text):
        return False
    if PLACE_NOUN.search(text) or _BESIDE.search(text):
        return True
    return content_len(text) <= 12 and PROBLEM.search(text) is None


# "具体我也说不清", "具体位置不清楚": no place in it
VAGUE = re.compile(
    # 「不知道门牌号」, 「没有门牌」: the detail declined, the thing not known no place (trial16)
    r"(?:不知道|不清楚|记不清|不记得|没有|没)(?:具体的?|详细的?)?"
    r"(?:门牌号?|楼号|几号楼|地址|位置)(?:了|啊|呢|呀)?|"
    r"(?:具体)?(?:的)?(?:地址|位置|地方|在哪儿?|在哪里|哪儿|哪里|门牌号?|楼号|几号楼)?[我俺]?[也都]?"
    r"(?:说不清楚?|说不上来|不清楚|不太清楚|不知道|记不清|不记得)(?:了|啊|呢|呀)?"
)
# 「就在那附近」, 「这一带」: a spot pointed at, no place the unit could find
_POINTED = re.compile(r"(?:那|这)(?:个|一)?(?:附近|周围|旁边|一带|块儿?|片儿?|边儿?|里|儿)?")
# a level said under another name ("高新区" for 菏泽高新技术产业开发区, "万福办事处" for
# 万福街道) at the start of what is left
_LEVEL_ALIAS = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:区|县|镇|乡|街道|办事处)")


def place_text(text: str) -> str:
    """An address without its lead (地点是, 在), trailing fillers (这边, 附近, 吧) and
    what says it is not known (具体我也说不清)."""
    t = VAGUE.sub(" ", text.strip())
    t = _PLACE_LEAD.sub("", t.strip())
    t = _PLACE_TRAIL.sub("", t).strip(" ，,。.")
    return "" if _POINTED.fullmatch(t) else t


def leftover(text: str, parts: tuple[str | None, ...]) -> str:
    """``text`` without the given parts (longest first), also when a part was said under
    another name at the start ("高新区万福办事处" once the levels are known)."""
    known = [p for p in parts if p]
    for part in sorted(known, key=len, reverse=True):
        text = text.replace(part, "")
    text = text.strip(" ，,。.")
    if known:
        text = re.sub(r"^的[\s，,]*", "", text)  # 东城街道的 东方红小区: the 的 went with the level
    while (m := _LEVEL_ALIAS.match(text)) is not None:
        alias = m.group(0)
        stem = re.sub(r"(?:区|县|镇|乡|街道|办事处)$", "", alias)[:2]
        if len(stem) < 2 or not any(stem in p for p in known):
            break
        text = text[len(alias) :].strip(" ，,。.")
    for part in known:
        # "东明县城关 幸福小区": the township said by its stem alone (城关 of 城关街道), then a
        # pause; never the start of a village's own name (李新庄村口 of 李新庄镇)
        core = re.sub(r"(?:街道|镇|乡)$", "", part)
        paused = re.match(rf"{re.escape(core)}(?:[\s，,、]|的)", text)
        if core != part and len(core) >= 2 and paused:
            text = text[len(core) :].lstrip(" ，,、的")
    return text
