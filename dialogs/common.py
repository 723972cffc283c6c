"""Helpers every flow of the engine uses: quick replies, dates, masking, hand-off."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from casebridge.emergency.naming import named as _named
from channels.messages import QuickReply
from dialogs.context import DialogContext
from dialogs.model import Action, Handoff, Reply
from dialogs.reading import plain
from dialogs.state import (
    DialogState,
    EvaluateFlow,
    HandoffFlow,
    HandoffSlots,
    IdleFlow,
    IntakeFlow,
    KnowledgeFlow,
    Offer,
    ProgressFlow,
    appeal_facts,
)
from nlu.pii import mask_text

Actions = list[Action]

FLOW_LABELS = {
    "idle": "机器人接待",
    "intake": "登记诉求",
    "progress": "查询进度",
    "evaluate": "办理评价",
    "knowledge": "政策咨询",
    "handoff": "等待人工",
}
SERVICE_NAMES = {"110": "报警", "119": "火警", "120": "医疗急救", "122": "交通事故报警"}


def named(service: str, reason: str = "") -> str:
    """How ``service`` is named in a reply for an alarm given for ``reason`` (119: 「火警」
    for a fire or gas, 「消防救援」 for any other rescue; casebridge.emergency.naming)."""
    return _named(service, SERVICE_NAMES, reason)


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def action_name(name: str) -> str:
    """``OpenWorkOrder`` or ``open_work_order`` -> ``open_work_order``."""
    return _CAMEL.sub("_", name).lower()


def mask(text: str) -> str:
    """Hide personal data in summaries meant for agents and logs (``nlu.pii.mask_text``,
    the one masking function)."""
    return mask_text(text)


def mask_phone(phone: str) -> str:
    """``138****1234`` for a mobile, ``***1234`` otherwise."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else "***" + phone[-4:]


def go_idle(s: DialogState) -> None:
    """End the active flow (memory stays)."""
    s.flow = IdleFlow()
    s.memory.offered = []


def offer(s: DialogState, options: Sequence[tuple[str, str]]) -> tuple[QuickReply, ...]:
    """Quick replies; remembered so a numbered answer ("1") maps back to its payload."""
    s.memory.offered = [Offer(payload=p, title=t) for p, t in options]
    return tuple(QuickReply(title=t, payload=p) for p, t in options)


def choice(s: DialogState, text: str) -> str | None:
    """The payload of the offered quick reply that ``text`` names (number, title, payload)."""
    offered = s.memory.offered
    t = plain(text)
    if not t:
        return None
    # a key is one or two decimal digits: a long run of digits, or a character that is a
    # digit to str.isdigit() but not a number to int() (፩, ²), is text, never a key
    if t.isdecimal() and len(t) <= 2 and 1 <= int(t) <= len(offered):
        return offered[int(t) - 1].payload
    for o in offered:
        if t in (plain(o.payload), plain(o.title)):
            return o.payload
    return None


def fmt_dt(value: datetime | None, ctx: DialogContext) -> str:
    """A deadline as the citizen reads it (``2026年3月9日17时``; midnight as 24时)."""
    if value is None:
        return ctx.say("summary_unknown")
    local = value.astimezone(ZoneInfo(ctx.thresholds.display_timezone))
    if (local.hour, local.minute) == (0, 0):
        # a working-day limit ends at midnight: "4日24时", not "5日0时"
        day = local - timedelta(days=1)
        return f"{day.year}年{day.month}月{day.day}日24时"
    if local.minute:
        return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时"


def summary(s: DialogState) -> str:
    """One masked line for the agent who picks the conversation up."""
    parts = [f"环节：{FLOW_LABELS.get(s.flow.name, s.flow.name)}"]
    facts = appeal_facts(s)
    if facts is not None:
        if facts.order_type == "staff_complaint":
            parts.append("类型：工作人员投诉")
        if facts.matter:
            parts.append(f"诉求：{facts.matter[:120]}")
        address = facts.place.address()
        if address:
            parts.append(f"地点：{address}")
        if facts.question:
            parts.append(f"咨询：{facts.question[:80]}")
    flow = s.flow
    if isinstance(flow, KnowledgeFlow) and flow.slots.query and facts is None:
        parts.append(f"咨询：{flow.slots.query[:80]}")
    if isinstance(flow, ProgressFlow) and flow.slots.number:
        parts.append(f"查询工单：{flow.slots.number}")
    if isinstance(flow, EvaluateFlow):
        parts.append(f"评价工单：{flow.slots.number}")
    if s.memory.history:
        parts.append(f"最近留言：{s.memory.history[-1][:60]}")
    return mask("；".join(parts))


def handoff(
    s: DialogState,
    reason: str,
    ctx: DialogContext,
    lead: str = "handoff",
    order: str | None = None,
) -> Actions:
    """Queue for an agent; what the bot learnt stays with the conversation. ``order``: the
    order the citizen asks a person about (the one just filed), shown to the agent."""
    text = summary(s)
    flow = s.flow
    facts = appeal_facts(s)
    query = flow.slots.query if isinstance(flow, KnowledgeFlow) else None
    number = flow.slots.number if isinstance(flow, ProgressFlow | EvaluateFlow) else None
    if order is not None and number is None:
        number = order
        text = f"{text}；相关工单：{order}"
    if isinstance(flow, HandoffFlow):
        flow.slots.reason = reason
    else:
        if isinstance(flow, IntakeFlow) and not flow.slots.matter and not flow.slots.place.known:
            facts = None
        s.flow = HandoffFlow(
            slots=HandoffSlots(reason=reason, facts=facts, query=query, number=number)
        )
    s.memory.offered = []
    return [Reply(text=ctx.say(lead)), Handoff(reason=reason, summary=text)]


def order_handoff(
    s: DialogState, reason: str, ctx: DialogContext, *, number: str, lead: str, about: str
) -> Actions:
    """Queue for an agent about the filed order ``number``: the citizen is told ``lead`` (a
    wording key taking ``{number}``), the agent reads ``about`` as the summary (撤回 request,
    dissatisfaction with the result)."""
    rest = [
        a.model_copy(update={"summary": about}) if isinstance(a, Handoff) else a
        for a in handoff(s, reason, ctx, order=number)
        if not isinstance(a, Reply)
    ]
    return [Reply(text=ctx.say(lead, number=number)), *rest]


_MENU = ("/appeal", "/ask", "/progress", "/human")


def welcome(s: DialogState, ctx: DialogContext, *, menu: bool = False) -> Actions:
    """The greeting with the service menu; said already and nothing begun since (喂, 喂喂,
    有人吗 again, a follow event after a location): a short prompt that names no keys
    (its list is not shown again: trial5 F20), the menu still answerable by its numbers.
    ``menu=True`` (Telegram's /help, /menu) shows the menu again."""
    offered = tuple(o.payload for o in s.memory.offered)
    if not menu and isinstance(s.flow, IdleFlow) and offered == _MENU:
        return [Reply(text=ctx.say("welcome_again"))]
    go_idle(s)
    options = [
        ("/appeal", ctx.say("menu_appeal")),
        ("/ask", ctx.say("menu_ask")),
        ("/progress", ctx.say("menu_progress")),
        ("/human", ctx.say("menu_human")),
    ]
    return [Reply(text=ctx.say("welcome"), quick_replies=offer(s, options))]
