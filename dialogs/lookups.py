"""Flows that look something up: an order's progress (第九条), its rating (第十七条 回访),
and a policy answer from the knowledge base (第十二条, 第十八条).

A turn function returns ``None`` when the message is not an answer to its prompt (a new
matter, a question): the engine then ends the flow and reads the message afresh, so a
prompt always has a way out (``谢谢``, ``算了``, a new matter).
"""

from __future__ import annotations

import re

from dialogs.common import Actions, fmt_dt, go_idle, handoff, mask, offer
from dialogs.context import DialogContext
from dialogs.intake import facts_from, intake_turn, reask, start_intake
from dialogs.model import (
    FindOrders,
    KnowledgeFound,
    LookupOrder,
    OrderFound,
    RecordDisposition,
    RecordEvaluation,
    Reply,
    ReplyAttachment,
    SearchKnowledge,
    UserMessage,
)
from dialogs.own_orders import choose_again, picked
from dialogs.reading import Reading, digits, fold, has_word, only, plain
from dialogs.state import (
    CategoryGuess,
    DialogState,
    EvaluateFlow,
    EvaluateSlots,
    IntakeFlow,
    IntakeSlots,
    IntakeStep,
    KnowledgeFlow,
    KnowledgeSlots,
    ProgressFlow,
    ProgressSlots,
)

# "归哪个部门管", "该找哪个单位", "谁负责": the unit, decided when an appeal is dispatched
WHICH_UNIT = re.compile(
    r"(?:归|由|该|应该|得)找?(?:哪个|哪一个|哪家|什么|啥)(?:部门|单位|机关)|"
    r"(?:哪个|哪一个|哪家|什么|啥)(?:部门|单位|机关)(?:来)?(?:管|负责|处理)|"
    r"归谁管|该谁管|谁(?:来)?负责"
)
_LAST4 = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
# "还是不太明白", "看不懂", "没用", "还是办不了": an online answer that did not help
_UNSOLVED = re.compile(
    r"不(?:太|大)?明白|没(?:太)?明白|看不懂|没看懂|听不懂|不懂|没用|没有用|没啥用|没帮助|"
    r"不管用|不顶用|还是不行|办不了|不好使"
)
# "灯还是不亮啊，根本没修", "没人来处理": the result did not come, an unsatisfied rating
# any verb after 还没/也没/根本没 (还没收, 到现在也没盖上, 还没来人), and the thing still
# there (垃圾还在那堆着, 那个坑依然在那)
_NOT_DONE = re.compile(
    r"(?:根本|压根|一直|还|也|都)(?:就)?没(?:有)?[\u4e00-\u9fff]|"
    r"(?:还|依然|仍然|仍旧|依旧)(?:在|堆着|摆着|停着|开着|响着|漏着)|"
    r"没(?:有)?(?:人)?(?:来)?(?:修|处理|解决)(?:好|过)?(?:啊|呢|呀)?$|"
    r"还是(?:不|没|老样子|一样|那样)|跟原来一样|和原来一样|一点没变|没(?:有)?(?:任何)?变化"
)
# a rating with nothing else ("不满意", "很不满意！")
_BARE_RATING = re.compile(r"(?:非常|很|特别|十分)?不(?:太)?满意[了啊的呀]*")
# "单号忘了", "不记得编号了", "没有单号": the number is not at hand
_NO_NUMBER = re.compile(
    r"(?:没|不)(?:有|知道|记得|清楚)?.{0,4}(?:单号|编号)|(?:单号|编号).{0,3}(?:忘|丢|没)"
)


