"""A citizen's message read in the flow under way (``dispatch``), or as a new one when no
flow is under way or it answers none: the 第十三条 (二)-(六) answers first, then
a person asked for, a question answered online, a progress query, or an intake.

Called by :func:`dialogs.engine.step` once emergencies, an agent's chat, the throttle,
abuse and speech to confirm are dealt with.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import assert_never

from dialogs.alarms import alarm_facts, calls_the_number
from dialogs.asides import (
    about_hotline,
    asks_person,
    bot_or_human,
    go_on,
    intake_aside,
    repeat_found,
    resubmit,
    urging,
)
from dialogs.beside_question import with_question
from dialogs.channel_check import about_voice, service_question
from dialogs.common import Actions, choice, go_idle, handoff, order_handoff, welcome
from dialogs.context import DialogContext
from dialogs.evaluation import evaluate_turn
from dialogs.fragment_turns import talk_turn
from dialogs.hotline_faq import hotline_question
from dialogs.intake import EXPECTING, facts_from, intake_turn, reask, start_intake
from dialogs.intake_pieces import ask_what_there, place_alone, with_place_word
from dialogs.lookups import ask_question, knowledge_turn, start_knowledge
from dialogs.model import DialogState, RecordDisposition, Reply, UserMessage
from dialogs.offices import staff_complaint
from dialogs.outside import outside_heze
from dialogs.pieces import join_pieces, keep_piece, keep_subject
from dialogs.progress import progress_turn, start_progress
from dialogs.reading import Reading, read
from dialogs.referral import answer_of
from dialogs.result_dissent import TOLD_WINDOW, result_dissent
from dialogs.resume import restore_intake
from dialogs.services import service_wanted
from dialogs.state import (
    EvaluateFlow,
    HandoffFlow,
    IdleFlow,
    IntakeFlow,
    KnowledgeFlow,
    Place,
    ProgressFlow,
)
from dialogs.told_before import told_before_lead
from dialogs.urged import repeat_urged, urged
from nlu.types import NluResult, TriageOutcome
from nlu.withdrawal import withdrawn

_DIGITS_ONLY = re.compile(r"[0-9]{1,10}")  # "2222" alone: a last four again, never a matter
# words of the citizen's own appeal or order ("俺那个工单", "我反映的事"), not another's data
_ORDER_WORDS = re.compile(r"工单|单子|单号|反映|投诉|诉求|报修|登记|那个事|那件事|的事")
# the order just filed withdrawn in words ("刚才那个不用办了 撤了吧", "把那个工单取消吧")
_WITHDRAW = re.compile(
    r"撤|取消|不用(?:再)?(?:办|处理|管|弄|修|来)|不(?:需|需要|要)(?:再)?(?:办|处理)|[不别]办了"
)
# the clause that asks for a person ("俺要找人工"), no part of the matter kept for the agent
_PERSON_CLAUSE = re.compile(r"^[^，,。；;\s]*(?:人工|真人)[^，,。；;\s]*[，,。；;\s]*")
_THAT_ORDER = re.compile(r"刚才|那个|这个|工单|单子|诉求")
# the problem gone away (「已经修好了」, 「问题解决了」, 「来水了」): the withdrawal is glad news
_SOLVED = re.compile(
    r"修好|弄好|整好|解决了|处理好|好了|没事了|亮了|通了|来水了|来电了|来气了|热了|清走了|拉走了|拆了"
)


def dispatch(
    s: DialogState, ev: UserMessage, text: str, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    """The message in the flow under way; read as a new message when it answers nothing
    the flow asked."""
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
    asked = service_question(r) if chosen is None and not ev.files else None
    if asked is not None and not urging(r):
        # "恁这能反映事儿不", "这是12345不 恁管事儿不", "恁这能听懂俺说话不": answered,
        # never the matter nor a knowledge search (trial12 P03, trial13 Q03 Q04)
        return channel_answer(s, r, asked, ctx)
    talk = talk_turn(s, ev, r, ctx) if chosen is None else None
    if talk is not None:
        # "俺想拉呱拉呱", "有人没", "接着说", "俺之前反映过 还没人管": no matter (trial17)
        return talk
    faq = hotline_question(s, r, ctx) if chosen is None and not ev.files else None
    if faq is not None:
        return faq  # "你们几点上班", "能投诉啥": the hotline's own entries (trial17)
    if (r.human or asks_person(r)) and chosen is None:
        # a person asked for ("我想找人工问一下多久能修好"): the agent sees the order just filed
        order = s.memory.last_order if isinstance(flow, IdleFlow) else None
        if isinstance(flow, IdleFlow) and (r.matter or r.has_facts):
            # "俺要找人工 牡丹区… 下水道堵了": the facts told stay for the agent's prefill
            facts = facts_from(ev, r, ctx)
            facts.matter = _PERSON_CLAUSE.sub("", r.matter).strip()
            s.flow = IntakeFlow(slots=facts)
        return handoff(s, "citizen_request", ctx, order=order)
    if r.emoticons_only and not ev.files:
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
            if flow.step == "what" and not flow.slots.matter:
                both = with_question(s, ev, r, ctx, flow)  # the matter asked for, and a question
                if both is not None:
                    return both
            return intake_turn(s, flow, ev, r, ctx)
        case ProgressFlow():
            result = None if flow.slots.resume and go_on(r) else progress_turn(s, flow, ev, r, ctx)
            if result is None and flow.slots.resume is not None:
                # not an answer to the query asked during an intake: read in the intake
                restore_intake(s, flow)
                return dispatch(s, ev, text, nlu, ctx)
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


def channel_answer(s: DialogState, r: Reading, key: str, ctx: DialogContext) -> Actions:
    """ "能，请直接说您遇到的问题": the question about the service answered (``key``), the
    open question of an intake asked again (a voice note not understood: said so, words
    asked for)."""
    flow = s.flow
    matter = isinstance(flow, IntakeFlow) and bool(flow.slots.matter)
    if about_voice(r) and not matter:
        key = "channel_voice"
    told: Actions = [Reply(text=ctx.say(key))]
    if isinstance(flow, IntakeFlow) and (matter or flow.step != "what"):
        return told + (reask(s, flow, ctx) if flow.step != "submitting" else [])
    return told


# --------------------------------------------------------------------------- idle
def _withdraws(r: Reading) -> bool:
    """The order just filed (or just told) withdrawn: a cancel that names withdrawing,
    withdrawing said of "that one" (刚才那个, 工单) in a short message, or the matter no
    longer wanted in the citizen's words (「已经修好了 不用管了」, 「撤回吧」: trial17)."""
    if r.order_number is not None and _WITHDRAW.search(r.plain) is None:
        return False
    named = _SOLVED.search(r.plain) or _WITHDRAW.search(r.plain) or _THAT_ORDER.search(r.plain)
    if len(r.plain) <= 30 and withdrawn(r.plain) and named is not None:
        return True  # a bare 算了 is a goodbye
    if _WITHDRAW.search(r.plain) is None:
        return False
    return r.cancel or (_THAT_ORDER.search(r.plain) is not None and len(r.plain) <= 30)


