"""A policy answer from the knowledge base (第十二条, 第十八条): the question, the best
answer with its source, "solved?", and filing it for a unit's answer when nothing helps.
An order's progress is :mod:`dialogs.progress`, its rating :mod:`dialogs.evaluation`.

A turn function returns ``None`` when the message is not an answer to its prompt (a new
matter, a question): the engine then ends the flow and reads the message afresh, so a
prompt always has a way out (``谢谢``, ``算了``, a new matter).
"""

from __future__ import annotations

import re

from dialogs.answered import adding, goes_on, rest_of, wants_filing
from dialogs.common import Actions, go_idle, offer
from dialogs.context import DialogContext
from dialogs.followup import subjectless, uncovered
from dialogs.intake import facts_from, intake_turn, start_intake
from dialogs.model import (
    KnowledgeFound,
    RecordDisposition,
    Reply,
    ReplyAttachment,
    SearchKnowledge,
    UserMessage,
)
from dialogs.reading import Reading, plain, read
from dialogs.resume import resume_at
from dialogs.state import (
    CategoryGuess,
    DialogState,
    IntakeFlow,
    IntakeSlots,
    IntakeStep,
    KnowledgeFlow,
    KnowledgeSlots,
)

# "归哪个部门管", "该找哪个单位", "谁负责": the unit, decided when an appeal is dispatched
WHICH_UNIT = re.compile(
    r"(?:归|由|该|应该|得)找?(?:哪个|哪一个|哪家|什么|啥)(?:部门|单位|机关)|"
    r"(?:哪个|哪一个|哪家|什么|啥)(?:部门|单位|机关)(?:来)?(?:管|负责|处理)|"
    r"归谁管|该谁管|谁(?:来)?负责"
)
# "还是不太明白", "看不懂", "没用", "还是办不了": an online answer that did not help
_UNSOLVED = re.compile(
    r"不(?:太|大)?明白|没(?:太)?明白|看不懂|没看懂|听不懂|不懂|没用|没有用|没啥用|没帮助|"
    r"不管用|不顶用|还是不行|办不了|不好使"
)


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
    return resume_at(s, flow.slots.facts, flow.slots.resume or "what", ctx)


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


def appeal_of(flow: KnowledgeFlow) -> IntakeSlots:
    """The appeal a question becomes: the question (and the one it follows) as its matter,
    the unit of the answer's source unless the matter's own words decided one."""
    facts = flow.slots.facts.model_copy(deep=True)
    query = asked(flow.slots)
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
    return facts


def to_intake(
    s: DialogState, flow: KnowledgeFlow, ctx: DialogContext, lead: str, *, anonymous: bool = False
) -> Actions:
    """No answer helped: the question becomes an appeal (nothing asked twice);
    ``anonymous``: the citizen said 「匿名」, 「不留名」 with it (trial17), said back, and the
    contact is not asked for."""
    facts = appeal_of(flow)
    told: Actions = [Reply(text=ctx.say(lead))]
    if anonymous:
        facts.anonymous = True
        facts.phone = None
        told.append(Reply(text=ctx.say("anonymous_ok")))
    return start_intake(s, None, None, ctx, lead=told, facts=facts)


def _anonymous(r: Reading) -> bool:
    """ "匿名", "不留名", "登记吧 俺不留名": anonymity wanted for the filing, no number given."""
    return r.anonymous and r.phone is None and not r.thanks