# ----------------------------------------------------------------------- progress
def start_progress(
    s: DialogState,
    ev: UserMessage,
    r: Reading | None,
    ctx: DialogContext,
    number: str | None = None,
    *,
    facts: IntakeSlots | None = None,
    resume: IntakeStep | None = None,
    own: bool = False,
) -> Actions:
    """Ask for the order number unless known; then the phone check, unless known.

    ``resume``: asked in the middle of an intake (``facts``): once answered, the intake
    goes on at that step. ``own``: asked in words without a number ("上回反映的事咋样了"):
    the citizen's own orders are found by the channel identity (``dialogs.own_orders``)."""
    kept = facts.model_copy(deep=True) if facts is not None else None
    flow = ProgressFlow(slots=ProgressSlots(facts=kept, resume=resume))
    s.flow = flow
    s.memory.offered = []
    number = number or (r.order_number if r is not None else None)
    if number is None and own and resume is None:
        flow.step = "finding"
        return [FindOrders()]
    number = number or s.memory.last_order
    if number is None:
        flow.slots.asks = 1
        return [Reply(text=ctx.say("ask_order_number"))]
    return _with_number(s, flow, ev, number, r, ctx)


def _last4(text: str, number: str) -> str | None:
    rest = fold(text).upper().replace(number, " ")
    rest = (
        re.sub(r"[\s\-－.]", "", rest) if _MOBILE.search(re.sub(r"[\s\-－.]", "", rest)) else rest
    )
    m = _MOBILE.search(rest)
    if m is not None:
        return m.group(0)[-4:]
    m4 = _LAST4.search(rest)
    return m4.group(1) if m4 else None


def _with_number(
    s: DialogState,
    flow: ProgressFlow,
    ev: UserMessage,
    number: str,
    r: Reading | None,
    ctx: DialogContext,
) -> Actions:
    flow.slots.number = number
    last4 = _last4(r.text, number) if r is not None else None
    if last4 is None and ev.contact_phone:
        last4 = digits(ev.contact_phone)[-4:]
    if last4 is None and number == s.memory.last_order:
        # filed in this conversation: the case store also accepts the same channel+sender
        flow.step = "lookup"
        return [LookupOrder(number=number, phone_last4=s.memory.last4)]
    if last4 is None and s.memory.phone:
        last4 = s.memory.phone[-4:]
    flow.step = "lookup"
    if last4 is None:
        # the channel identity that filed it is the proof (the gateway checks it); the
        # last four are asked only when it is not theirs
        flow.slots.by_identity = True
        return [LookupOrder(number=number, own=True)]
    return [LookupOrder(number=number, phone_last4=last4)]


def _leave(s: DialogState, r: Reading, ctx: DialogContext) -> Actions | None:
    """The ways out of a prompt: thanks, cancel; ``None`` for anything else."""
    flow = s.flow
    if (r.thanks or r.cancel) and isinstance(flow, ProgressFlow) and flow.slots.resume:
        return back_to_intake(s, flow, ctx)  # the query dropped, the appeal kept
    if r.thanks:
        go_idle(s)
        return [Reply(text=ctx.say("thanks_reply"))]
    if r.cancel:
        go_idle(s)
        return [Reply(text=ctx.say("flow_left"))]
    return None


def progress_turn(
    s: DialogState, flow: ProgressFlow, ev: UserMessage, r: Reading, ctx: DialogContext
) -> Actions | None:
    """One message during a progress query."""
    if flow.step in ("lookup", "finding"):
        return None  # a message while the lookup runs starts over
    if flow.step == "choose":
        chosen = picked(s, flow, r)  # "2", "路灯那个", the number itself
        if chosen is not None:
            return chosen
    if r.order_number is not None:
        return _with_number(s, flow, ev, r.order_number, r, ctx)
    left = _leave(s, r, ctx)
    if left is not None:
        return left
    if flow.step == "choose":
        return choose_again(s, flow, r, ctx)
    if flow.step == "number":
        if r.dont_know or only(r.plain, ctx.wording.words("none")) or _NO_NUMBER.search(r.plain):
            # "单号忘了": an agent finds the order by the citizen's phone or matter
            return handoff(s, "progress_without_number", ctx, lead="progress_no_number")
        if flow.slots.asks >= 2 or r.matter or r.question:
            return None  # not a number: a new matter or question
        flow.slots.asks += 1
        return [Reply(text=ctx.say("ask_order_number"))]
    number = flow.slots.number or ""
    last4 = r.phone[-4:] if r.phone else _last4(r.text, number)
    none = has_word(ctx.wording.words("none"), r.plain) or r.dont_know
    if last4 is not None or none or flow.slots.asks >= 2:
        flow.step = "lookup"
        flow.slots.no_phone = last4 is None and none
        return [LookupOrder(number=number, phone_last4=last4)]
    if r.matter or r.question:
        return None
    flow.slots.asks += 1
    return [Reply(text=ctx.say("ask_phone_last4"))]