def _open_order(s: DialogState, ev: UserMessage) -> str | None:
    """The citizen's order the conversation is about: filed here, or its progress told in
    the last half hour and not finished (a result told is evaluated, not withdrawn)."""
    told, at = s.memory.told_order, s.memory.told_at
    if told is not None and at is not None and ev.at - at <= TOLD_WINDOW:
        return None if s.memory.told_result else told
    return s.memory.last_order


def _withdraw(s: DialogState, number: str, r: Reading, ctx: DialogContext) -> Actions:
    """An order once filed is with its unit: the bot cannot withdraw it (the case store has
    no citizen 撤单; ending an order is the unit's 申请终止 and the centre's review), so the
    withdrawal is recorded, the citizen told so courteously (the problem solved: glad of
    it, nothing more to wait for) and an agent gets the request with the order and its
    reason, never a bare 好的 that leaves the order running."""
    about = f"诉求人申请撤回工单{number}：{r.plain[:200]}"
    lead = "withdraw_solved" if _SOLVED.search(r.plain) else "withdraw_order"
    return [
        RecordDisposition(disposition="withdrawn", reason=f"withdraw_request:{number}"),
        *order_handoff(s, "withdraw_request", ctx, number=number, lead=lead, about=about),
    ]


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
        number = tri.matched or r.order_number
        acts: Actions = [
            RecordDisposition(disposition="duplicate", reason=tri.reason),
            *repeat_urged(s, r, number, ctx),  # 「咋还没人管」: 催办 on that order (T19)
        ]
        return acts + start_progress(s, ev, r, ctx, number=number)
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
    alarmed = alarm_facts(s, r, ev.at)  # the words an emergency answer was given to
    if alarmed is not None and calls_the_number(r):
        return [Reply(text=ctx.say("flow_left"))]  # "好的 我这就打122": nothing to file
    if chosen == "/appeal":
        return start_intake(s, ev, None, ctx, facts=alarmed)
    if chosen == "/ask":
        return ask_question(s, ctx)
    if chosen == "/progress":
        return start_progress(s, ev, None, ctx)
    hurried = urged(s, ev, r, ctx)  # "恁这办得也太慢了" after an open order's progress
    if hurried is not None:
        return hurried
    dissent = result_dissent(s, ev, r, ctx)  # "这个处理结果俺不满意" after its progress
    if dissent is not None:
        return dissent
    triaged = _triage(s, ev, r, nlu, ctx) or outside_heze(s, nlu, bool(r.matter), ctx)
    if triaged is not None:
        return triaged
    if not r.text and not ev.attachments and ev.location is None:
        if alarmed is not None:
            # a location outside Heze after "路边有个井盖没了" answered with 122 (the
            # gateway told the citizen and dropped it): the appeal, and where it is
            return start_intake(s, ev, None, ctx, facts=alarmed)
        return welcome(s, ctx)
    if urging(r) and not ev.files:
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
    if _DIGITS_ONLY.fullmatch(r.plain) and r.phone is None and not ev.files:
        return [Reply(text=ctx.say("digits_only"))]
    if r.yes is True and len(r.plain) <= 6 and s.memory.last_order is not None:
        # "确认" again after the receipt (a double click): the same receipt, no greeting
        return [Reply(text=ctx.say("receipt_again", number=s.memory.last_order))]
    open_order = _open_order(s, ev)
    if open_order is not None and _withdraws(r):
        return _withdraw(s, open_order, r, ctx)
    if r.cancel:
        return [Reply(text=ctx.say("flow_left"))]
    if r.ask_intro:
        # "问一下": a question or a matter follows; the next message decides which
        return [Reply(text=ctx.say("ask_go_on"))]
    if r.appeal_intro:
        return start_intake(s, ev, r, ctx, facts=alarmed)
    if r.small_talk and not ev.files and ev.location is None:
        return welcome(s, ctx)
    if r.intent == "out_of_scope" and r.confident and not r.category:
        return [Reply(text=ctx.say("out_of_scope"))]
    if r.consult and not r.matter:
        return ask_question(s, ctx)  # "只是想咨询一下": what about?
    # a question form alone ("…吗") is a question unless the NLU, reading it by meaning,
    # found a matter to file in it (为什么还不修, 凭什么收费: nlu/questions.py)
    filed = nlu is not None and nlu.asks == "matter"
    files = ev.files  # a voice note is its words
    wanted = service_wanted(r)  # "想给孩子办户口": a service wanted, how it is done
    asking = (
        bool(r.matter)
        and not files
        and (r.asks_policy or r.intent == "ask_info" or (r.question and not filed) or wanted)
    )
    if r.matter and not files and (both := with_question(s, ev, r, ctx)) is not None:
        return both  # "井盖没了 还有 俺想问问医保咋报销": taken down, the question answered (N08)
    if asking:
        # 第十二条: answer online when the knowledge base can; intake follows if not
        return start_knowledge(s, r.core, ctx, facts=facts_from(ev, r, ctx))
    if r.matter or r.has_facts or files or ev.location is not None:
        word = place_alone(r) if r.matter and not files and ev.location is None else None
        if word is not None:
            # "门口" alone: where, not what; the place, and the matter asked for (trial17)
            s.memory.pieces, s.memory.pieces_at = [word], ev.at
            there = with_place_word(r.place or Place(), word)
            alone = replace(r, matter="", place=there, category=None)
            return ask_what_there(s, start_intake(s, ev, alone, ctx, facts=alarmed), word, ctx)
        if r.matter and s.memory.pieces:
            r = replace(r, matter=join_pieces(s, r, ev.at))  # "俺们楼上" / "天天往楼下扔…"
        elif not r.matter and not files and ev.location is None:
            keep_subject(s, r, ev.at)  # "俺村那条路": what happened to it follows
        # "上个月报过一回…还没人来修": how to follow the earlier order told first (F13);
        # the words answered with an emergency number just before are the matter's head
        lead = told_before_lead(r, ctx)
        return start_intake(s, ev, r, ctx, lead=lead, facts=alarmed)
    keep_piece(s, r, ev.at)  # "俺们楼上": the description that completes it follows
    return welcome(s, ctx)
