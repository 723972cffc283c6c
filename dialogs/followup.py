"""A follow-up question the knowledge entry just told does not answer (trial12 P18).

「身份证丢了 咋补办啊」 is answered with the entry 居民身份证换领补领; 「在哪儿办 要带啥」 after
it finds the same entry again. Repeating it word for word answers nothing: a call-taker
says what the answer does not cover (here the documents to bring) and offers a person or
filing it for the unit's answer (第十二条: 一次性告知; 第十八条: 知识库未覆盖的转人工).

:func:`uncovered` names the aspects a follow-up asks about (where, what to bring, how
much, how long, when) that the entry's answer does not speak of.
"""

from __future__ import annotations

import re

from dialogs.spoken import content_len

__all__ = ["subjectless", "uncovered"]

# what is asked, and the words of an answer that speak of it
_ASPECTS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "办理地点",
        re.compile(r"在哪|哪儿|哪里|哪个(?:窗口|地方|部门|单位)|去哪|地址|什么地方|啥地方"),
        re.compile(r"窗口|大厅|派出所|中心|地址|[到在去][\u4e00-\u9fff]{0,12}(?:办理|申请|领取)"),
    ),
    (
        "所需材料",
        re.compile(
            r"带啥|带什么|拿啥|拿什么|要啥材料|什么材料|啥材料|材料|证件|手续|准备(?:啥|什么)"
        ),
        re.compile(r"材料|携带|带上|带好|需提供|须提供|应提供|户口簿|户口本|复印件|原件"),
    ),
    (
        "费用",
        re.compile(r"多少钱|收费|费用|要钱|花钱|几块钱|交钱"),
        re.compile(r"[0-9一二三四五六七八九十百]+元|免费|费用|收费|不收"),
    ),
    (
        "办理时限",
        re.compile(
            r"多久|多长时间|几天|多少天|啥时候(?:能)?(?:拿|领|办好|下来)|什么时候(?:能)?(?:拿|领|办好)"
        ),
        re.compile(r"[0-9一二三四五六七八九十]+个?(?:工作日|天|日|月)|当场|即办|立等"),
    ),
    (
        "办理时间",
        re.compile(r"几点|上班时间|办公时间|周末|星期|礼拜"),
        re.compile(r"[0-9一二三四五六七八九十]+[:：点]|工作日|周[一二三四五六日末]|节假日"),
    ),
)


def uncovered(question: str, answer: str) -> list[str] | None:
    """The aspects ``question`` asks about that ``answer`` does not speak of, in a fixed
    order; None when the answer speaks of every aspect asked ([] when the question asks
    about none of them: what it asks is not known, so not covered either)."""
    asked = [(name, spoken) for name, ask, spoken in _ASPECTS if ask.search(question)]
    missing = [name for name, spoken in asked if spoken.search(answer) is None]
    return None if asked and not missing else missing


# the words of a follow-up besides what it asks about ("那", "要", "得", "呢")
_FILLERS = re.compile(
    r"那么|那个|这个|那|这|还得|还要|需要|要|得|还|都|呢|啊|呀|吗|么|吧|哈|啥|什么|咋|怎么|"
    r"办理|办好|办下来|弄|整|操作|拿到|领到|下来|上班|下班|开门|关门|去|办|拿|领|在|的|了|是|能|可以|我|俺|"
    r"一下|请问|问一下|具体|大概|一般|[\s，,。？?！!]"
)


def subjectless(question: str) -> bool:
    """A follow-up that names no subject of its own, only what it asks about ("那要多少钱",
    "在哪儿办 要带啥"): searched with the question before it first, never alone (alone it
    finds any entry that speaks of money or places)."""
    asked = [ask for _, ask, _ in _ASPECTS if ask.search(question)]
    rest = question
    for ask in asked:
        rest = ask.sub("", rest)
    return content_len(_FILLERS.sub("", rest)) < 2