def on_order_found(s: DialogState, ev: OrderFound, ctx: DialogContext) -> Actions:
    """The progress (and the result); a rating is asked for a replied order.

    Not found after the citizen's own phone check: the last four once more (digits
    then retry the check, they are never a new matter); after "无" (no phone on the
    order) from another conversation: an agent finds it (the case store proves an order
    without a phone only by the conversation that filed it, casebridge ``progress``)."""
    flow = s.flow
    asked = (
        isinstance(flow, ProgressFlow)
        and flow.step == "lookup"
        and flow.slots.number == ev.number
        and flow.slots.asks >= 1
    )
    tried = (
        isinstance(flow, ProgressFlow)
        and flow.step == "lookup"
        and flow.slots.by_identity
        and flow.slots.number == ev.number
    )
    if not ev.found and tried and isinstance(flow, ProgressFlow):
        # not filed from this chat: the phone check, as for anyone with the number
        flow.slots.by_identity = False
        flow.step = "phone"
        flow.slots.asks = 1
        return [Reply(text=ctx.say("ask_phone_last4"))]
    if not ev.found and asked and isinstance(flow, ProgressFlow):
        if flow.slots.no_phone:
            if flow.slots.resume is None:  # during an intake: told, and the intake goes on
                return handoff(s, "progress_without_phone", ctx, lead="progress_no_phone")
        elif flow.slots.misses < 1:
            flow.slots.misses += 1
            flow.step = "phone"
            flow.slots.asks = 1
            return [Reply(text=ctx.say("order_not_found_retry", number=ev.number))]
    back: ProgressFlow | None = None
    if isinstance(flow, ProgressFlow) and flow.slots.resume is not None:
        back = flow  # asked during an intake: the intake goes on after the answer
    go_idle(s)
    if not ev.found:
        told = [Reply(text=ctx.say("order_not_found", number=ev.number))]
        return told + (back_to_intake(s, back, ctx) if back else [])
    text = ctx.say(
        "progress",
        number=ev.number,
        state=ev.state_label or ev.state or ctx.say("summary_unknown"),
        unit=ev.unit_name or ctx.say("summary_unknown"),
        deadline=fmt_dt(ev.deadline, ctx),
    )
    if ev.result:
        text = text + "\n" + ctx.say("progress_result", result=ev.result)
    s.memory.told_order, s.memory.told_at = ev.number, s.updated_at
    acts: Actions = [Reply(text=text)]
    if back is not None:
        return acts + back_to_intake(s, back, ctx)  # its rating when the unit's reply is told
    if ev.can_evaluate:
        acts.append(ask_rating(s, ev.number, ctx))
    return acts


def back_to_intake(s: DialogState, flow: ProgressFlow, ctx: DialogContext) -> Actions:
    """Back to the intake a progress query interrupted, its open question again."""
    return _resume(s, flow.slots.facts or IntakeSlots(), flow.slots.resume or "what", ctx)


def restore_intake(s: DialogState, flow: ProgressFlow) -> None:
    """The interrupted intake active again, silently (the message is read in it)."""
    facts = flow.slots.facts or IntakeSlots()
    s.flow = IntakeFlow(step=flow.slots.resume or "what", slots=facts.model_copy(deep=True))
    s.memory.offered = []


def _resume(s: DialogState, facts: IntakeSlots, step: IntakeStep, ctx: DialogContext) -> Actions:
    intake = IntakeFlow(step=step, slots=facts.model_copy(deep=True))
    s.flow = intake
    s.memory.offered = []
    return [Reply(text=ctx.say("resume_intake")), *reask(s, intake, ctx)]


