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

import re
from dataclasses import replace
from datetime import timedelta
from typing import assert_never

from dialogs.alarms import borderline, emergency, only_an_answer, out_of_context_alarm
from dialogs.asides import (
    about_hotline,
    asks_person,
    bot_or_human,
    go_on,
    insulting,
    intake_aside,
    repeat_found,
    resubmit,
    urging,
    without_insulting_clauses,
    without_insults,
)
from dialogs.common import (
    SERVICE_NAMES,
    Actions,
    action_name,
    choice,
    go_idle,
    handoff,
    mask,
    offer,
    welcome,
)
from dialogs.context import DialogContext, Thresholds
from dialogs.intake import (
    EXPECTING,
    facts_from,
    intake_turn,
    on_order_failed,
    on_order_opened,
    reask,
    start_intake,
)
from dialogs.lookups import (
    ask_question,
    ask_rating,
    back_to_intake,
    evaluate_turn,
    knowledge_turn,
    not_found,
    on_knowledge,
    on_order_found,
    progress_turn,
    restore_intake,
    start_knowledge,
    start_progress,
)
from dialogs.model import (
    ActionFailed,
    AgentReleased,
    CallbackDue,
    DialogState,
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
from dialogs.offices import staff_complaint
from dialogs.outside import outside_heze
from dialogs.own_orders import on_orders_found
from dialogs.pieces import join_pieces, keep_piece, quick_resend, said_again_reply
from dialogs.provider import on_provider
from dialogs.reading import Reading, content_len, has_word, only, plain, read
from dialogs.referral import answer_of
from dialogs.safety import safety_advice
from dialogs.services import service_wanted
from dialogs.state import (
    EvaluateFlow,
    HandoffFlow,
    IdleFlow,
    IntakeFlow,
    KnowledgeFlow,
    PendingCallback,
    ProgressFlow,
    Unheard,
)
from dialogs.wording import Wording
from nlu.types import NluResult, TriageOutcome

__all__ = ["context_for_channel", "step"]

_DIGITS_ONLY = re.compile(r"[0-9]{1,10}")  # "2222" alone: a last four again, never a matter
# words of the citizen's own appeal or order ("俺那个工单", "我反映的事"), not another's data
_ORDER_WORDS = re.compile(r"工单|单子|单号|反映|投诉|诉求|报修|登记|那个事|那件事|的事")


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
    detail = mask(text[:200])
    found: tuple[str, str] | None = None
    if nlu is not None and nlu.abusive:
        threat = has_word(ctx.wording.words("threat"), text)
        found = ("threat" if threat else "insult", detail)
    elif nlu is None and has_word(ctx.wording.words("threat"), text):
        found = ("threat", detail)
    elif insulting(text):
        # the hotline called names in everyday words (你们这些骗子), a wish to insult
        found = ("insult", detail)
    elif (
        len(norm) >= th.repeat_min_chars
        # "不知道" to a question asked again is an honest answer, not abuse
        and not has_word(ctx.wording.words("dont_know"), norm)
        and len(recent) == th.repeat_limit - 1
        and all(h == norm for h in recent)
    ):
        found = ("repeat", detail)
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
    if nlu is not None and nlu.emergency is not None and only_an_answer(s, text, nlu, ctx):
        nlu = out_of_context_alarm(nlu)
        ev = ev.model_copy(update={"nlu": nlu})
    alarm = emergency(nlu, text, ctx)
    if alarm is not None:
        services, reason = alarm
        if s.agent is None:
            go_idle(s)
        return [
            Transfer(
                service=services[0],  # one of SERVICE_NAMES
                reason=reason,
                text=safety_advice(nlu, text, ctx)  # gas, fire, electric shock, drowning
                + ctx.say(
                    "emergency",
                    service="、".join(services),
                    service_name="、".join(SERVICE_NAMES[x] for x in services),
                ),
            ),
            RecordDisposition(disposition="transferred", reason=f"{'+'.join(services)}:{reason}"),
        ]
    if s.agent is not None:
        return []  # an agent holds the conversation: the bot stays silent
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
    heard = _speech(s, ev, text, nlu, ctx)
    if isinstance(heard, list):
        return prefix + heard
    ev, text, nlu = heard
    return prefix + _dispatch(s, ev, text, nlu, ctx)


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


def _dispatch(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    flow = s.flow
    if isinstance(flow, HandoffFlow):
        if flow.slots.told_waiting:
            return []
        flow.slots.told_waiting = True
        return [Reply(text=ctx.say("handoff_waiting"))]
    chosen = choice(s, text)
    if chosen == "/human":
        return handoff(s, "citizen_request", ctx)
    expecting = EXPECTING[flow.step] if isinstance(flow, IntakeFlow) else "none"
    r = read(text, nlu, ctx.wording, expecting=expecting)
    if bot_or_human(r) and chosen is None:
        # "你是机器人还是真人": what answers, and how to reach a person; nothing asked lost
        told: Actions = [Reply(text=ctx.say("bot_identity"))]
        if isinstance(flow, IntakeFlow) and flow.step != "submitting":
            return told + reask(s, flow, ctx)
        return told
    if (r.human or asks_person(r)) and chosen is None:
        # a person asked for ("我想找人工问一下多久能修好"): the agent sees the order just filed
        order = s.memory.last_order if isinstance(flow, IdleFlow) else None
        return handoff(s, "citizen_request", ctx, order=order)
    if r.emoticons_only and not ev.attachments:
        return [Reply(text=ctx.say("describe_please"))]
    result: Actions | None
    match flow:
        case IntakeFlow():
            if repeat_found(nlu) and flow.step not in ("confirm", "amend", "submitting"):
                # the matter told here is one of the citizen's recent orders (found once
                # they gave the phone it was left with): its progress, no second order
                return _triage(s, ev, r, nlu, ctx) or []
            outside = outside_heze(s, nlu, bool(r.matter or flow.slots.matter), ctx)
            if outside is not None:
                return outside
            if not flow.slots.matter and flow.step == "what":
                early = _triage(s, ev, r, nlu, ctx) or _progress_ask(s, ev, r, ctx)
                if early is not None:
                    return early
                if about_hotline(r):
                    return handoff(s, "hotline_service", ctx, lead="hotline_service")
                office = staff_complaint(r)
                if office is not None:
                    staff = flow.slots.model_copy(update={"order_type": "staff_complaint"})
                    return start_intake(s, ev, r, ctx, facts=staff, office=office)
            aside = intake_aside(s, flow, ev, r, ctx)
            if aside is not None:
                return aside
            if r.consult and not r.has_facts and flow.step in ("what", "where", "since"):
                # "我不是投诉 就是想问问…": a question after all, answered online first
                if flow.slots.question_missed:  # not found once: an agent, not a loop
                    return handoff(s, "knowledge_unfound", ctx, lead="knowledge_unfound_handoff")
                query = flow.slots.matter or r.matter
                if not query:
                    return ask_question(s, ctx)
                return start_knowledge(s, query, ctx, facts=flow.slots)
            if chosen is not None and flow.step in ("confirm", "amend"):
                r = replace(r, yes=chosen == "yes", matter="")  # a tapped yes or no only
            return intake_turn(s, flow, ev, r, ctx)
        case ProgressFlow():
            result = None if flow.slots.resume and go_on(r) else progress_turn(s, flow, ev, r, ctx)
            if result is None and flow.slots.resume is not None:
                # not an answer to the query asked during an intake: read in the intake
                restore_intake(s, flow)
                return _dispatch(s, ev, text, nlu, ctx)
        case EvaluateFlow():
            result = evaluate_turn(s, flow, r, chosen, ctx)
        case KnowledgeFlow():
            if flow.step == "question":
                early = _triage(s, ev, r, nlu, ctx)
                if early is not None:
                    return early
            result = knowledge_turn(s, flow, ev, r, chosen, ctx)
        case IdleFlow():
            return _idle(s, ev, r, nlu, chosen, ctx)
        case _:
            assert_never(flow)
    if result is not None:
        return result
    go_idle(s)  # not an answer to the prompt: read it as a new message
    return _idle(s, ev, read(text, nlu, ctx.wording), nlu, None, ctx)


# --------------------------------------------------------------------------- idle
def _triage(
    s: DialogState, ev: UserMessage, r: Reading, nlu: NluResult | None, ctx: DialogContext
) -> Actions | None:
    """第十三条 (二)-(六): the courteous answer and the record, instead of an order."""
    if nlu is None or nlu.triage is None:
        return None
    tri = nlu.triage
    if tri.outcome == TriageOutcome.REPEAT and (r.turned or r.thanks):
        # "上回说的下水道修好了 这次是…": the earlier matter done, a new one told;
        # "上回说的路灯修好了 谢谢": thanks for it, nothing to look up
        return None
    if tri.outcome != TriageOutcome.REPEAT and _own_progress(r):
        return None  # "俺想查查俺那个工单到哪一步了": their order's progress, not (二)
    if tri.outcome == TriageOutcome.REPEAT:
        acts: Actions = [
            RecordDisposition(disposition="duplicate", reason=tri.reason),
            Reply(text=ctx.say("repeat_matter")),
        ]
        return acts + start_progress(s, ev, r, ctx, number=tri.matched or r.order_number)
    answer = answer_of(r.text, tri, ctx)  # (二): the one legal channel that fits, named
    if answer is None:
        return None
    key, disposition = answer
    go_idle(s)
    return [
        Reply(text=ctx.say(key, reason=tri.reason)),
        RecordDisposition(disposition=disposition, reason=tri.reason),
    ]


def _own_progress(r: Reading) -> bool:
    """The progress of the citizen's own order asked in words or by its number, with no
    matter described: told before any 第十三条(二)(四) answer the words may suggest."""
    own = r.order_number is not None or (r.progress and _ORDER_WORDS.search(r.plain) is not None)
    return own and not r.turned and not r.thanks


def _progress_ask(
    s: DialogState, ev: UserMessage, r: Reading, ctx: DialogContext
) -> Actions | None:
    if (r.appeal_intro and r.order_number is None) or r.turned:
        # "我想反映一下": a matter is coming; "上回的修好了 这次是…": a new one told
        return None
    appeal = r.confident and r.intent in ("appeal", "complain_staff")
    # the NLU's "ask_progress" alone does not outweigh a described matter
    # ("我想反映楼上漏水的问题" is an appeal)
    nlu_progress = r.intent == "ask_progress" and r.confident and not r.matter
    if r.progress or nlu_progress:
        return start_progress(s, ev, r, ctx, own=True)  # without a number: their own orders
    if r.order_number is not None and (not appeal or not r.matter):
        return start_progress(s, ev, r, ctx)
    return None


def _idle(
    s: DialogState,
    ev: UserMessage,
    r: Reading,
    nlu: NluResult | None,
    chosen: str | None,
    ctx: DialogContext,
) -> Actions:
    if chosen == "/appeal":
        return start_intake(s, ev, None, ctx)
    if chosen == "/ask":
        return ask_question(s, ctx)
    if chosen == "/progress":
        return start_progress(s, ev, None, ctx)
    triaged = _triage(s, ev, r, nlu, ctx) or outside_heze(s, nlu, bool(r.matter), ctx)
    if triaged is not None:
        return triaged
    if not r.text and not ev.attachments and ev.location is None:
        return welcome(s, ctx)
    if urging(r) and not ev.attachments:
        return [Reply(text=ctx.say("urging_what"))]  # "你们到底管不管": what is it about?
    if about_hotline(r):
        # "你们这个热线有啥用", "12345的接线员态度太差": the hotline's own service or staff;
        # no scene to ask for, the duty staff hear it (the work organisation, not a unit)
        return handoff(s, "hotline_service", ctx, lead="hotline_service")
    office = staff_complaint(r)
    if office is not None or (r.intent == "complain_staff" and r.confident):
        return start_intake(s, ev, r, ctx, order_type="staff_complaint", office=office)
    if s.memory.last_order is not None and resubmit(r):
        # "刚才那个事 再提交一次" after the receipt: already filed, no second intake
        return [Reply(text=ctx.say("receipt_again", number=s.memory.last_order))]
    early = _progress_ask(s, ev, r, ctx)
    if early is not None:
        return early
    if r.thanks:
        return [Reply(text=ctx.say("thanks_reply"))]
    if _DIGITS_ONLY.fullmatch(r.plain) and r.phone is None and not ev.attachments:
        return [Reply(text=ctx.say("digits_only"))]
    if r.yes is True and len(r.plain) <= 6 and s.memory.last_order is not None:
        # "确认" again after the receipt (a double click): the same receipt, no greeting
        return [Reply(text=ctx.say("receipt_again", number=s.memory.last_order))]
    if r.cancel:
        return [Reply(text=ctx.say("flow_left"))]
    if r.ask_intro:
        # "问一下": a question or a matter follows; the next message decides which
        return [Reply(text=ctx.say("ask_go_on"))]
    if r.appeal_intro:
        return start_intake(s, ev, r, ctx)
    if r.small_talk and not ev.attachments and ev.location is None:
        return welcome(s, ctx)
    if r.intent == "out_of_scope" and r.confident and not r.category:
        return [Reply(text=ctx.say("out_of_scope"))]
    if r.consult and not r.matter:
        return ask_question(s, ctx)  # "只是想咨询一下": what about?
    # a question form alone ("…吗") is a question unless the NLU, reading it by meaning,
    # found a matter to file in it (为什么还不修, 凭什么收费: nlu/questions.py)
    filed = nlu is not None and nlu.asks == "matter"
    files = [a for a in ev.attachments if not a.transcript]  # a voice note is its words
    wanted = service_wanted(r)  # "想给孩子办户口": a service wanted, how it is done
    asking = (
        bool(r.matter)
        and not files
        and (r.asks_policy or r.intent == "ask_info" or (r.question and not filed) or wanted)
    )
    if asking:
        # 第十二条: answer online when the knowledge base can; intake follows if not
        return start_knowledge(s, r.core, ctx, facts=facts_from(ev, r, ctx))
    if r.matter or r.has_facts or ev.attachments or ev.location is not None:
        if r.matter and s.memory.pieces:
            r = replace(r, matter=join_pieces(s, r, ev.at))  # "俺们楼上" / "天天往楼下扔…"
        return start_intake(s, ev, r, ctx)
    keep_piece(s, r, ev.at)  # "俺们楼上": the description that completes it follows
    return welcome(s, ctx)


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
