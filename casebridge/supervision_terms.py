"""The vocabulary of 督办 (第二十二条): its triggers, its methods and the timers of an order.

Machine names are what the case store and the webhooks carry; the ``*_LABELS_ZH`` tables
give the standard Chinese wording for notices and pages.
"""

from __future__ import annotations

from enum import StrEnum


class Trigger(StrEnum):
    """The cases of 第二十二条 in which the centre supervises a unit."""

    REFUSED = "refused"  # (一) 对法定职责内的热线事项拒不接收
    OVERDUE = "overdue"  # (二) 超出办理时限未办结
    REPEATED = "repeated"  # (三) 多次反映或者多个诉求人集中反映、应当解决未解决
    KB_STALE = "kb_stale"  # (四) 热线知识库更新不及时或者不符合要求
    POOR_HANDLING = "poor_handling"  # (五) 办理不力造成负面影响 (manual)
    OTHER = "other"  # (六) 其他需要督办的事项 (manual)


TRIGGER_LABELS_ZH: dict[Trigger, str] = {
    Trigger.REFUSED: "对法定职责内的热线事项拒不接收",
    Trigger.OVERDUE: "超出办理时限未办结",
    Trigger.REPEATED: "诉求人多次反映或多个诉求人集中反映的事项未解决",
    Trigger.KB_STALE: "热线知识库更新不及时或更新内容不符合要求",
    Trigger.POOR_HANDLING: "诉求事项办理不力造成负面影响",
    Trigger.OTHER: "其他需要督办的事项",
}


class Method(StrEnum):
    """How the centre supervises (第二十二条第二款)."""

    PHONE = "phone"  # 电话督办
    WRITTEN = "writing"  # 书面督办 (the case store's own spelling)
    ON_SITE = "on_site"  # 现场督办
    MEETING = "meeting"  # 专题协调督办


METHOD_LABELS_ZH: dict[Method, str] = {
    Method.PHONE: "电话督办",
    Method.WRITTEN: "书面督办",
    Method.ON_SITE: "现场督办",
    Method.MEETING: "专题协调",
}


class Timer(StrEnum):
    """The deadlines a work order runs against."""

    SIGN = "sign"  # 签收
    CONTACT = "contact"  # 联系诉求人
    REPLY = "reply"  # 办结反馈
    CO_REPORT = "co_report"  # 协办单位向主办单位反馈
    EXTENSION_DECISION = "extension_decision"  # 中心审核延期申请


TIMER_LABELS_ZH: dict[Timer, str] = {
    Timer.SIGN: "签收",
    Timer.CONTACT: "联系诉求人",
    Timer.REPLY: "办结反馈",
    Timer.CO_REPORT: "协办反馈",
    Timer.EXTENSION_DECISION: "延期审核",
}
