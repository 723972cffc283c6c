"""Dialogue acts around the intent model: cancel, consult signals, openers, refusals.

The intent head guesses among the dialogue intents; these rules make the few distinctions
a dialogue cannot afford to get wrong (issue 12): ``算了 还是不提交了`` cancels, ``我不是投诉
就是想问问`` asks for a consultation, ``在吗`` / ``问一下`` are openers without a matter,
and ``名字就不留了`` refuses a name (and is never a name). Whether a message in question
form is a question to answer or a matter to file is read in ``nlu/questions.py``.
"""

from __future__ import annotations

import re

from nlu import refusals
from nlu.withdrawal import withdrawn

_PUNCT_RE = re.compile(r"[\s,，.。!！?？、~～…:：;；\"'“”‘’()（）\[\]【】]+")
#: Openers and politeness that carry no matter of their own.
OPENER_RE = re.compile(
    r"^(?:(?:你好|您好|你们好|恁好|恁们好|您们好|喂|哈喽|hello|hi|嗨|在吗|在不在|有人吗|有人在吗|请问|问一下|问下|"
    r"问个事|问个事儿|问一个事|打扰一下|麻烦问一下|咨询一下|咨询个事|我想问一下|我想问问|想问一下|"
    r"想问问|想咨询一下|我想咨询一下|我想咨询|同志|老师|工作人员|那个|就是|嗯|啊|哦|呃|额|"
    r"我不是投诉|不是投诉|我不投诉|不投诉|就是想问问|就想问问|只是想问问|我就问问|问问|了解一下|"
    r"我想了解一下|打听一下|12345|热线)[\s,，.。!！?？~～…]*)+$",
    re.IGNORECASE,
)
#: The citizen says it is a question, not a complaint.
CONSULT_SIGNAL_RE = re.compile(
    r"不是(?:要)?投诉|不投诉|不是来投诉|就是想问问|就想问问|只是想问问|只想问问|想咨询|咨询一下|"
    r"咨询个|打听一下|了解一下|想问(?:一下|问)?|请问"
)
#: The longest text read as a bare act (longer texts carry a matter).
SHORT = 24


def strip_punct(text: str) -> str:
    """``text`` without spaces and punctuation (for the short-answer rules)."""
    return _PUNCT_RE.sub("", text)


def is_opener(text: str) -> bool:
    """True when ``text`` is only greetings, openers or a consult signal (no matter)."""
    bare = strip_punct(text)
    return not bare or bool(OPENER_RE.match(bare))


def is_cancel(text: str) -> bool:
    """True for a short message withdrawing the matter (算了 还是不提交了, 来水了 不用了),
    never for a refusal of contact (电话就算了) nor a cancelling told in a matter."""
    bare = strip_punct(text)
    if not 0 < len(bare) <= SHORT or set(declined(text)) & {"name", "phone"}:
        return False
    return withdrawn(text)


#: Signals that on their own ask for a consultation (without a matter yet).
STRONG_CONSULT_RE = re.compile(
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
    """What ``text`` refuses to give: ``name``, ``phone`` (both for 匿名, 不想暴露身份), or
    ``any`` for a bare refusal (不留了: whatever was asked); see ``nlu/refusals.py``."""
    return refusals.declined(text)


def refusal_spans(text: str) -> list[tuple[int, int]]:
    """Spans of refusals, which no name may overlap."""
    return [span for _, span in refusals.refusals(text)]
