"""The dialogue engine: ``step(state, event, ctx) -> (state, actions)``, a pure function.

No I/O, no clock, no randomness: times come in events, effects go out as actions and
their results come back as events (``OrderOpened``, ``OrderFound``, ``KnowledgeFound``,
``HandoffQueued``). The state stays small and JSON-serializable (``DialogState.slots``
holds only str/int/float/bool/None and lists/dicts of them).

Order of precedence for a citizen message: emergency (第十三条(一), before anything
else) → silence while an agent holds the chat → throttle → abuse (第十一条) → request
for a person → the active flow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from channels.messages import Location, QuickReply
from dialogs.context import DialogContext, Thresholds
from dialogs.model import (
    Action,
    ActionFailed,
    AgentReleased,
    CallbackDue,
    DialogState,
    Event,
    FlagAbuse,
    Handoff,
    HandoffQueued,
    KnowledgeFound,
    LookupOrder,
    OpenWorkOrder,
    OrderFound,
    OrderOpened,
    RecordDisposition,
    RecordEvaluation,
    Reply,
    SearchKnowledge,
    Transfer,
    UserMessage,
)
from dialogs.wording import Wording
from nlu.types import NluResult, TriageOutcome

__all__ = ["context_for_channel", "step"]

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
# Slots that survive a change of flow (abuse counters, the last order's phone check).
_PERSISTENT = ("_times", "last4")
_PUNCT = re.compile(r"[\s，。！？、；：,.!?;:'\"“”‘’（）()【】\[\]<>《》~～…—\-]+")
_ORDER_RE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,4}\d{6,8}-?\d{3,8})(?![0-9])")
_MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![0-9])")
_LANDLINE_RE = re.compile(r"(?<![0-9])(0[1-9]\d{1,2}-?[2-9]\d{6,7})(?![0-9])")
_LAST4_RE = re.compile(r"(?<![0-9])(\d{4})(?![0-9])")
_DIGITS_RE = re.compile(r"\d{7,}")
_NAME_PREFIX = re.compile(r"^(我叫|我是|本人|姓名是?|名字是?|联系人是?|称呼)")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_MIN_DESCRIPTION = 10  # characters: shorter first messages ("我要投诉") get "what happened?"


# --------------------------------------------------------------------------- entry
def step(state: DialogState, event: Event, ctx: DialogContext) -> tuple[DialogState, Actions]:
    """Advance the conversation by one event; returns the new state and the actions."""
    s = state.model_copy(deep=True)
    if isinstance(event, UserMessage):
        return s, _on_user(s, event, ctx)
    if isinstance(event, OrderOpened):
        return s, _on_order_opened(s, event, ctx)
    if isinstance(event, OrderFound):
        return s, _on_order_found(s, event, ctx)
    if isinstance(event, KnowledgeFound):
        return s, _on_knowledge(s, event, ctx)
    if isinstance(event, HandoffQueued):
        if event.position <= 0 or s.flow != "handoff":
            return s, []
        return s, [Reply(text=ctx.say("handoff_queued", position=event.position))]
    if isinstance(event, AgentReleased):
        s.agent = None
        s.throttled_until = None
        s.updated_at = event.at
        _reset(s)
        return s, [Reply(text=ctx.say("agent_released"))]
    if isinstance(event, ActionFailed):
        return s, _on_failed(s, event, ctx)
    if isinstance(event, CallbackDue):
        return s, _on_callback(s, event, ctx)
    raise TypeError(f"unknown event {type(event).__name__}")  # pragma: no cover


def context_for_channel(
    wording: Wording, channel: str, thresholds: Thresholds | None = None
) -> DialogContext:
    """The context for a channel: short wording on SMS and voice, rich elsewhere."""
    return DialogContext.for_channel(channel, wording, thresholds)


# ------------------------------------------------------------------------- helpers
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def _action_name(name: str) -> str:
    """``OpenWorkOrder`` or ``open_work_order`` -> ``open_work_order``."""
    return _CAMEL.sub("_", name).lower()


def _norm(text: str) -> str:
    return _PUNCT.sub("", text).lower()


def _mask(text: str) -> str:
    """Hide long digit runs (phones, ID numbers) in summaries meant for agents and logs."""
    return _DIGITS_RE.sub(
        lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 7) + m.group(0)[-4:], text
    )


def _reset(s: DialogState, flow: str = "idle", step_name: str = "start") -> None:
    s.slots = {k: v for k, v in s.slots.items() if k in _PERSISTENT}
    s.flow = flow
    s.step = step_name


def _offer(s: DialogState, options: Sequence[tuple[str, str]]) -> tuple[QuickReply, ...]:
    """Quick replies; remembered so a numbered answer ("1") maps back to its payload."""
    s.slots["_qr"] = [[payload, title] for payload, title in options]
    return tuple(QuickReply(title=title, payload=payload) for payload, title in options)


def _choice(s: DialogState, text: str) -> str | None:
    offered = s.slots.get("_qr") or []
    t = _norm(text)
    if not t:
        return None
    if t.isdigit() and 1 <= int(t) <= len(offered):
        return str(offered[int(t) - 1][0])
    for payload, title in offered:
        if t in (_norm(str(payload)), _norm(str(title))):
            return str(payload)
    return None


def _has(words: Sequence[str], text: str) -> bool:
    return any(w in text for w in words)


def _yes_no(s: DialogState, text: str, nlu: NluResult | None, ctx: DialogContext) -> bool | None:
    choice = _choice(s, text)
    if choice in ("yes", "no"):
        return choice == "yes"
    t = _norm(text)
    yes, no = ctx.wording.words("yes"), ctx.wording.words("no")
    if t in no:
        return False
    if t in yes:
        return True
    if nlu is not None and nlu.intent.confidence >= 0.5:
        if nlu.intent.name == "affirm":
            return True
        if nlu.intent.name == "deny":
            return False
    # longer answers: a negative phrase wins over a positive one it contains ("没解决")
    if _has([w for w in no if len(w) >= 2], t):
        return False
    if _has([w for w in yes if len(w) >= 2], t):
        return True
    return None


def _fmt_dt(value: datetime | None, ctx: DialogContext) -> str:
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


def _text_of(ev: UserMessage, ctx: DialogContext) -> str:
    text = ev.text.strip()
    if not text:
        # a voice note or a picture with known text stands for what the citizen said
        text = " ".join(a.transcript or a.ocr_text or "" for a in ev.attachments).strip()
    return text[: ctx.thresholds.max_text_chars]


def _order_number(text: str, nlu: NluResult | None) -> str | None:
    if nlu is not None:
        ent = nlu.first("order_no")
        if ent is not None:
            return ent.value.upper()
    m = _ORDER_RE.search(text)
    return m.group(1).upper() if m else None


def _phone(text: str, nlu: NluResult | None) -> str | None:
    if nlu is not None:
        for kind in ("phone", "landline"):
            ent = nlu.first(kind)
            if ent is not None:
                return _clean_phone(ent.value)
    m = _MOBILE_RE.search(text) or _LANDLINE_RE.search(text)
    return _clean_phone(m.group(1)) if m else None


def _clean_phone(phone: str) -> str:
    digits = re.sub(r"[^0-9]", "", phone)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]  # +86 mobile as the channel gives it
    return digits


def _summary(s: DialogState, ctx: DialogContext) -> str:
    sl = s.slots
    parts = [f"环节：{FLOW_LABELS.get(s.flow, s.flow)}"]
    if sl.get("order_type") == "staff_complaint":
        parts.append("类型：工作人员投诉")
    if sl.get("text"):
        parts.append(f"诉求：{str(sl['text'])[:120]}")
    if sl.get("address"):
        parts.append(f"地点：{sl['address']}")
    if sl.get("k_query"):
        parts.append(f"咨询：{str(sl['k_query'])[:80]}")
    if sl.get("p_number"):
        parts.append(f"查询工单：{sl['p_number']}")
    if s.history:
        parts.append(f"最近留言：{s.history[-1][:60]}")
    return _mask("；".join(parts))


def _handoff(s: DialogState, reason: str, ctx: DialogContext, lead: str = "handoff") -> Actions:
    summary = _summary(s, ctx)
    s.flow, s.step = "handoff", "waiting"
    s.slots["handoff_reason"] = reason
    return [Reply(text=ctx.say(lead)), Handoff(reason=reason, summary=summary)]


# --------------------------------------------------------------------- user message
def _emergency(nlu: NluResult | None, text: str, ctx: DialogContext) -> tuple[str, str] | None:
    if nlu is not None:
        tri = nlu.triage
        if tri is not None and tri.outcome == TriageOutcome.EMERGENCY:
            service = tri.service if tri.service in SERVICE_NAMES else "110"
            return service, tri.reason
        return None
    # no NLU: be conservative and look for the plainest emergency words ourselves
    for service in ("119", "120", "122", "110"):
        hit = next((w for w in ctx.wording.words(f"emergency_{service}") if w in text), None)
        if hit is not None:
            return service, f"keyword:{hit}"
    return None


def _has_appeal(nlu: NluResult | None, text: str) -> bool:
    if nlu is None or len(text) < _MIN_DESCRIPTION:
        return False
    return nlu.intent.name in ("appeal", "complain_staff") or nlu.category is not None


def _abuse(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> tuple[str, str] | None:
    th = ctx.thresholds
    window = ev.at - timedelta(seconds=th.flood_window_seconds)
    times = [t for t in s.slots.get("_times", []) if datetime.fromisoformat(t) > window]
    times.append(ev.at.isoformat())
    s.slots["_times"] = times[-(th.flood_limit + 1) :]
    norm = _norm(text)
    recent = s.history[-(th.repeat_limit - 1) :] if th.repeat_limit > 1 else []
    detail = _mask(text[:200])
    found: tuple[str, str] | None = None
    if nlu is not None and nlu.abusive:
        threat = _has(ctx.wording.words("threat"), text)
        found = ("threat" if threat else "insult", detail)
    elif nlu is None and _has(ctx.wording.words("threat"), text):
        found = ("threat", detail)
    elif (
        len(norm) >= th.repeat_min_chars
        and len(recent) == th.repeat_limit - 1
        and all(h == norm for h in recent)
    ):
        found = ("repeat", detail)
    elif len(times) > th.flood_limit:
        found = ("flood", f"{len(times)} messages within {th.flood_window_seconds}s")
    if norm:
        s.history = [*s.history, norm][-th.history_size :]
    return found


def _on_user(s: DialogState, ev: UserMessage, ctx: DialogContext) -> Actions:
    s.turns += 1
    s.updated_at = ev.at
    text = _text_of(ev, ctx)
    nlu = ev.nlu if isinstance(ev.nlu, NluResult) else None
    emergency = _emergency(nlu, text, ctx)
    if emergency is not None:
        service, reason = emergency
        if s.agent is None:
            _reset(s)
        return [
            Transfer(
                service=service,  # one of SERVICE_NAMES
                reason=reason,
                text=ctx.say("emergency", service=service, service_name=SERVICE_NAMES[service]),
            ),
            RecordDisposition(disposition="transferred", reason=f"{service}:{reason}"),
        ]
    if s.agent is not None:
        return []  # an agent holds the conversation: the bot stays silent
    if s.throttled_until is not None and ev.at < s.throttled_until:
        _abuse(s, ev, text, nlu, ctx)  # keep counting; every turn is recorded by the gateway
        return []
    prefix: Actions = []
    abuse = _abuse(s, ev, text, nlu, ctx)
    if abuse is not None:
        kind, detail = abuse
        flag = FlagAbuse(kind=kind, detail=detail)
        if s.warnings == 0:
            s.warnings = 1
            prefix = [Reply(text=ctx.say("abuse_warning")), flag]
            if not _has_appeal(nlu, text):
                return prefix
            # a genuine appeal inside abusive text is still taken down (第十一条 warns, not drops)
        else:
            s.warnings += 1
            s.throttled_until = ev.at + timedelta(seconds=ctx.thresholds.throttle_seconds)
            return [flag, *_handoff(s, f"abuse:{kind}", ctx, lead="abuse_throttled")]
    return prefix + _dispatch(s, ev, text, nlu, ctx)


def _wants_human(s: DialogState, text: str, nlu: NluResult | None, ctx: DialogContext) -> bool:
    if _choice(s, text) == "/human":
        return True
    if nlu is not None and nlu.intent.name == "ask_human" and nlu.intent.confidence >= 0.5:
        return True
    t = _norm(text)
    return len(t) <= 12 and _has(ctx.wording.words("human"), t)


def _dispatch(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    if s.flow == "handoff":
        if s.slots.get("waiting_told"):
            return []
        s.slots["waiting_told"] = True
        return [Reply(text=ctx.say("handoff_waiting"))]
    if _wants_human(s, text, nlu, ctx):
        return _handoff(s, "citizen_request", ctx)
    handler = {
        "intake": _intake,
        "progress": _progress,
        "evaluate": _evaluate,
        "knowledge": _knowledge,
    }.get(s.flow, _idle)
    return handler(s, ev, text, nlu, ctx)


# --------------------------------------------------------------------------- idle
def _welcome(s: DialogState, ctx: DialogContext) -> Actions:
    _reset(s)
    options = [
        ("/appeal", ctx.say("menu_appeal")),
        ("/ask", ctx.say("menu_ask")),
        ("/progress", ctx.say("menu_progress")),
        ("/human", ctx.say("menu_human")),
    ]
    return [Reply(text=ctx.say("welcome"), quick_replies=_offer(s, options))]


def _triage(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions | None:
    """第十三条 (二)-(六): the courteous answer and the record, instead of an order."""
    if nlu is None or nlu.triage is None:
        return None
    tri = nlu.triage
    if tri.outcome == TriageOutcome.REPEAT:
        acts: Actions = [
            RecordDisposition(disposition="duplicate", reason=tri.reason),
            Reply(text=ctx.say("repeat_matter")),
        ]
        return acts + _start_progress(s, ev, text, nlu, ctx, quiet=True)
    keys = {
        TriageOutcome.LEGAL_CHANNEL: ("legal_channel", "referred"),
        TriageOutcome.SECRET_PRIVACY: ("secret_privacy", "explained"),
        TriageOutcome.UNLAWFUL: ("unlawful", "persuaded"),
        TriageOutcome.UNACCEPTABLE: ("unacceptable", "rejected"),
    }
    if tri.outcome not in keys:
        return None
    key, disposition = keys[tri.outcome]
    _reset(s)
    return [
        Reply(text=ctx.say(key, reason=tri.reason)),
        RecordDisposition(disposition=disposition, reason=tri.reason),
    ]


def _idle(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    choice = _choice(s, text)
    if choice == "/appeal":
        return _start_intake(s, ev, "", None, ctx)
    if choice == "/ask":
        _reset(s, "knowledge", "question")
        return [Reply(text=ctx.say("ask_question"))]
    if choice == "/progress":
        return _start_progress(s, ev, "", None, ctx)
    triaged = _triage(s, ev, text, nlu, ctx)
    if triaged is not None:
        return triaged
    intent = nlu.intent.name if nlu is not None else None
    if not text and not ev.attachments and ev.location is None:
        return _welcome(s, ctx)
    if intent == "complain_staff":
        return _start_intake(s, ev, text, nlu, ctx, order_type="staff_complaint")
    confident = nlu is not None and nlu.intent.confidence >= 0.5
    if intent == "ask_progress" or (
        _order_number(text, nlu) is not None
        and (
            not (confident and intent in ("appeal", "complain_staff"))
            or _has(ctx.wording.words("progress"), text)
        )
    ):
        return _start_progress(s, ev, text, nlu, ctx)
    if intent == "ask_info":
        return _start_knowledge(s, ev, text, nlu, ctx)
    short = len(_norm(text)) < 6
    question = _has(ctx.wording.words("question"), text)
    # small talk only when the NLU is sure or the text is short: "请问……吗" is a question
    if (intent in ("greet", "affirm", "deny") and (confident or short) and not question) or (
        intent is None and len(_norm(text)) < 4 and not ev.attachments
    ):
        return _welcome(s, ctx)
    if intent in ("thank", "rate") and (confident or short):
        return [Reply(text=ctx.say("thanks_reply"))]
    if intent == "out_of_scope" and confident:
        return [Reply(text=ctx.say("out_of_scope"))]
    if question and not ev.attachments:
        # 第十二条: answer online when the knowledge base can; intake follows if not
        return _start_knowledge(s, ev, text, nlu, ctx)
    return _start_intake(s, ev, text, nlu, ctx)


# ------------------------------------------------------------------------- intake
def _territory_ok(sl: dict[str, Any]) -> bool:
    return bool(sl.get("county")) or sl.get("lat") is not None


def _compose_address(sl: dict[str, Any]) -> str | None:
    parts: list[str] = []
    for key in ("county", "township", "village", "detail"):
        value = sl.get(key)
        if value and not any(str(value) in p for p in parts):
            parts.append(str(value))
    if not parts and sl.get("place_label"):
        parts.append(str(sl["place_label"]))
    return "".join(parts) or None


def _absorb(
    s: DialogState,
    ev: UserMessage,
    text: str,
    nlu: NluResult | None,
    ctx: DialogContext,
    *,
    describe: bool,
) -> bool:
    """Take what a message tells about the appeal; True when it changed place or contact."""
    sl = s.slots
    changed = False
    if describe and text:
        sl["text"] = f"{sl['text']}\n{text}" if sl.get("text") else text
        sl["text"] = str(sl["text"])[: ctx.thresholds.max_text_chars]
    if ev.contact_phone:
        sl["channel_phone"] = _clean_phone(ev.contact_phone)
    if nlu is not None:
        if nlu.category is not None and not sl.get("cat1"):
            sl["cat1"] = nlu.category.level1
            sl["cat2"] = nlu.category.level2
            sl["unit_type"] = nlu.category.unit_type
        terr = nlu.territory
        if terr is not None and (terr.county or terr.township or terr.village or terr.detail):
            if terr.county or not sl.get("county"):
                for key in ("county", "township", "village", "detail"):
                    value = getattr(terr, key)
                    if value or terr.county:
                        sl[key] = value
                changed = True
        elif (addr := nlu.first("address")) is not None:
            sl["detail"] = addr.value
            changed = True
        if not sl.get("since"):
            when = nlu.first("date") or nlu.first("time")
            if when is not None:
                sl["since"] = when.value
        name = nlu.first("name")
        if name is not None:
            sl["name"] = name.value
    loc: Location | None = ev.location
    if loc is not None:
        sl["lat"], sl["lon"] = loc.latitude, loc.longitude
        if loc.label:
            sl["place_label"] = loc.label
        changed = True
    phone = _phone(text, nlu)
    if phone is not None:
        sl["phone"] = phone
        sl["anonymous"] = False
        changed = True
    if ev.attachments:
        atts = list(sl.get("attachments", []))
        for a in ev.attachments:
            if len(atts) >= ctx.thresholds.max_attachments:
                break
            atts.append(
                {
                    "kind": a.kind.value,
                    "mime": a.mime,
                    "size": a.size,
                    "sha256": a.sha256,
                    "blob_key": a.blob_key,
                    "source_url": a.source_url,
                    "transcript": a.transcript,
                    "ocr_text": a.ocr_text,
                }
            )
        sl["attachments"] = atts
    address = _compose_address(sl)
    if address:
        sl["address"] = address
    return changed


def _start_intake(
    s: DialogState,
    ev: UserMessage,
    text: str,
    nlu: NluResult | None,
    ctx: DialogContext,
    order_type: str = "appeal",
    lead: Actions | None = None,
) -> Actions:
    _reset(s, "intake", "what")
    s.slots["order_type"] = order_type
    substantive = len(_norm(text)) >= _MIN_DESCRIPTION or (
        nlu is not None and nlu.category is not None and len(_norm(text)) >= 4
    )
    _absorb(s, ev, text, nlu, ctx, describe=substantive)
    return (lead or []) + _next_intake(s, ctx)


def _next_intake(s: DialogState, ctx: DialogContext) -> Actions:
    sl, th = s.slots, ctx.thresholds
    if not sl.get("text"):
        s.step = "what"
        key = "ask_what_staff" if sl.get("order_type") == "staff_complaint" else "ask_what"
        return [Reply(text=ctx.say(key))]
    if not _territory_ok(sl):
        asks = int(sl.get("where_asks", 0))
        if asks >= th.max_where_asks:
            return _handoff(s, "address_unresolved", ctx, lead="address_unresolved")
        sl["where_asks"] = asks + 1
        s.step = "where"
        return [Reply(text=ctx.say("ask_where" if asks == 0 else "ask_where_again"))]
    if not sl.get("since") and not sl.get("since_asked"):
        sl["since_asked"] = True
        s.step = "since"
        return [Reply(text=ctx.say("ask_since"))]
    has_phone = sl.get("phone") or sl.get("channel_phone")
    asks = int(sl.get("contact_asks", 0))
    if not has_phone and not sl.get("anonymous") and asks < th.max_contact_asks:
        sl["contact_asks"] = asks + 1
        s.step = "contact"
        key = "ask_contact" if asks == 0 and not sl.get("name") else "ask_contact_phone"
        return [Reply(text=ctx.say(key))]
    return _confirm(s, ctx)


def _contact_label(sl: dict[str, Any], ctx: DialogContext) -> str:
    if sl.get("anonymous"):
        return ctx.say("anonymous_label")
    phone = sl.get("phone") or sl.get("channel_phone")
    parts = [str(sl["name"])] if sl.get("name") else []
    if phone:
        p = str(phone)
        parts.append(p[:3] + "****" + p[-4:] if len(p) >= 11 else "***" + p[-4:])
    return " ".join(parts) or ctx.say("summary_unknown")


def _confirm(s: DialogState, ctx: DialogContext) -> Actions:
    sl = s.slots
    s.step = "confirm"
    unknown = ctx.say("summary_unknown")
    text = str(sl.get("text", ""))
    short = (
        text
        if len(text) <= ctx.thresholds.short_text_chars
        else (text[: ctx.thresholds.short_text_chars] + "…")
    )
    summary = ctx.say(
        "confirm_summary",
        text=_mask(text),
        text_short=_mask(short),
        address=sl.get("address") or unknown,
        since=sl.get("since") or unknown,
        contact=_contact_label(sl, ctx),
        attachments=len(sl.get("attachments", [])),
    )
    qr = _offer(s, [("yes", ctx.say("yes_confirm")), ("no", ctx.say("no_amend"))])
    return [Reply(text=summary, quick_replies=qr)]


def _draft(s: DialogState) -> dict[str, Any]:
    sl = s.slots
    anonymous = bool(sl.get("anonymous"))
    return {
        "text": sl.get("text", ""),
        "order_type": sl.get("order_type", "appeal"),
        "category_level1": sl.get("cat1"),
        "category_level2": sl.get("cat2"),
        "unit_type": sl.get("unit_type"),
        "county": sl.get("county"),
        "township": sl.get("township"),
        "village": sl.get("village"),
        "address": sl.get("address"),
        "latitude": sl.get("lat"),
        "longitude": sl.get("lon"),
        "since": sl.get("since"),
        "contact_name": None if anonymous else sl.get("name"),
        "contact_phone": None if anonymous else (sl.get("phone") or sl.get("channel_phone")),
        "anonymous": anonymous,
        "attachments": [dict(a) for a in sl.get("attachments", [])],
        "extra": {k: sl[k] for k in ("k_query",) if sl.get(k)},
    }


def _parse_contact(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> None:
    sl = s.slots
    t = _norm(text)
    phone = _phone(text, nlu)
    if phone is None and (
        _has(ctx.wording.words("anonymous"), t)
        or t in ctx.wording.words("no")
        or (nlu is not None and nlu.intent.name == "deny")
    ):
        sl["anonymous"] = True
        return
    _absorb(s, ev, "", nlu, ctx, describe=False)
    if phone is not None:
        sl["phone"] = phone
        rest = text
        for m in (_MOBILE_RE, _LANDLINE_RE):
            rest = m.sub("", rest)
    else:
        rest = text
    if not sl.get("name"):
        candidate = _NAME_PREFIX.sub("", _norm(rest))
        # "确认", "好的", "谢谢" are answers, not names
        answer = nlu is not None and nlu.intent.name in ("affirm", "deny", "thank", "greet")
        if _CJK_NAME.match(candidate) and not answer and candidate not in ctx.wording.words("yes"):
            sl["name"] = candidate


def _intake(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    sl = s.slots
    ack: Actions = []
    if ev.attachments:
        ack = [Reply(text=ctx.say("attachment_received", count=len(ev.attachments)))]
    if s.step == "what":
        triaged = _triage(s, ev, text, nlu, ctx)
        if triaged is not None:
            return triaged
        _absorb(s, ev, text, nlu, ctx, describe=bool(text))
    elif s.step == "where":
        _absorb(s, ev, text, nlu, ctx, describe=False)
        if text and not _territory_ok(sl) and nlu is None:
            sl["detail"] = text[:200]
            sl["address"] = _compose_address(sl)
    elif s.step == "since":
        _absorb(s, ev, "", nlu, ctx, describe=False)
        if text and not sl.get("since"):
            t = _norm(text)
            about_contact = "匿名" in t or (
                _has(ctx.wording.words("anonymous"), t)
                and _has(("联系", "电话", "手机", "姓名", "名字"), t)
            )  # "很不方便" alone is a complaint, not a refusal to leave a number
            if about_contact or _phone(text, nlu) is not None:
                # the citizen answered the contact question ahead of time
                sl["since"] = ctx.say("summary_unknown")
                _parse_contact(s, ev, text, nlu, ctx)
                if sl.get("anonymous"):
                    return [Reply(text=ctx.say("anonymous_ok")), *_next_intake(s, ctx)]
            else:
                dont_know = _has(ctx.wording.words("dont_know"), t)
                sl["since"] = ctx.say("summary_unknown") if dont_know else text[:60]
    elif s.step == "contact":
        _parse_contact(s, ev, text, nlu, ctx)
        if sl.get("anonymous"):
            return [Reply(text=ctx.say("anonymous_ok")), *_next_intake(s, ctx)]
    elif s.step == "confirm":
        yes = _yes_no(s, text, nlu, ctx) if text else None
        if yes is True:
            s.step = "submitting"
            return [OpenWorkOrder(draft=_draft(s))]
        if yes is False:
            s.step = "amend"
            return [Reply(text=ctx.say("ask_amend"))]
        _amend(s, ev, text, nlu, ctx)
        return ack + _confirm(s, ctx)
    elif s.step == "amend":
        _amend(s, ev, text, nlu, ctx)
        return ack + _confirm(s, ctx)
    elif s.step == "submitting":
        return []  # the order is being written; its receipt follows
    return ack + _next_intake(s, ctx)


def _amend(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> None:
    changed = _absorb(s, ev, text, nlu, ctx, describe=False)
    if not changed and text:
        s.slots["text"] = f"{s.slots.get('text', '')}\n（补充）{text}".strip()


def _on_order_opened(s: DialogState, ev: OrderOpened, ctx: DialogContext) -> Actions:
    phone = s.slots.get("phone") or s.slots.get("channel_phone")
    anonymous = bool(s.slots.get("anonymous"))
    _reset(s)
    s.last_order = ev.number
    s.slots["last4"] = None if anonymous or not phone else str(phone)[-4:]
    if ev.deadline is None:
        text = ctx.say("receipt_no_deadline", number=ev.number, unit=ev.unit_name)
    else:
        text = ctx.say(
            "receipt", number=ev.number, unit=ev.unit_name, deadline=_fmt_dt(ev.deadline, ctx)
        )
    return [Reply(text=text)]


def _on_failed(s: DialogState, ev: ActionFailed, ctx: DialogContext) -> Actions:
    action = _action_name(ev.action)
    if action == "open_work_order" and s.flow == "intake":
        failures = int(s.slots.get("failures", 0)) + 1
        s.slots["failures"] = failures
        if failures >= ctx.thresholds.max_order_failures:
            return _handoff(s, f"order_failed:{ev.reason}"[:200], ctx)
        s.step = "confirm"
        return [Reply(text=ctx.say("order_failed"))]
    if action == "search_knowledge" and s.flow == "knowledge":
        query = str(s.slots.get("k_query", ""))
        return _knowledge_to_intake(s, query, ctx, "knowledge_none")
    _reset(s)
    return [Reply(text=ctx.say("lookup_failed"))]


# ----------------------------------------------------------------------- progress
def _start_progress(
    s: DialogState,
    ev: UserMessage,
    text: str,
    nlu: NluResult | None,
    ctx: DialogContext,
    *,
    quiet: bool = False,
) -> Actions:
    _reset(s, "progress", "number")
    number = _order_number(text, nlu) or s.last_order
    if number is None:
        s.slots["p_asks"] = 1
        return [Reply(text=ctx.say("ask_order_number"))]
    return _progress_number(s, ev, number, text, ctx)


def _progress_number(
    s: DialogState, ev: UserMessage, number: str, text: str, ctx: DialogContext
) -> Actions:
    sl = s.slots
    sl["p_number"] = number
    rest = text.replace(number, "").replace(number.lower(), "")
    m = _MOBILE_RE.search(rest)
    last4 = re.sub(r"[^0-9]", "", m.group(1))[-4:] if m else None
    if last4 is None and (m4 := _LAST4_RE.search(rest)):
        last4 = m4.group(1)
    if last4 is None and ev.contact_phone:
        last4 = re.sub(r"[^0-9]", "", ev.contact_phone)[-4:]
    if last4 is None and number == s.last_order:
        # filed in this conversation: the case store also accepts the same channel+sender
        s.step = "lookup"
        stored = sl.get("last4")
        return [LookupOrder(number=number, phone_last4=str(stored) if stored else None)]
    if last4 is None:
        s.step = "phone"
        sl["p_asks"] = 1
        return [Reply(text=ctx.say("ask_phone_last4"))]
    s.step = "lookup"
    return [LookupOrder(number=number, phone_last4=last4)]


def _progress(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    sl = s.slots
    asks = int(sl.get("p_asks", 0))
    if s.step == "number":
        number = _order_number(text, nlu)
        if number is not None:
            return _progress_number(s, ev, number, text, ctx)
        if asks >= 2 or len(_norm(text)) >= _MIN_DESCRIPTION:
            _reset(s)
            return _idle(s, ev, text, nlu, ctx)  # not a number: take it as a new matter
        sl["p_asks"] = asks + 1
        return [Reply(text=ctx.say("ask_order_number"))]
    if s.step == "phone":
        number = str(sl.get("p_number", ""))
        t = _norm(text)
        m = _LAST4_RE.search(t) if not _MOBILE_RE.search(t) else None
        digits = m.group(1) if m else None
        if (mm := _MOBILE_RE.search(t)) is not None:
            digits = re.sub(r"[^0-9]", "", mm.group(1))[-4:]
        if digits is not None or t in ctx.wording.words("none") or asks >= 2:
            s.step = "lookup"
            return [LookupOrder(number=number, phone_last4=digits)]
        sl["p_asks"] = asks + 1
        return [Reply(text=ctx.say("ask_phone_last4"))]
    # "lookup": a message while the lookup runs starts over
    _reset(s)
    return _idle(s, ev, text, nlu, ctx)


def _on_order_found(s: DialogState, ev: OrderFound, ctx: DialogContext) -> Actions:
    if not ev.found:
        _reset(s)
        return [Reply(text=ctx.say("order_not_found", number=ev.number))]
    text = ctx.say(
        "progress",
        number=ev.number,
        state=ev.state_label or ev.state or ctx.say("summary_unknown"),
        unit=ev.unit_name or ctx.say("summary_unknown"),
        deadline=_fmt_dt(ev.deadline, ctx),
    )
    if ev.result:
        text = text + "\n" + ctx.say("progress_result", result=ev.result)
    acts: Actions = [Reply(text=text)]
    _reset(s)
    if ev.can_evaluate:
        acts.append(_ask_rating(s, ev.number, ctx))
    return acts


def _ask_rating(s: DialogState, number: str, ctx: DialogContext) -> Reply:
    s.flow, s.step = "evaluate", "rate"
    s.slots["e_number"] = number
    qr = _offer(
        s,
        [
            ("satisfied", ctx.say("rate_satisfied")),
            ("basic", ctx.say("rate_basic")),
            ("unsatisfied", ctx.say("rate_unsatisfied")),
        ],
    )
    return Reply(text=ctx.say("ask_rating"), quick_replies=qr)


def _on_callback(s: DialogState, ev: CallbackDue, ctx: DialogContext) -> Actions:
    """The unit replied: the result, then the rating (only between other flows)."""
    if s.agent is not None or s.flow not in ("idle", "evaluate"):
        return []  # never cut into an intake or an agent's chat; the progress query offers it
    acts: Actions = []
    if ev.result:
        unit = ev.unit_name or "承办单位"
        acts.append(
            Reply(text=ctx.say("callback_result", number=ev.number, unit=unit, result=ev.result))
        )
    _reset(s)
    acts.append(_ask_rating(s, ev.number, ctx))
    return acts


# ---------------------------------------------------------------------- evaluation
def _rating(s: DialogState, text: str) -> str | None:
    choice = _choice(s, text)
    if choice in ("satisfied", "basic", "unsatisfied"):
        return choice
    t = _norm(text)
    if "不满意" in t or "不太满意" in t:
        return "unsatisfied"
    if "基本" in t or "还行" in t or "一般" in t:
        return "basic"
    if "满意" in t:
        return "satisfied"
    return None


def _evaluate(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    sl = s.slots
    number = str(sl.get("e_number", ""))
    if s.step == "reason":
        reason = _mask(text[:500]) if text else None
        _reset(s)
        return [
            RecordEvaluation(number=number, satisfaction="unsatisfied", reason=reason),
            Reply(text=ctx.say("evaluation_unsatisfied_thanks")),
        ]
    rating = _rating(s, text)
    if rating == "unsatisfied":
        s.step = "reason"
        return [Reply(text=ctx.say("ask_unsatisfied_reason"))]
    if rating in ("satisfied", "basic"):
        _reset(s)
        return [
            RecordEvaluation(number=number, satisfaction=rating),
            Reply(text=ctx.say("evaluation_thanks")),
        ]
    if int(sl.get("e_asks", 0)) >= 1:
        _reset(s)
        return _idle(s, ev, text, nlu, ctx)  # not a rating: the citizen moved on
    sl["e_asks"] = 1
    return [
        Reply(
            text=ctx.say("ask_rating_again"),
            quick_replies=tuple(
                QuickReply(title=str(t), payload=str(p)) for p, t in sl.get("_qr", [])
            ),
        )
    ]


# ----------------------------------------------------------------------- knowledge
def _start_knowledge(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    _reset(s, "knowledge", "searching")
    s.slots["k_query"] = text
    # keep what the question already says, in case it turns into an appeal
    _absorb(s, ev, "", nlu, ctx, describe=False)
    return [SearchKnowledge(query=text)]


def _knowledge_to_intake(s: DialogState, query: str, ctx: DialogContext, lead: str) -> Actions:
    keep = {k: v for k, v in s.slots.items() if not k.startswith(("k_", "_qr"))}
    s.flow, s.step = "intake", "what"
    s.slots = keep
    s.slots.setdefault("order_type", "appeal")
    if query:
        s.slots["text"] = query
        s.slots["k_query"] = query
    return [Reply(text=ctx.say(lead)), *_next_intake(s, ctx)]


def _on_knowledge(s: DialogState, ev: KnowledgeFound, ctx: DialogContext) -> Actions:
    if s.flow != "knowledge":
        return []
    query = str(s.slots.get("k_query", ""))
    floor = ctx.thresholds.knowledge_min_score
    good = [a for a in ev.answers if float(a.get("score", 0.0)) >= floor]
    if not good:
        return _knowledge_to_intake(s, query, ctx, "knowledge_none")
    best = max(good, key=lambda a: float(a.get("score", 0.0)))
    answer = str(best.get("answer", ""))
    if ctx.style == "short" and len(answer) > ctx.thresholds.short_answer_chars:
        answer = answer[: ctx.thresholds.short_answer_chars] + "…"
    text = ctx.say(
        "knowledge_answer",
        title=best.get("title", ""),
        answer=answer,
        source=best.get("source_unit", ""),
        updated=best.get("updated", ""),
    )
    s.step = "solved"
    s.slots["k_entry"] = str(best.get("entry_id", ""))
    qr = _offer(s, [("yes", ctx.say("yes_solved")), ("no", ctx.say("no_unsolved"))])
    return [Reply(text=text, quick_replies=qr)]


def _knowledge(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    if s.step == "question":
        if not text:
            return [Reply(text=ctx.say("ask_question"))]
        triaged = _triage(s, ev, text, nlu, ctx)
        return triaged if triaged is not None else _start_knowledge(s, ev, text, nlu, ctx)
    if s.step == "solved":
        yes = _yes_no(s, text, nlu, ctx)
        if yes is True:
            entry = str(s.slots.get("k_entry", ""))
            _reset(s)
            return [
                RecordDisposition(disposition="answered_online", reason=f"knowledge:{entry}"),
                Reply(text=ctx.say("knowledge_solved")),
            ]
        if yes is False:
            return _knowledge_to_intake(
                s, str(s.slots.get("k_query", "")), ctx, "knowledge_to_intake"
            )
    _reset(s)
    return _idle(s, ev, text, nlu, ctx)
