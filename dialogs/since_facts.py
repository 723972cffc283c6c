"""Since when the matter goes on ("一个多月", "上周一", "从入冬开始"), in one message.

A duration or a start marker anywhere; the whole short answer when it is what was asked;
never a time of day nor how often it happens ("每天晚上十一点以后", "三天两头").
"""

from __future__ import annotations

import re

from dialogs.expecting import Expecting
from dialogs.spoken import PUNCT, content_len, fold
from dialogs.wording import Wording
from nlu.measures import without_measured
from nlu.types import NluResult

# a number starts where a run of digits starts and is at most 4 (6) long: a start inside
# a long run, scanning to its end each time, was quadratic (trial7 F01: 「1」×19,999)
_NUM = (
    r"(?:(?<![0-9])[0-9]{1,4}|(?<![一二两三四五六七八九十百几半俩仨])[一二两三四五六七八九十百几半俩仨]{1,6}"
    r"|好几|十几|二十几|几十)"
)
# a duration ("俩月", "一个多月", "半个月"); a bare 月 after a number is a month's name
# ("十月底"), except after 俩/仨/两/半/几/多 ("俩月", "两个多月"); "一个钟头一趟" is how
# often, never how long
# 「一个来月」, 「一个来星期」: 来 after the measure word is "about" (about a month, a week);
# 「前几天」, 「这几天」, 「三天前」 are points (``PAST_POINT``), never the duration 「几天」
# (trial12 P19); 「一年比一年」 compares, it is no duration (``_COMPARED``)
_DURATION = re.compile(
    rf"(?<![周期拜前])((?:已经|都|快|有|差不多|大概|将近|足足|整整)?(?:小|大)?"
    rf"(?:{_NUM}来?|个把|半拉)(?:个来?)?多?"
    r"(?:天|日|周|星期|礼拜|个月|(?<=[俩仨两半几多把拉来])月|年|小时|钟头)(?:多|左右|了)?)"
    r"(?!楼|号|单元|层|户|组|排|栋|幢|室|元|块|米|斤|人|次|辆|家|岁|一?[趟班回]|[以之]?前)"
)
_SINCE_FROM = re.compile(
    r"(?:从|自打|打从)([^，。,.!?！？\s从]{1,12}?)(?:就开始|开始|起|以来|以后|就)"
)
_SINCE_WORDS = re.compile(
    r"(最近|这几天|这两天|前几天|前两天|近期|近来|一直|好久|很久|长期|多年|好长时间|"
    r"昨天|前天|今天|上周[一二三四五六日天]?|上个?月|上星期|去年|今年|年初|月初|刚刚|刚才)"
)
_SINCE_SUFFIX = re.compile(
    r"((?:\d{1,2}月\d{1,2}[日号]|[0-9一二三四五六七八九十]{1,3}月(?:份)?|入冬|入夏|开学|过年|春节|年前|年后|"
    r"前天|昨天|今天|上周[一二三四五六日天]?|上个?月|上星期|去年|今年|年初|月初)"
    r"(?:以来|开始的?|起))"
)
# 「前几天」, 「前两个月」, 「三天前」, 「半个月以前」, 「这几天」: a point so far back (or
# the days up to now), whole, read wherever it is said as a duration is (trial12 P19:
# 「前几天」 was 「几天」)
_AGO = (
    r"[前这](?:几|两|一两|两三|三两)(?:天|日|个月|个星期|个礼拜|星期|礼拜|周|年)|"
    r"(?:[0-9]{1,3}|[一二两三四五六七八九十半几]{1,3})(?:个)?多?"
    r"(?:天|日|个月|个星期|个礼拜|星期|礼拜|周|年)多?(?:以前|之前|前)"
)
_AGO_RE = re.compile(_AGO)
# a day or a part of the year in the past, in Mandarin and in Shandong speech (夜儿个
# 昨天, 前儿个 前天, 后晌 下午), with the time of day: when a one-off happened or a
# problem began ("昨晚上", "上个月中旬", "十月底", "这周一")
_DAY_PART = r"(?:早上|早晨|清早|上午|中午|晌午|下午|后晌|傍晚|晚上|黑夜|夜里|半夜|凌晨|晚)"
# a part of a year ("去年秋天", "今年开春", "前年冬天", "去年十月"): the whole expression,
# never its year alone (trial9 N08: 「去年秋天」 kept as 「去年」)
_PART_OF_YEAR = (
    r"(?:(?:今年|去年|前年|头年)的?(?:春天|夏天|秋天|冬天|春上|夏上|秋上|冬上|一开春|开春|入春|入夏|"
    r"入秋|入冬|年初|年底|年末|年中|上半年|下半年|春节|过年|国庆|麦收|秋收|"
    r"[0-9一二三四五六七八九十]{1,3}月(?:初|中旬|中|底|末|上旬|下旬|份)?)|(?:去年|前年|头年))"
)
PAST_POINT = re.compile(
    rf"((?:{_PART_OF_YEAR}|大前天|前天|前儿个?|昨天|昨儿个?|昨晚|夜儿个|夜来|今天|今儿个?|"
    r"(?:上|这)(?:个)?(?:周|星期|礼拜)[一二三四五六日天]?|周[一二三四五六日天]|"
    r"(?:上上|上|这)个?月(?:初|中旬|中|底|末|上旬|下旬|[0-9一二三四五六七八九十]{1,3}[日号])?|"
    r"上上(?:个)?(?:周|星期|礼拜)|"
    r"[0-9一二三四五六七八九十]{1,3}月(?:初|中旬|中|底|末|上旬|下旬|份)(?:[0-9]{1,2}[日号])?|"
    r"[0-9]{1,2}月[0-9]{1,2}[日号]|"
    r"国庆节?|中秋节?|春节|元旦|过年前后|过年|年前|年后|年初|月初|"
    r"前些日子|前些天|前段时间|前一阵子?|前阵子|一开春|开春|入冬|入秋|入夏|入春|过完年|"
    # a season or a farm time said bare (「夏天就开始了」, 「秋后」, 「麦收那会儿」): taken as a
    # start only with what says it began (``_BARE_SEASON``; trial17 conversation 15)
    r"春天|夏天|秋天|冬天|春上|夏上|秋上|冬上|秋后|"
    r"(?:麦收|秋收|收麦|收秋)(?:那会儿?|那阵子?|时候|以后|之后|后)?|"
    r"(?:" + _AGO + r")|"
    # the month with it ("九月开学", "7月份放假"): the whole point, never 开学 alone
    r"(?:[0-9一二三四五六七八九十]{1,3}月份?)?(?:开学|放假))"
    rf"{_DAY_PART}?上?)"
)
# a past point that starts the matter: first in the message, after 从/自, or followed by
# what says it began then ("就停了", "开始", "到现在")
_POINT_STARTS = re.compile(r"^\s*(?:就|开始|起|以来|以后|之后|到现在|一直|又)")
# a season said bare is a start only with 开始/起/就这样 after it (「夏天就开始了」), after
# 从, or alone; 「一到夏天就臭」, 「每年冬天」 tell when it happens (trial17)
_BARE_SEASON = re.compile(r"[春夏秋冬][天上后]|(?:麦收|秋收|收麦|收秋)")
_EVERY = re.compile(r"(?:一到|每到|每年|每逢|一入|年年|一进)$")


