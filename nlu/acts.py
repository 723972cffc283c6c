"""Dialogue acts around the intent model: cancel, consult signals, openers, refusals.

The intent head guesses among the dialogue intents; these rules make the few distinctions
a dialogue cannot afford to get wrong (issue 12): ``算了 还是不提交了`` cancels, ``我不是投诉
就是想问问`` asks for a consultation, ``在吗`` / ``问一下`` are openers without a matter,
and ``名字就不留了`` refuses a name (and is never a name). Whether a message in question
form is a question to answer or a matter to file is read in ``nlu/questions.py``.
"""

from __future__ import annotations

import re

from nlu.regate import gated

_PUNCT_RE = gated(r"[\s,，.。!！?？、~～…:：;；\"'“”‘’()（）\[\]【】]+")
#: Openers and politeness that carry no matter of their own.
OPENER_RE = gated(
    r"^(?:(?:你好|您好|你们好|恁好|恁们好|您们好|喂|哈喽|hello|hi|嗨|在吗|在不在|有人吗|有人在吗|请问|问一下|问下|"
    r"问个事|问个事儿|问一个事|打扰一下|麻烦问一下|咨询一下|咨询个事|我想问一下|我想问问|想问一下|"
    r"想问问|想咨询一下|我想咨询一下|我想咨询|同志|老师|工作人员|那个|就是|嗯|啊|哦|呃|额|"
    r"我不是投诉|不是投诉|我不投诉|不投诉|就是想问问|就想问问|只是想问问|我就问问|问问|了解一下|"
    r"我想了解一下|打听一下|12345|热线)[\s,，.。!！?？~～…]*)+$",
    re.IGNORECASE,
)
#: The citizen says it is a question, not a complaint.
CONSULT_SIGNAL_RE = gated(
    r"不是(?:要)?投诉|不投诉|不是来投诉|就是想问问|就想问问|只是想问问|只想问问|想咨询|咨询一下|"
    r"咨询个|打听一下|了解一下|想问(?:一下|问)?|请问"
)
CANCEL_RE = gated(
    r"算了|不提交了|不用提交|别提交|先不提交|不要提交|不办了|不反映了|不投诉了|不想反映了|"
    r"不想提交|不想投诉了|取消(?:吧|了|掉|提交|工单|诉求)?$|撤销(?:吧|了|工单|诉求)?$|"
    r"撤回(?:吧|了)?$|不弄了|不整了|拉倒吧?|不用管了|别管了|不麻烦了|没事了|不需要了"
)
#: The longest text read as a bare act (longer texts carry a matter).
SHORT = 24
NAME_REFUSAL_RE = gated(
    r"(?:名字|姓名|真名|名)(?:就|也|还是)?(?:不留|不说|不告诉|不提供|保密|不方便|不写)|"
    r"不(?:留|说|告诉你?|写|提供)(?:我的)?(?:名字|姓名|真名)|匿名|不愿意?透露(?:姓名|名字)"
)
PHONE_REFUSAL_RE = gated(
    r"(?:电话|手机|号码|联系方式|手机号)(?:就|也|还是)?(?:不留|不给|不方便|保密|不提供|不说)|"
    r"不(?:用|想|要|需要)?(?:留|给|提供)(?:我的)?(?:电话|手机|号码|联系方式|手机号)|"
    r"别(?:给我)?打电话|不要(?:给我)?打电话|不接电话|匿名"
)
BARE_REFUSAL_RE = gated(
    r"^(?:就|那就|还是)?(?:不留了?|不想留|不留吧|不方便|保密|不说了?|"
    r"不想说|不告诉你?|不用留了?|不用了吧)[吧啦了呢。.!！]*$"
)


def strip_punct(text: str) -> str:
    """``text`` without spaces and punctuation (for the short-answer rules)."""
    return _PUNCT_RE.sub("", text)


def is_opener(text: str) -> bool:
    """True when ``text`` is only greetings, openers or a consult signal (no matter)."""
    bare = strip_punct(text)
    return not bare or bool(OPENER_RE.match(bare))


def is_cancel(text: str) -> bool:
    """True for a short cancelling answer (算了 还是不提交了, 算了不用了)."""
    bare = strip_punct(text)
    return 0 < len(bare) <= SHORT and bool(CANCEL_RE.search(bare))


#: Signals that on their own ask for a consultation (without a matter yet).
STRONG_CONSULT_RE = gated(
    r"不是(?:要|来)?投诉|不投诉|(?:就|只)是?想问问|只想问问|想咨询|咨询一下|咨询个|打听一下|"
    r"了解一下"
)


def consult_signal(text: str) -> bool:
    """True when the citizen frames the message as a question, not a complaint."""
    return bool(CONSULT_SIGNAL_RE.search(text))


def strong_consult_signal(text: str) -> bool:
    """True for 我不是投诉 就是想问问, 咨询一下: a consultation even without a matter."""
    return bool(STRONG_CONSULT_RE.search(text))


def declined(text: str) -> tuple[str, ...]:
    """What ``text`` refuses to give: ``name``, ``phone`` (both for 匿名), or ``any`` for a
    bare refusal (不留了: whatever was asked)."""
    out: list[str] = []
    if NAME_REFUSAL_RE.search(text):
        out.append("name")
    if PHONE_REFUSAL_RE.search(text):
        out.append("phone")
    if not out and BARE_REFUSAL_RE.match(strip_punct(text)):
        out.append("any")
    return tuple(out)


def refusal_spans(text: str) -> list[tuple[int, int]]:
    """Spans of refusals, which no name may overlap."""
    spans = [m.span() for m in NAME_REFUSAL_RE.finditer(text)]
    spans += [m.span() for m in PHONE_REFUSAL_RE.finditer(text)]
    return spans
