"""A scripted citizen that answers the bot's questions whatever their exact wording."""

from __future__ import annotations

import re
from collections.abc import Callable

ORDER_RE = re.compile(r"HZ\d{8}-\d{6}")

PLACE = "在牡丹区西城街道桂陵社区门口"
MATTER = "你好，我们小区门口的路灯坏了一个多月了，晚上出行很不方便，希望尽快修好"


def answer(bot_text: str) -> str:
    """What a cooperative, anonymous citizen says next."""
    t = bot_text
    if re.search(r"确认|无误|是否正确|对吗|提交", t):
        return "确认"
    if re.search(r"哪里|地点|位置|地址|哪个区|哪个县|乡镇|街道", t):
        return PLACE
    if re.search(r"什么时候|多久|多长时间|何时", t):
        return "一个多月了"
    if re.search(r"姓名|称呼|电话|联系方式|手机", t):
        return "不留了，匿名反映"
    if re.search(r"图片|照片", t):
        return "没有图片"
    return "确认"


def run_intake(say: Callable[[str], list[str]], max_turns: int = 10) -> tuple[str, list[str]]:
    """Drive an intake to its work-order number; returns it and the transcript."""
    transcript: list[str] = []
    replies = say(MATTER)
    for _ in range(max_turns):
        transcript.extend(replies)
        joined = "\n".join(replies)
        found = ORDER_RE.search(joined)
        if found:
            return found.group(0), transcript
        replies = say(answer("\n".join(replies)))
    raise AssertionError("no work-order number after the intake:\n" + "\n".join(transcript))