# ----------------------------------------------------------------------- evaluation
def ask_rating(s: DialogState, number: str, ctx: DialogContext) -> Reply:
    """满意 / 基本满意 / 不满意 for ``number``."""
    s.flow = EvaluateFlow(slots=EvaluateSlots(number=number))
    qr = offer(
        s,
        [
            ("satisfied", ctx.say("rate_satisfied")),
            ("basic", ctx.say("rate_basic")),
            ("unsatisfied", ctx.say("rate_unsatisfied")),
        ],
    )
    return Reply(text=ctx.say("ask_rating"), quick_replies=qr)


def _rating(chosen: str | None, text: str) -> str | None:
    if chosen in ("satisfied", "basic", "unsatisfied"):
        return chosen
    t = plain(text)
    if re.search(r"不满意|不太满意|很差|太差|没解决|没有解决|不行", t) or _NOT_DONE.search(t):
        return "unsatisfied"
    if re.search(r"基本|还行|一般|凑合|还可以", t):
        return "basic"
    if "满意" in t or re.fullmatch(
        r"(?:很好|挺好|好评|非常好|不错)[了啊的呀]*(?:谢谢|感谢)?[了啊的呀你们]*", t
    ):
        return "satisfied"
    return None


def evaluate_turn(
    s: DialogState, flow: EvaluateFlow, r: Reading, chosen: str | None, ctx: DialogContext
) -> Actions | None:
    """One message while a rating is asked."""
    number = flow.slots.number
    if flow.step == "reason":
        reason = None if (r.cancel or r.thanks or not r.text) else mask(r.text[:500])
        go_idle(s)
        return [
            RecordEvaluation(number=number, satisfaction="unsatisfied", reason=reason),
            Reply(text=ctx.say("evaluation_unsatisfied_thanks")),
        ]
    rating = _rating(chosen, r.text)
    if rating == "unsatisfied" and chosen is None and not _BARE_RATING.fullmatch(r.plain):
        # "灯还是不亮，根本没修": the rating and its reason in one message
        go_idle(s)
        return [
            RecordEvaluation(number=number, satisfaction="unsatisfied", reason=mask(r.text[:500])),
            Reply(text=ctx.say("evaluation_unsatisfied_thanks")),
        ]
    if rating == "unsatisfied":
        flow.step = "reason"
        s.memory.offered = []
        return [Reply(text=ctx.say("ask_unsatisfied_reason"))]
    if rating == "satisfied" or rating == "basic":
        go_idle(s)
        return [
            RecordEvaluation(number=number, satisfaction=rating),
            Reply(text=ctx.say("evaluation_thanks")),
        ]
    left = _leave(s, r, ctx)
    if left is not None:
        return left
    if flow.slots.asks >= 1 or r.matter or r.question:
        return None  # not a rating: the citizen moved on
    flow.slots.asks = 1
    qr = offer(s, [(o.payload, o.title) for o in s.memory.offered])
    return [Reply(text=ctx.say("ask_rating_again"), quick_replies=qr)]


# ----------------------------------------------------------------------- knowledge
def start_knowledge(
    s: DialogState,
    query: str,
    ctx: DialogContext,
    *,
    facts: IntakeSlots | None = None,
    resume: IntakeStep | None = None,
) -> Actions:
    """Search the knowledge base for ``query`` (what the question told is kept).

    ``resume``: the question came in the middle of an intake (``facts``); once it is
    answered the intake goes on at that step."""
    kept = facts.model_copy(deep=True) if facts is not None else IntakeSlots()
    slots = KnowledgeSlots(query=query, facts=kept, resume=resume)
    s.flow = KnowledgeFlow(step="searching", slots=slots)
    s.memory.offered = []
    return [SearchKnowledge(query=query)]


def resume_intake(s: DialogState, flow: KnowledgeFlow, ctx: DialogContext) -> Actions:
    """Back to the intake a question interrupted: its open question again (not counted
    as another ask), nothing of it lost."""
    return _resume(s, flow.slots.facts, flow.slots.resume or "what", ctx)


