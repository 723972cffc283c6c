"""A question about the hotline itself (issue 12, trial17), answered from its own entries.

The citizen asks about the service before (or instead of) telling a matter: when it works
(「你们几点上班」, 「12345晚上有人接吗」, 「周末有人值班不」), what it takes (「能投诉啥」,
「你们这个热线都管哪些事」, 「啥事都能反映吗」), what it is (「12345是干啥的」), what it costs
(「打12345要钱不」), whether the citizen's data is safe (「反映问题会不会泄露俺的信息」) or how a
result is judged (「对处理结果不满意咋办」). Each is answered from config/knowledge/rexian.yml
(《菏泽市12345政务服务便民热线条例》第二条、第六条、第八条、第九条、第十七条), never taken down
as an appeal's content nor read as a matter.

The reading: one of the topics below, and nothing else told (what is left once the topic,
the words that address the hotline and the words of asking are taken out is a few
characters at most); the hours of another body (「医院几点上班」, 「车管所周末上班不」) name it
and are no question about the hotline. :func:`hotline_query` gives the query to search
with: the words asked, with the hotline named, so that only its own entries answer
(:data:`nlu.knowledge.NAMED_ONLY`).
"""

from __future__ import annotations

import re

from nlu.regate import gated

__all__ = ["hotline_query", "hotline_topic"]

#: Words that address the hotline (你们, 恁, 12345, 热线, 人工 …).
_YOU = (
    r"(?:菏泽)?(?:12345|一二三四五|市长热线|政务热线|便民热线|热线|人工服务|人工客服|人工|客服|"
    r"接线员|话务员|您们|你们|恁们|恁|你|您|咱们|咱|这个|这里|这边|这儿|那边|平台)"
)
_WHEN = (
    r"(?:几点|几点钟|啥时候|什么时候|啥时|晚上|夜里|夜间|半夜|黑夜|夜班|白天|中午|早上|周末|周六|周日|"
    r"周天|双休日?|星期[六天日]|礼拜[六天日]|节假日|假期|过年|放假|春节|国庆|二十四小时|24小时|全天|"
    r"一天到晚)"
)
_ON_DUTY = (
    r"(?:上班|下班|接电话|接听|接|能接|能打|打得通|打通|值班|开门|关门|营业|"
    r"上线|在线|服务|回消息|回复|处理|管)"
)
#: When it works: a word of when, then being on duty (「晚上有人接吗」, 「几点下班」).
_HOURS = (
    rf"{_WHEN}(?:的话|期间|的时候)?(?:{_WHEN})?(?:{_YOU})?(?:也|都|还)?(?:能|可以|会)?(?:有没有|有)?(?:人工|人)?(?:{_ON_DUTY})?"
    r"(?<=[班接听打通门业线务复理管人工])"
)
_ACT = r"(?:投诉|反映|举报|咨询|求助|受理|管|办|解决|说|提|找你们|找恁)"
_WHAT = r"(?:啥|什么|哪些|哪样|哪类|哪方面|哪一类|啥样|什么样|哪种)"
#: What it takes: 「能投诉啥」, 「都管哪些事」, 「啥事都能反映吗」, 「受理范围是啥」.
_SCOPE = (
    rf"(?:都|一般)?(?:能|可以|能够|可)(?:在这|在这里|跟你们|向你们|找你们)?{_ACT}(?:些|点)?{_WHAT}"
    r"(?:的)?(?:事儿?|事情|问题|方面|情况|东西)?|"
    rf"{_WHAT}(?:的)?(?:事儿?|事情|问题|情况)(?:都|也)?(?:能|可以)(?:打|找|在这|在这里)?"
    rf"(?:你们|恁|12345|热线)?{_ACT}|受理范围|管理范围|业务范围|管(?:啥|什么|哪些)(?!用)(?:事儿?|方面|问题)?"
)
#: What it is: 「12345是干啥的」, 「这个热线是做什么的」, 「什么是12345」.
_WHAT_IS = (
    r"(?:是|就是)?(?:干啥|干嘛|干什么|做啥|做什么|弄啥|管啥|啥|什么)(?:的|用的|地方|单位|部门)|"
    r"是(?:个)?(?:啥|什么)(?:单位|部门|机构|地方)?|(?:什么|啥)是(?:12345|热线)"
)
#: What it costs: 「打12345要钱吗」, 「反映问题收费不」.
_COST = (
    r"(?:打|打电话|反映|投诉|咨询|留言|用)?(?:问题)?(?:要|得|收|花|交)(?:钱|费|费用)|"
    r"收费|收钱|免费|要不要钱|花钱"
)
#: Whether the citizen's data is safe: 「会不会泄露俺的信息」, 「会把俺电话告诉别人不」.
_PRIVACY = (
    r"(?:会|能)?(?:不会|会不会)?(?:泄露|泄漏|透露|外泄|告诉别人|告诉被投诉|让人知道|被人知道|"
    r"保密|打击报复|报复)(?:俺|我)?(?:的)?(?:信息|电话|名字|身份|个人信息)?"
)
#: How a result is judged: 「对处理结果不满意咋办」, 「你们会回访吗」.
_REVIEW = r"(?:处理|办理)?结果不满意(?:咋办|怎么办|找谁)?|(?:怎么|咋)评价|回访"
_TOPICS = (
    ("hours", gated(_HOURS)),
    ("scope", gated(_SCOPE)),
    ("what", gated(_WHAT_IS)),
    ("cost", gated(_COST)),
    ("privacy", gated(_PRIVACY)),
    ("review", gated(_REVIEW)),
)
#: Topics that need the hotline addressed (「收费吗」 alone may be any body's fee).
_NEEDS_YOU = frozenset({"what", "cost", "privacy"})
#: Reporting is done to the hotline: it addresses it (「反映问题会不会泄露俺的信息」).
_YOU_RX = gated(rf"{_YOU}|反映|投诉|举报")
#: What may stand beside the topic: greetings, asking, addressing, particles.
_FILLER = re.compile(
    r"你好|您好|恁好|请问|问一下|问下|问问|想问|我想|俺想|打听一下|咨询一下|那个|就是|一般|到底|"
    rf"{_YOU}|{_WHEN}|这|期间|是不是|是|不是|都|也|还|能|可以|会|有没有|有|没有|要|得|的|了|吗|么|嘛|呢|啊|呀|吧|"
    r"不|没|咋样|怎么样|啥的|事儿?|问题|一下|打|电话|号码|这个号|号|俺|我|反映|投诉|举报|对"
)
_PUNCT = re.compile(r"[\s,，.。!！?？;；、~～…:：]+")
#: Content characters left over that still make it a question about the hotline.
_REST_MAX = 1
#: Longer than this, the message tells more than a question about the service.
_MAX_CHARS = 30


