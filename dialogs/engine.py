"""The dialogue engine: ``step(state, event, ctx) -> (state, actions)``, a pure function.

No I/O, no clock, no randomness: times come in events, effects go out as actions and
their results come back as events (``OrderOpened``, ``OrderFound``, ``KnowledgeFound``,
``HandoffQueued``). The state is typed (:mod:`dialogs.state`) and JSON-serializable.

Order of precedence for a citizen message: emergency (第十三条(一), before anything
else, also while an agent holds the chat) → silence while an agent holds the chat →
throttle → abuse (第十一条) → speech to confirm → request for a person → the active
flow. Provider events (subscribe, menu clicks, position reports, stickers ...) each have
a quiet, defined handling. A unit's reply waits while the citizen is busy (an agent's
chat, an intake) and is told when they are free.
"""

from __future__ import annotations

from datetime import timedelta
from typing import assert_never

from dialogs.alarm_follow import cannot_call, follow_up, numbers_told, person_at_once
from dialogs.alarms import (
    borderline,
    emergency,
    matter_kept,
    only_an_answer,
    out_of_context_alarm,
    told_reason,
)
from dialogs.asides import insulting, urging, without_insulting_clauses, without_insults
from dialogs.common import (
    Actions,
    action_name,
    choice,
    go_idle,
    handoff,
    mask,
    named,
    offer,
)
from dialogs.context import DialogContext, Thresholds
from dialogs.dispatch import dispatch
from dialogs.evaluation import ask_rating
from dialogs.fragments import chatter
from dialogs.hazards import hazard_line
from dialogs.held import note_contact
from dialogs.intake import on_order_failed, on_order_opened, reask
from dialogs.intake_questions import no_loop
from dialogs.lookups import not_found, on_knowledge
from dialogs.model import (
    ActionFailed,
    AgentReleased,
    CallbackDue,
    DialogState,
    Disposition,
    Event,
    FlagAbuse,
    HandoffQueued,
    KnowledgeFound,
    OrderFound,
    OrderOpened,
    OrdersFound,
    ProviderEvent,
    RecordDisposition,
    Reply,
    TellAgent,
    Transfer,
    UserMessage,
)
from dialogs.own_orders import on_orders_found
from dialogs.pieces import quick_resend, said_again_reply
from dialogs.progress import on_order_found
from dialogs.provider import on_provider
from dialogs.reading import content_len, has_word, only, plain, read
from dialogs.resume import back_to_intake
from dialogs.safety import safety_advice
from dialogs.state import (
    HandoffFlow,
    IdleFlow,
    IntakeFlow,
    KnowledgeFlow,
    PendingCallback,
    ProgressFlow,
    Unheard,
)
from dialogs.wording import Wording
from nlu.types import NluResult

__all__ = ["context_for_channel", "step"]


# --------------------------------------------------------------------------- entry
def step(state: DialogState, event: Event, ctx: DialogContext) -> tuple[DialogState, Actions]:
    """Advance the conversation by one event; returns the new state and the actions."""
    # a deep copy (the caller's state is never changed); dump/validate is twice as fast
    # as model_copy(deep=True) for these nested models. ``agent`` is not dumped.
    s = DialogState.model_validate(state.model_dump())
    s.agent = state.agent
    acts: Actions
    match event:
        case UserMessage():
            acts = _on_user(s, event, ctx)
        case ProviderEvent():
            acts = on_provider(s, event, ctx)
        case OrderOpened():
            acts = on_order_opened(s, event, ctx)
        case OrderFound():
            acts = on_order_found(s, event, ctx)
        case OrdersFound():
            acts = on_orders_found(s, event, ctx)
        case KnowledgeFound():
            acts = on_knowledge(s, event, ctx)
        case HandoffQueued():
            if event.position <= 0 or not isinstance(s.flow, HandoffFlow):
                acts = []
            else:
                acts = [Reply(text=ctx.say("handoff_queued", position=event.position))]
        case AgentReleased():
            s.agent = None
            s.throttled_until = None
            s.updated_at = event.at
            go_idle(s)
            acts = [Reply(text=ctx.say("agent_released"))]
        case ActionFailed():
            acts = _on_failed(s, event, ctx)
        case CallbackDue():
            acts = _on_callback(s, event, ctx)
        case _:
            assert_never(event)
    return s, acts + _callbacks_when_free(s, ctx)