def not_found(s: DialogState, flow: KnowledgeFlow, ctx: DialogContext) -> Actions:
    """Nothing in the knowledge base answers the question: said so, with where to ask
    (the service hall's window, an agent), and filing it for a unit's answer offered.
    Never an intake the citizen did not ask for."""
    if flow.slots.resume is not None:
        flow.slots.facts.question_missed = True  # asked again: an agent answers it
        key = "knowledge_not_found_brief"
        if WHICH_UNIT.search(plain(flow.slots.query)) is not None:
            key = "which_unit_intake"  # "电梯归哪个部门管": the unit is decided at dispatch
        return [Reply(text=ctx.say(key)), *resume_intake(s, flow, ctx)]
    flow.step = "unfound"
    qr = offer(s, [("/human", ctx.say("offer_human")), ("file", ctx.say("offer_file"))])
    return [Reply(text=ctx.say("knowledge_not_found"), quick_replies=qr)]


def ask_question(s: DialogState, ctx: DialogContext) -> Actions:
    """ "What would you like to ask?"."""
    s.flow = KnowledgeFlow(step="question")
    s.memory.offered = []
    return [Reply(text=ctx.say("ask_question"))]


def to_intake(s: DialogState, flow: KnowledgeFlow, ctx: DialogContext, lead: str) -> Actions:
    """No answer helped: the question becomes an appeal (nothing asked twice)."""
    facts = flow.slots.facts.model_copy(deep=True)
    query = flow.slots.query
    if query and not facts.matter:
        facts.matter = query
        facts.received_chars = len(query)
    facts.question = query or None
    source = flow.slots.source
    if source is not None and (
        facts.category is None
        or (facts.category.unit_type != source.unit_type and not facts.category.keyword)
    ):
        # the appeal is about what the answer's source handles (新生儿医保 → 医疗保障局),
        # unless the matter's own words decided its unit (移动信号差: the carrier, whatever
        # answer a word of it found)
        facts.category = source.model_copy()
    return start_intake(s, None, None, ctx, lead=[Reply(text=ctx.say(lead))], facts=facts)


def on_knowledge(s: DialogState, ev: KnowledgeFound, ctx: DialogContext) -> Actions:
    """The best answer above the floor with its source, or an intake when none."""
    flow = s.flow
    if not isinstance(flow, KnowledgeFlow):
        return []
    floor = ctx.thresholds.knowledge_min_score
    good = [a for a in ev.answers if a.score >= floor]
    if not good and flow.slots.follows:
        # a follow-up says less than it means: searched again with the question before
        query = f"{flow.slots.follows} {flow.slots.query}"
        flow.slots.follows = None
        flow.slots.query = query
        return [SearchKnowledge(query=query)]
    if not good:
        return not_found(s, flow, ctx)
    best = max(good, key=lambda a: a.score)
    answer = best.answer
    if ctx.style == "short" and len(answer) > ctx.thresholds.short_answer_chars:
        answer = answer[: ctx.thresholds.short_answer_chars] + "…"
    pictures = tuple(
        ReplyAttachment(mime=m.mime, caption=m.caption, url=m.url, blob_key=m.blob_key)
        for m in best.media
        if m.url or m.blob_key
    )
    captions = [ctx.say("picture_caption", caption=p.caption) for p in pictures if p.caption]
    answer = "\n".join([answer, *captions])
    text = ctx.say(
        "knowledge_answer",
        title=best.title,
        answer=answer,
        source=best.source_unit,
        updated=best.updated,
    )
    flow.slots.entry_id = best.entry_id
    c = best.category
    flow.slots.source = (
        CategoryGuess(level1=c.level1, level2=c.level2, unit_type=c.unit_type) if c else None
    )
    if flow.slots.resume is not None:
        # a question in the middle of an intake: answered, then the intake goes on
        brief = ctx.say(
            "knowledge_answer_brief",
            title=best.title,
            answer=answer,
            source=best.source_unit,
            updated=best.updated,
        )
        return [
            Reply(text=brief, attachments=pictures),
            RecordDisposition(disposition="answered_online", reason=f"knowledge:{best.entry_id}"),
            *resume_intake(s, flow, ctx),
        ]
    flow.step = "solved"
    qr = offer(s, [("yes", ctx.say("yes_solved")), ("no", ctx.say("no_unsolved"))])
    return [Reply(text=text, quick_replies=qr, attachments=pictures)]