def hand_over(
    s: DialogState, flow: KnowledgeFlow, ev: UserMessage, words: str, lead: str, ctx: DialogContext
) -> Actions:
    """The question answered becomes the appeal, and ``words`` of this message (a place,
    a time, more of it) are its first answer, a place in them read as the answer to
    "where?" (trial14 T01): the question stays the matter and decides the unit."""
    if not words.strip():
        return to_intake(s, flow, ctx, lead)
    said = read(words, ev.nlu, ctx.wording)
    if said.place is not None:
        # a place told: read as the answer to "where?" (「巨野县 麒麟镇 前王庄」 whole)
        said = read(words, ev.nlu, ctx.wording, expecting="place")
    intake = IntakeFlow(step="where", slots=appeal_of(flow))
    s.flow = intake
    s.memory.offered = []
    s.memory.told_order = s.memory.told_at = None
    return [Reply(text=ctx.say(lead)), *intake_turn(s, intake, ev, adding(said), ctx)]


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
    told = flow.slots.told_entry
    if told is not None and best.entry_id == told and flow.slots.resume is None:
        missing = uncovered(flow.slots.query, best.answer)
        if missing is not None:
            # 「在哪儿办 要带啥」 after 居民身份证换领补领: the same entry says no more; what
            # it does not cover is said, a person or filing offered (trial12 P18)
            flow.step = "unfound"
            flow.slots.entry_id = best.entry_id
            what = "、".join(missing) or ctx.say("knowledge_followup_what")
            qr = offer(s, [("/human", ctx.say("offer_human")), ("file", ctx.say("offer_file"))])
            said = ctx.say("knowledge_not_covered", title=best.title, what=what)
            return [Reply(text=said, quick_replies=qr)]
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
    again = told is not None and best.entry_id == told  # what it asks, said there already
    text = ctx.say(
        "knowledge_answer_again" if again else "knowledge_answer",
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
        if chosen is None and _anonymous(r) and not r.question:
            # "匿名", "不留名" to "solved?": the question filed, anonymously (trial17)
            return to_intake(s, flow, ctx, "knowledge_file", anonymous=True)
        if yes is False:
            return to_intake(s, flow, ctx, "knowledge_to_intake")
        if chosen is None and wants_filing(r):
            # "没解决 俺不会弄 恁能叫社区来个人帮帮俺不": the question answered is the
            # matter, the rest of the message added to it (trial14 T01)
            return hand_over(s, flow, ev, rest_of(r.core or r.text), "knowledge_to_intake", ctx)
        if r.cancel:
            go_idle(s)
            return [Reply(text=ctx.say("flow_left"))]
        asking = r.question or r.asks_policy or r.intent == "ask_info"
        said = r.core or r.text
        follow = r.matter or (r.question and subjectless(said))  # "在哪儿办"
        if yes is None and follow and asking and not r.progress and not ev.files:
            # another question on the same subject ("那租房能提吗"): answered online,
            # with the subject of the one before when it alone finds nothing, or names
            # none ("那要多少钱": searched with it at once)
            before = flow.slots.query
            query = f"{before} {said}" if before and subjectless(said) else said
            acts = start_knowledge(s, query, ctx, facts=facts_from(ev, r, ctx))
            if isinstance(s.flow, KnowledgeFlow):
                s.flow.slots.follows = before if before and query == said else None
                s.flow.slots.told_entry = flow.slots.entry_id
            return acts
        if yes is None and chosen is None and goes_on(r, asked(flow.slots)):
            # the place, a time or more of it after the answer (「单县 徐寨镇 后刘庄」,
            # 「上个月起就没了」): the question answered is the matter (trial14 T01)
            return hand_over(s, flow, ev, r.core or r.text, "knowledge_file", ctx)
    return None


def asked(slots: KnowledgeSlots) -> str:
    """The question the answer was about, with the one it follows (「养老金认证…」 then
    「恁能叫社区来个人帮帮俺不」): both are the matter if it becomes an appeal."""
    before, query = (slots.follows or "").strip(), slots.query.strip()
    if before and before not in query:
        return f"{before}\n（补充）{query}"
    return query


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
        return to_intake(s, flow, ctx, "knowledge_file", anonymous=_anonymous(r))
    if chosen is None and _anonymous(r) and not r.question and r.place is None:
        # "匿名", "不留名" after "not found … 登记转办": filed, anonymously (trial17)
        return to_intake(s, flow, ctx, "knowledge_file", anonymous=True)
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