# what may stand around a time that is all a message says ("是去年秋天的事", "大概今年开春")
_FRAME_ONLY = re.compile(
    r"(?:是|在|大概|大约|差不多|估计|可能|应该|从|自打|打从|自从|就|都|已经|一直|开始|以来|起|以后|"
    r"的|了|啦|吧|呀|啊|哦|嗯|事儿?|那会儿?|时候|这样|那样|就这样|不对|说错了|错了)*"
)


def _past_point(folded: str, core: str, *, anywhere: bool) -> tuple[int, str] | None:
    """A past point that tells when the matter began (see ``PAST_POINT``); ``core`` is the
    message without greetings, to tell what it opens with."""
    opening = PUNCT.sub("", fold(core))
    for m in PAST_POINT.finditer(folded):
        if re.match(r"\s*(?:到|至|和|跟)", folded[m.end() :]):
            continue  # "周一到周五": a span of days, when it happens
        bare = _BARE_SEASON.match(m.group(1)) is not None
        if bare and _EVERY.search(folded[: m.start()]):
            continue  # 「一到夏天就臭」: when it happens, never since when
        first = opening.startswith(m.group(1)) and not bare
        after_from = folded[max(0, m.start() - 2) : m.start()].endswith(("从", "自", "打"))
        alone = _FRAME_ONLY.fullmatch(opening.replace(m.group(1), "", 1)) is not None
        if anywhere or first or after_from or alone or _POINT_STARTS.match(folded[m.end() :]):
            return m.start(), m.group(1)
    return None


def only_a_time(text: str) -> bool:
    """True when ``text`` is a past point or a duration and nothing else ("上个月", "三天")."""
    t = text.strip()
    return PAST_POINT.fullmatch(t) is not None or _DURATION.fullmatch(t) is not None


def no_when(detail: str) -> str:
    """``detail`` without the past point it opens with ("昨天晚上在一家快餐店": the
    NLU took when it happened into where)."""
    m = PAST_POINT.match(detail)
    return detail[m.end() :].lstrip(" ，,") if m is not None else detail


# what leads the right value in a correction ("不是…是…", "应该是", "改成")
_RIGHT_VALUE = re.compile(r"应该是|改成|改为|换成|(?<!不)是")
# the wrong value named after the right one ("是五天了 不是三天")
_WRONG_AFTER = re.compile(r"[，,\s]*(?:而)?不是")

