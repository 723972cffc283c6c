"""Domestic violence against the citizen today (trial10 N06): "俺家那口子天天喝酒 喝多了就
打俺 今儿又打了". The habit told around it (天天, 老是, 经常, 喝多了就) makes the model read
a complaint about a way of life; a beating by kin or a partner that happened today or just
now is 110 (the safety of the citizen first; the intake goes on).

* the victim is the citizen (打俺, 打了我, 把俺打了, 对我动手, 挨打, 挨揍, 家暴);
* the one who beats is kin or a partner (老公, 那口子, 媳妇, 儿子, 孩子他爹 ...) or the
  home is named (家暴);
* it happened today or now: 今天, 今儿, 今早, 刚才, 刚刚, 这会儿, 现在, 还在打, or a beating
  told as done again (又打了, 又把俺打了, 又动手了, 又挨打了) with no other day named
  (昨天, 去年, 以前 ...);
* not when the beating is negated or only nearly happened (今天倒是没打俺, 差点打俺).

Pure functions: no I/O.
"""

from __future__ import annotations

import re

#: Beating words.
_BEAT = r"(?:打|揍|踹|掐)"
#: The citizen beaten: 打俺, 打了我, 把俺打了, 对我动手, 俺又挨打了, 家暴 (not 闺女挨打了).
_VICTIM = re.compile(
    rf"{_BEAT}了?(?:俺|我)(?!们|[^，,。！!？?\s]{{0,4}}(?:电话|手机|针|招呼|款|钱))|把(?:俺|我)[^，,。！!？?\s]{{0,4}}{_BEAT}"
    r"|(?:对|朝|冲)(?:俺|我)(?:又)?动手|(?:俺|我)(?:今天|今儿个?|刚才|刚刚|这会儿)?(?:又|也)?挨了?(?:打|揍)|家暴"
)
#: Kin or a partner.
_KIN = re.compile(
    r"那口子|掌柜的|男人|老公|丈夫|老头子|老伴|媳妇|老婆|婆娘|对象|男朋友|女朋友|前夫|前妻"
    r"|儿子|闺女|女儿|孩子他[爹爸]|孩子他[娘妈]|[公婆]公|婆婆|公爹|后[妈爹爸娘]|继[父母]|爸|爹|妈|娘"
    r"|哥|弟|嫂|家暴|家里"
)
#: Today or now.
_NOW = re.compile(
    r"今天|今儿|今早|今晚|今儿个|今个|今日|今天早上|今晌午|刚才|刚刚|这会儿|这会|现在还|还在(?:打|揍)"
    r"|正在(?:打|揍)"
)
#: A beating done again, told as an event (又打了, 又把俺打了, 又动手了, 又挨打了).
_AGAIN = re.compile(rf"又[^，,。！!？?\s]{{0,3}}(?:{_BEAT}|动手|挨)[^，,。！!？?\s]{{0,3}}了")
#: Another day named: the beating is not today's.
_OTHER_DAY = re.compile(
    r"昨天|昨儿|昨晚|前天|前儿|上回|上次|上礼拜|上周|上个月|去年|前年|以前|之前|那时|当年|过去"
    r"|前些年|前几年|早些年|几年前|离婚了|离了婚|改好了"
)
#: The beating negated or a near miss: 没打俺, 没有动手, 不打了, 差点打俺.
_NEGATED = re.compile(rf"(?:没|没有|不再|不|差点|差一点)(?:再)?(?:{_BEAT}|动手|挨)")


def beaten_today(text: str) -> bool:
    """True when ``text`` tells of the citizen beaten by kin or a partner today or now."""
    if _VICTIM.search(text) is None or _KIN.search(text) is None:
        return False
    if _NEGATED.search(text):
        return False
    if _NOW.search(text):
        return True
    return _AGAIN.search(text) is not None and _OTHER_DAY.search(text) is None


#: A beating told as a habit at home (天天, 老是, 喝多了就打俺): a matter that lasts.
_HABIT = re.compile(
    r"天天|每天|老是|总是|经常|成天|整天|三天两头|隔三差五|动不动|[总老](?:动手|打|揍)"
    r"|一喝(?:酒|多|醉)?就|喝(?:多|醉)了?就|又"
)


def home_matter(text: str) -> str | None:
    """``text`` itself when it tells today's beating by kin as part of a habit: the alarm
    is told first and the violence at home is still taken down as an appeal (trial10 N06);
    None otherwise."""
    return text if beaten_today(text) and _HABIT.search(text) else None
