"""Provider events as events, not speech (issue 12): subscribe, unsubscribe, scan,
menu clicks, automatic location reports, Telegram commands, stickers."""

from __future__ import annotations

from dialogs.common import Actions, go_idle, handoff, welcome
from dialogs.context import DialogContext
from dialogs.intake import start_intake
from dialogs.lookups import ask_question
from dialogs.model import DialogState, ProviderEvent, Reply
from dialogs.state import HandoffFlow, IdleFlow, ProgressFlow

__all__ = ["on_provider"]

_MENU_KEYS = {
    "appeal": "/appeal",
    "ask": "/ask",
    "progress": "/progress",
    "human": "/human",
    "反映问题": "/appeal",
    "政策咨询": "/ask",
    "查询进度": "/progress",
    "转人工": "/human",
}


def on_provider(s: DialogState, ev: ProviderEvent, ctx: DialogContext) -> Actions:
    """A provider event (issue 12): a position report is kept silently, unsubscribe ends
    the session, subscribe/scan and /start greet, a sticker gets "please describe", a menu
    click starts its flow (an unknown key: the welcome), an edited message "please send
    the correction anew", an SMS opt-out its acknowledgement; while an agent holds the
    chat the bot stays quiet."""
    s.updated_at = ev.at
    match ev.kind:
        case "location_report":
            s.memory.position = ev.location  # kept for agents; never taken for the place
            return []
        case "unsubscribe":
            fresh = DialogState()
            s.flow, s.memory = fresh.flow, fresh.memory
            s.throttled_until = None
            return []
        case "unknown":
            return []
        case _:
            pass
    if s.agent is not None or isinstance(s.flow, HandoffFlow):
        return []  # an agent has (or will have) the chat: the bot stays quiet
    match ev.kind:
        case "subscribe" | "scan":
            return welcome(s, ctx) if isinstance(s.flow, IdleFlow) else []
        case "sticker":
            return [Reply(text=ctx.say("describe_please"))]
        case "edited":
            # the edit is not read: the intake (if any) waits at the same question
            return [Reply(text=ctx.say("edited_resend"))]
        case "optout":
            # STOP / 退订 / TD: acknowledged, never a matter, nothing asked (trial11 N09)
            go_idle(s)
            return [Reply(text=ctx.say("sms_optout"))]
        case "command":
            key = ev.key.lower()
            if key in ("cancel", "stop"):
                go_idle(s)
                return [Reply(text=ctx.say("flow_left"))]
            if key in ("human", "agent"):
                return handoff(s, "citizen_request", ctx)
            if key in ("help", "menu"):
                return welcome(s, ctx, menu=True)  # asked for the menu: shown again
            return welcome(s, ctx)  # /start and anything else
        case "click":
            target = _MENU_KEYS.get(ev.key.strip().lstrip("/").lower())
            if target == "/appeal":
                return start_intake(s, None, None, ctx)
            if target == "/ask":
                return ask_question(s, ctx)
            if target == "/progress":
                go_idle(s)
                s.flow = ProgressFlow()
                s.flow.slots.asks = 1
                return [Reply(text=ctx.say("ask_order_number"))]
            if target == "/human":
                return handoff(s, "citizen_request", ctx)
            return welcome(s, ctx)
        case _:
            return []