# idioms of how often something happens, whose numbers are no duration nor start
_HOW_OFTEN = re.compile(
    r"三天两头|三天两日|隔三[岔差]五|三番五次|三番两次|三天打鱼两天晒网|时不时|动不动"
)
# a comparison over time, whose unit is no duration nor start (「物业费一年比一年涨」,
# 「一天不如一天」, 「一年到头」; trial12 P19: it was 「一年」)
_COMPARED = re.compile(
    r"一(天|日|年|月|个月|星期|周|回|次)(?:比|不如|胜|强似)一\1|一(?:天|年|个月)到头|一天天|一年年"
)


# a matter that has been so a long time (「一直这样」, 「老早就这样了」, 「多少年了」): recorded
# as the citizen said it, never dropped (trial17 conversations 29, 39)
_LONG_STANDING = re.compile(
    r"一直(?:都)?(?:是)?(?:这样|这个样|那样|如此)|(?:老早|早就|很早|好早)(?:以前)?就?(?:这样|那样|有了|开始)"
    r"|(?:老早|很早|好早)以前|好多年|很多年|多少年|老多年|好些年|一直以来|从来都?是?这样"
)
# what tells some time in a whole answer to "since when?" (「刚发现」, 「好些日子了」)
_TIMEISH = re.compile(
    r"[天日月年周时点号初底末季]|星期|礼拜|早|晚|前|后|刚|久|阵|会儿|候|期|节|[春夏秋冬]|开始|以来|一直"
)
# a correction or a place word: the answer is no time (「不对 是东头」, 「地点错了」)
_NOT_A_TIME = re.compile(
    r"不对|错了|不是|地点|地址|位置|[东西南北](?:头|边|侧|面|关)|村|镇|乡|街道|小区|路(?!上)"
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
    correcting: bool = False,
    whole: bool = True,
) -> str | None:
    """Since when ("一个多月", "上周一"): a duration or a start marker anywhere; the
    whole short answer when it is what was asked; what follows 改成 in a correction of
    the time ("时间改成上个月"). A time of day ("晚上十点") is not.

    The same expressions are read whatever was asked (one parser: a time said out of
    turn is taken as the time question takes it, trial9 N05); only the whole answer
    standing for the time needs the question asked, and ``whole`` False (the message
    holds another slot's value: a county, a place corrected, a name; trial9 N02) denies
    it even then. ``correcting``: the message corrects something ("不是上个月 是去年十月"):
    the time after its last 是 is the value."""
    answering = expecting == "since" and not answered
    marks = [m.end() for m in _RIGHT_VALUE.finditer(folded)] if correcting else []
    if marks and content_len(folded[marks[-1] :]) > 0:
        # "不是上个月 是去年十月": the time after the correction's last 是, not the wrong one
        tail = _WRONG_AFTER.split(folded[marks[-1] :], maxsplit=1)[0]
        right = since_of(
            tail, tail, None, expecting, False, wording, answered=answered, whole=False
        )
        if right is not None:
            return right
    recurring = nlu.first("recurring") if nlu is not None else None
    if recurring is not None:
        # "每天晚上十一点以后": when it happens, never since when
        folded = folded.replace(fold(recurring.value), " ")
    folded = _HOW_OFTEN.sub(" ", folded)  # "三天两头关人": how often, never "三天"
    folded = _COMPARED.sub(" ", folded)  # "一年比一年涨": compared, never "一年"
    folded = without_measured(folded)  # "拖欠三个月工资": how much, never since when
    found: list[tuple[int, str]] = []
    m = _DURATION.search(folded)
    if m is not None:
        found.append(
            (m.start(), m.group(1).removeprefix("已经").removeprefix("都").removesuffix("了"))
        )
    m = _AGO_RE.search(folded)
    if m is not None:
        found.append((m.start(), m.group(0)))
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
        # the first said ("昨天晚上吃的 …挂了两天水了": 昨天晚上)
        return min(found, key=lambda f: (f[0], -len(f[1])))[1]
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
        long_standing = _LONG_STANDING.search(folded)
        if long_standing is not None:
            return long_standing.group(0).removesuffix("了")
        m = _SINCE_WORDS.search(folded)
        if m is not None:
            return m.group(1)
        if nlu is not None:
            when = nlu.first("date") or nlu.first("time")
            if when is not None:
                return when.value
        text = core.strip(" ，,。.")
        # the whole answer only when it tells some time (「刚发现」, 「好些日子了」); a
        # correction (「不对 是东头」) or words with no time are never the time (trial17 02)
        timed = _TIMEISH.search(text) is not None and _NOT_A_TIME.search(text) is None
        return text[:40] if whole and timed and content_len(text) > 0 else None
    long_standing = _LONG_STANDING.search(folded)
    if long_standing is not None:
        return long_standing.group(0).removesuffix("了")
    m = _SINCE_WORDS.search(folded)
    if m is not None and m.group(1) in ("好久", "很久", "长期", "多年", "好长时间"):
        return m.group(1)
    return None