def knowledge_turn(
    s: DialogState,
    flow: KnowledgeFlow,
    ev: UserMessage,
    r: Reading,
    chosen: str | None,
    ctx: DialogContext,
) -> Actions | None:
    """One message during a question: the question itself, or "solved?"."""
    if flow.step == "question":
        if not r.text or r.small_talk:
            return [Reply(text=ctx.say("ask_question"))]
        return start_knowledge(s, r.core or r.text, ctx, facts=facts_from(ev, r, ctx))
    if flow.step == "unfound":
        return _unfound_turn(s, flow, ev, r, chosen, ctx)
    if flow.step == "solved":
        yes = True if chosen == "yes" else False if chosen == "no" else r.yes
        if chosen is None and _UNSOLVED.search(r.plain):
            yes = False  # "还是不太明白", "没用": the answer did not help
        entry = flow.slots.entry_id or ""
        if yes is True or r.thanks:
            go_idle(s)
            key = "thanks_reply" if r.thanks and yes is not True else "knowledge_solved"
            return [
                RecordDisposition(disposition="answered_online", reason=f"knowledge:{entry}"),
                Reply(text=ctx.say(key)),
            ]
        if yes is None and r.consult and not r.matter:
            # "我不是投诉 就是想问问": the answer stands, nothing is filed; asked again
            qr = offer(s, [("yes", ctx.say("yes_solved")), ("no", ctx.say("no_unsolved"))])
            return [Reply(text=ctx.say("consult_noted"), quick_replies=qr)]
        if yes is False:
            return to_intake(s, flow, ctx, "knowledge_to_intake")
        if r.cancel:
            go_idle(s)
            return [Reply(text=ctx.say("flow_left"))]
        asking = r.question or r.asks_policy or r.intent == "ask_info"
        if yes is None and r.matter and asking and not r.progress and not ev.files:
            # another question on the same subject ("那租房能提吗"): answered online,
            # with the subject of the one before when it alone finds nothing
            before = flow.slots.query
            acts = start_knowledge(s, r.core or r.text, ctx, facts=facts_from(ev, r, ctx))
            if isinstance(s.flow, KnowledgeFlow):
                s.flow.slots.follows = before or None
            return acts
    return None


#: "帮我登记一下", "转给部门吧", "那就反映一下": the question filed for a unit's answer
_FILE = re.compile(r"登记|转办|转给|转交|反映|提交|立案|派单|记下|帮我问问|帮俺问问|让.{0,4}答复")


def _unfound_turn(
    s: DialogState,
    flow: KnowledgeFlow,
    ev: UserMessage,
    r: Reading,
    chosen: str | None,
    ctx: DialogContext,
) -> Actions | None:
    """After "not found, ask the hall or an agent": filed when the citizen wants it."""
    if chosen == "file" or (chosen is None and _FILE.search(r.plain) and len(r.plain) <= 16):
        return to_intake(s, flow, ctx, "knowledge_file")
    if chosen is None and (r.place is not None or r.phone is not None) and not r.question:
        # the place or a phone given: the citizen goes on as with an appeal (it was a
        # matter after all); filed, with what this message tells
        facts = flow.slots.facts.model_copy(deep=True)
        query = flow.slots.query
        if query and not facts.matter:
            facts.matter = query
            facts.received_chars = len(query)
        intake = IntakeFlow(step="where", slots=facts)
        s.flow = intake
        s.memory.offered = []
        return [Reply(text=ctx.say("knowledge_file")), *intake_turn(s, intake, ev, r, ctx)]
    if r.thanks or r.cancel or (r.yes is not None and len(r.plain) <= 6):
        # "好的 谢谢", "知道了", "不用了": an acknowledgement; two options were offered,
        # so a bare yes files nothing
        go_idle(s)
        return [Reply(text=ctx.say("flow_left" if r.cancel else "thanks_reply"))]
    return None  # something new: read afresh