def hotline_topic(text: str) -> str | None:
    """The topic of a message that only asks about the hotline itself (``hours``,
    ``scope``, ``what``, ``cost``, ``privacy``, ``review``), else None. ``text``: the
    citizen's words (folded or not)."""
    said = _PUNCT.sub("", text)
    if not said or len(said) > _MAX_CHARS:
        return None
    for topic, rx in _TOPICS:
        m = rx.search(said)
        if m is None:
            continue
        rest = said[: m.start()] + "\x00" + said[m.end() :]
        addressed = _YOU_RX.search(rest) is not None
        if topic in _NEEDS_YOU and not addressed:
            continue
        left = _FILLER.sub("", rest).replace("\x00", "")
        if len(left) <= _REST_MAX:
            return topic
    return None


#: The words of each topic as the hotline's entries name it (rexian.yml keywords).
_TOPIC_WORDS = {
    "hours": "热线服务时间",
    "scope": "热线受理范围",
    "what": "热线简介",
    "cost": "热线收费",
    "privacy": "热线个人信息保护",
    "review": "热线回访 评价",
}


def hotline_query(text: str, topic: str | None = None) -> str:
    """The knowledge query of a question about the hotline: its words, the hotline and
    the topic (:func:`hotline_topic`) named, so that the hotline's entry of the topic
    answers."""
    said = _PUNCT.sub(" ", text).strip()
    head = _TOPIC_WORDS.get(topic or "", "")
    named = "12345" in said or "热线" in said or "热线" in head
    return " ".join(w for w in (head, "" if named else "12345热线", said) if w)