def context_for_channel(
    wording: Wording, channel: str, thresholds: Thresholds | None = None
) -> DialogContext:
    """The context for a channel: short wording on SMS and voice, rich elsewhere."""
    return DialogContext.for_channel(channel, wording, thresholds)


# --------------------------------------------------------------------- user message
def _text_of(ev: UserMessage) -> str:
    text = ev.text.strip()
    if not text:
        # a voice note or a picture with known text stands for what the citizen said
        text = " ".join(a.transcript or a.ocr_text or "" for a in ev.attachments).strip()
    return text


def _speech_confidence(ev: UserMessage) -> float | None:
    scores = [
        a.transcript_confidence
        for a in ev.attachments
        if a.transcript and a.transcript_confidence is not None
    ]
    if ev.transcript_confidence is not None:
        scores.append(ev.transcript_confidence)
    return min(scores) if scores else None


def _abuse(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> tuple[str, str] | None:
    th = ctx.thresholds
    window = ev.at - timedelta(seconds=th.flood_window_seconds)
    times = [t for t in s.memory.times if t > window]
    times.append(ev.at)
    s.memory.times = times[-(th.flood_limit + 1) :]
    norm = plain(text)[:200]
    last = s.memory.history[-1] if s.memory.history else None
    if norm and norm == last and only(norm, ctx.wording.words("yes")):
        # the same "确认" again (a double click, several taps): never abuse
        s.memory.times = times[:-1]
        return None
    recent = s.memory.history[-(th.repeat_limit - 1) :] if th.repeat_limit > 1 else []
    found: tuple[str, str] | None = None  # the text masked only when it is abuse (issue 16)
    if nlu is not None and nlu.abusive:
        threat = has_word(ctx.wording.words("threat"), text)
        found = ("threat" if threat else "insult", mask(text[:200]))
    elif nlu is None and has_word(ctx.wording.words("threat"), text):
        found = ("threat", mask(text[:200]))
    elif insulting(text):
        # the hotline called names in everyday words (你们这些骗子), a wish to insult
        found = ("insult", mask(text[:200]))
    elif (
        len(norm) >= th.repeat_min_chars
        # "不知道" to a question asked again is an honest answer, not abuse
        and not has_word(ctx.wording.words("dont_know"), norm)
        and len(recent) == th.repeat_limit - 1
        and all(h == norm for h in recent)
    ):
        found = ("repeat", mask(text[:200]))
    elif len(times) > th.flood_limit:
        found = ("flood", f"{len(times)} messages within {th.flood_window_seconds}s")
    if norm:
        s.memory.history = [*s.memory.history, norm][-th.history_size :]
    return found


def _on_user(s: DialogState, ev: UserMessage, ctx: DialogContext) -> Actions:
    s.turns += 1
    s.updated_at = ev.at
    text = _text_of(ev)
    nlu = ev.nlu
    if (
        nlu is not None
        and nlu.emergency is not None
        and (
            # "刚才没说完", "俺想拉呱拉呱": about the conversation, no event (trial17)
            only_an_answer(s, text, nlu, ctx) or chatter(plain(text)) is not None
        )
    ):
        nlu = out_of_context_alarm(nlu)
        ev = ev.model_copy(update={"nlu": nlu})
    alarm = emergency(nlu, text, ctx)
    followed = follow_up(s, ev, text, nlu, alarm, ctx)  # cannot call, the place given ...
    if followed is not None:
        return followed
    if alarm is not None:
        services, reason = alarm
        numbers_told(s, services[0], ev.at)
        # a text channel tells the number, only the phone line puts the citizen through:
        # the record says which (trial11 N05: 「已告知122」, never 「已为您转接」 on WeChat)
        reason = reason if ctx.transfers else told_reason(reason)
        disposition: Disposition = "transferred" if ctx.transfers else "emergency_told"
        told: Actions = [
            Transfer(
                service=services[0],  # one of SERVICE_NAMES
                also=services[1:],  # the record carries every number told (trial13 Q06)
                reason=reason,
                text=safety_advice(nlu, text, ctx)  # gas, fire, electric shock, drowning
                + ctx.say(
                    "emergency",
                    service="、".join(services),
                    service_name="、".join(named(x, reason) for x in services),
                ),
            ),
            RecordDisposition(disposition=disposition, reason=f"{'+'.join(services)}:{reason}"),
        ]
        person = person_at_once(s, ev, text, services[0], ctx, reason) if cannot_call(text) else []
        if person:  # "快帮俺叫个救护车 俺拨不了号": the numbers, and a person at once (P05)
            return told + person
        flow = s.flow
        if isinstance(flow, HandoffFlow) and flow.slots.reason.startswith("emergency"):
            return told  # a person is coming for this emergency: the queue is kept
        # the numbers first; then the citizen's ordinary matter goes on (never lost)
        return told if s.agent is not None else told + matter_kept(s, ev, nlu, ctx)
    if s.agent is not None:
        # an agent holds the conversation: the bot stays silent, a contact typed is kept
        note_contact(s, text, nlu, ctx)
        return []
    if s.throttled_until is not None and ev.at < s.throttled_until:
        _abuse(s, ev, text, nlu, ctx)  # keep counting; every turn is recorded by the gateway
        return []
    prefix: Actions = []
    flow = s.flow
    again = bool(s.memory.history) and plain(text)[:200] == s.memory.history[-1]
    if isinstance(flow, IntakeFlow):
        # during an intake only a description already taken down is sent again; the same
        # answer to a question asked again (a place, the matter to "what?") is an answer
        again = again and flow.step != "what" and plain(text) in plain(flow.slots.matter)
    said = read(text, nlu, ctx.wording) if again else None
    if said is not None and not urging(said) and quick_resend(s, said, ev.at, ctx):
        resent = _resent(s, ev, ctx)
        if resent is not None:
            return resent
    abuse = _abuse(s, ev, text, nlu, ctx)
    if abuse is not None:
        kind, detail = abuse
        flag = FlagAbuse(kind=kind, detail=detail)
        if s.warnings == 0:
            s.warnings = 1
            prefix = [Reply(text=ctx.say("abuse_warning")), flag]
            r = read(text, nlu, ctx.wording)
            if r.category is None or content_len(without_insults(r.matter)) < 6:
                return prefix
            # an appeal in abusive text is taken down (第十一条 warns), without the names called
            text = without_insulting_clauses(text)
            ev = ev.model_copy(update={"text": text})
        else:
            s.warnings += 1
            s.throttled_until = ev.at + timedelta(seconds=ctx.thresholds.throttle_seconds)
            return [flag, *handoff(s, f"abuse:{kind}", ctx, lead="abuse_throttled")]
    prefix += borderline(nlu, ctx)
    line = hazard_line(s, nlu, text, ctx)  # a hazard, nobody in danger: keep away (N01)
    if line is not None:
        prefix.append(Reply(text=line))
    heard = _speech(s, ev, text, nlu, ctx)
    if isinstance(heard, list):
        return prefix + heard
    ev, text, nlu = heard
    counted = bool(text.strip()) or bool(ev.attachments) or ev.location is not None
    return prefix + no_loop(s, dispatch(s, ev, text, nlu, ctx), ctx, counted=counted)


def _resent(s: DialogState, ev: UserMessage, ctx: DialogContext) -> Actions | None:
    """Trial5 F17: the same words again within a minute: received, the open question
    again; not the 第十一条 repetition (a flood still is: ``None`` lets it be counted)."""
    th = ctx.thresholds
    window = ev.at - timedelta(seconds=th.flood_window_seconds)
    times = [t for t in s.memory.times if t > window]
    if len(times) + 1 > th.flood_limit:
        return None
    s.memory.times = [*times, ev.at][-(th.flood_limit + 1) :]
    acts = said_again_reply(ctx)
    flow = s.flow
    if isinstance(flow, IntakeFlow) and flow.step != "submitting":
        acts += reask(s, flow, ctx)
    return acts


def _speech(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions | tuple[UserMessage, str, NluResult | None]:
    """Low-confidence speech is read back first ("您说的是……吗？", issue 14)."""
    conf = _speech_confidence(ev)
    if conf is not None and text and conf < ctx.thresholds.min_speech_confidence:
        s.memory.unheard = Unheard(text=text, nlu=nlu, confidence=conf, at=ev.at)
        qr = offer(s, [("yes", ctx.say("heard_yes")), ("no", ctx.say("heard_no"))])
        return [Reply(text=ctx.say("heard_confirm", text=mask(text[:80])), quick_replies=qr)]
    unheard = s.memory.unheard
    if unheard is None:
        return ev, text, nlu
    s.memory.unheard = None
    chosen = choice(s, text)
    yes = read(text, nlu, ctx.wording, expecting="confirm").yes if chosen is None else None
    if chosen == "yes" or (yes is True and len(plain(text)) <= 6):
        s.memory.offered = []
        heard = ev.model_copy(update={"text": unheard.text, "nlu": unheard.nlu, "attachments": ()})
        return heard, unheard.text, unheard.nlu
    if chosen == "no" or (yes is False and len(plain(text)) <= 6):
        s.memory.offered = []
        return [Reply(text=ctx.say("heard_again"))]
    return ev, text, nlu  # something new: that is what counts


# ------------------------------------------------------------ results and notices
def _on_failed(s: DialogState, ev: ActionFailed, ctx: DialogContext) -> Actions:
    action = action_name(ev.action)
    flow = s.flow
    if action == "open_work_order" and isinstance(flow, IntakeFlow):
        return on_order_failed(s, flow, ev.reason, ctx)
    if action == "search_knowledge" and isinstance(flow, KnowledgeFlow):
        return not_found(s, flow, ctx)
    if action == "tell_agent":
        return []
    if action == "handoff":
        return [Reply(text=ctx.say("handoff_unavailable"))]
    if isinstance(flow, ProgressFlow) and flow.slots.resume is not None:
        return [Reply(text=ctx.say("lookup_failed")), *back_to_intake(s, flow, ctx)]
    go_idle(s)
    return [Reply(text=ctx.say("lookup_failed"))]


def _on_callback(s: DialogState, ev: CallbackDue, ctx: DialogContext) -> Actions:
    """The unit replied: the result and the rating now, or when the citizen is free."""
    pending = PendingCallback(number=ev.number, result=ev.result, unit_name=ev.unit_name, at=ev.at)
    if any(c.number == ev.number for c in s.memory.callbacks):
        return []
    s.memory.callbacks.append(pending)
    if s.agent is not None:
        note = ctx.say(
            "agent_note_callback",
            number=ev.number,
            unit=ev.unit_name or "承办单位",
            result=mask(ev.result or ctx.say("summary_unknown")),
        )
        return [TellAgent(text=note)]
    return []  # told by _callbacks_when_free once no other flow is under way


def _callbacks_when_free(s: DialogState, ctx: DialogContext) -> Actions:
    if s.agent is not None or not s.memory.callbacks:
        return []
    if not isinstance(s.flow, IdleFlow):
        return []
    due = s.memory.callbacks.pop(0)
    acts: Actions = []
    if due.result:
        unit = due.unit_name or "承办单位"
        acts.append(
            Reply(text=ctx.say("callback_result", number=due.number, unit=unit, result=due.result))
        )
    acts.append(ask_rating(s, due.number, ctx))
    return acts
