"""Taking an appeal down (第十条, 第十二条): matter, place, since when, contact, read-back.

Every slot can come in any message, in any order, several at once, and be corrected at
any point (``地点改成…``, ``电话打错了 是…``, ``不对，是…``). What is known is never asked
again, and each turn asks at most one question. The read-back accepts yes, no, a
correction, a refusal of contact, or cancel, in many wordings.
"""

from __future__ import annotations

import re
from dataclasses import replace as amended

from dialogs.channel_check import no_matter
from dialogs.common import Actions, fmt_dt, go_idle, handoff, offer
from dialogs.context import DialogContext
from dialogs.intake_pieces import (
    ask_what_there,
    place_alone,
    second_matter,
    second_matter_due,
    thing_for_where,
    with_place_word,
)
from dialogs.intake_place import merge_place, shared_place, specific, town_answer
from dialogs.intake_questions import (
    next_question,
    read_back,
    reask,
    reuse_answer,
    said_before,
    uncount,
)
from dialogs.model import (
    OpenWorkOrder,
    OrderOpened,
    RecordDisposition,
    Reply,
    UserMessage,
    WorkOrderDraft,
    spoken,
)
from dialogs.offices import Office, staff_category
from dialogs.pieces import (
    completes_subject,
    join_pieces,
    matter_fix,
    name_fix,
    piece_of_matter,
    placeholder,
)
from dialogs.reading import Expecting, Reading, clean_phone
from dialogs.said_back import before, place_word_fix, said_back
from dialogs.slot_answers import declines_detail
from dialogs.state import (
    DialogState,
    FileRef,
    IntakeFlow,
    IntakeSlots,
    IntakeStep,
    OrderType,
)
from dialogs.why_asked import why_reply

__all__ = [
    "EXPECTING",
    "add_matter",
    "cancel",
    "facts_from",
    "intake_turn",
    "next_question",
    "on_order_failed",
    "on_order_opened",
    "read_back",
    "reask",
    "specific",
    "start_intake",
    "submit",
]

# an addition to the matter announced ("内容再加一句", "再补充一点", "诉求里加上"): what
# follows is added as （补充）, never read for a time or a place (trial8 F10)
_ADDED = re.compile(
    r"^(?:(?:诉求|内容|问题)(?:里|里面|上)?|(?:我|俺)?)(?:再|还)?(?:加|补充|添|补)(?:上|一下|一点|"
    r"一句|两句|几句|个情况)*(?:话)?[：:，,。\s]+"
)

# "use this number" ("电话就用俺这个号吧", "就打我这个手机"): the number the channel shows
_THIS_NUMBER = re.compile(
    r"(?:用|打|是|联系|拨)(?:俺|我)?的?(?:这个|现在这个|这)(?:号码?|手机号?|电话)|"
    r"(?:俺|我)(?:的)?(?:这个|现在这个|这)(?:号码?|手机号?|电话)|本机号码?"
)

EXPECTING: dict[IntakeStep, Expecting] = {
    "what": "matter",
    "where": "place",
    "since": "since",
    "contact": "contact",
    "confirm": "confirm",
    "amend": "amend",
    "submitting": "none",
}


def start_intake(
    s: DialogState,
    ev: UserMessage | None,
    r: Reading | None,
    ctx: DialogContext,
    *,
    order_type: OrderType = "appeal",
    lead: Actions | None = None,
    facts: IntakeSlots | None = None,
    office: Office | None = None,
) -> Actions:
    """Open an intake with what ``r`` (and earlier ``facts``) already tell.

    ``office``: a staff complaint's office (第九条): its unit handles it, and it is the
    place (no township or road is asked for it)."""
    slots = facts.model_copy(deep=True) if facts is not None else IntakeSlots()
    slots.order_type = order_type if facts is None else facts.order_type
    flow = IntakeFlow(slots=slots)
    s.flow = flow
    s.memory.offered = []
    s.memory.told_order = s.memory.told_at = None  # "这个结果" now means nothing told before
    notes: Actions = []
    if r is not None and ev is not None:
        notes = _apply(flow, ev, r, ctx, override=False)
        if office is not None:
            slots.category = staff_category(r, office)
            if not specific(slots.place):
                slots.place = slots.place.model_copy(update={"detail": office.said})
    return (lead or []) + notes + next_question(s, flow, ctx)


def facts_from(ev: UserMessage, r: Reading, ctx: DialogContext) -> IntakeSlots:
    """What a message tells besides its matter (place, since, contact), e.g. for a
    question that may turn into an appeal."""
    flow = IntakeFlow()
    _apply(flow, ev, r, ctx, override=False, matter=False)
    return flow.slots


def intake_turn(
    s: DialogState, flow: IntakeFlow, ev: UserMessage, r: Reading, ctx: DialogContext
) -> Actions:
    """One citizen message during an intake; a fact given beside the question asked is
    said back before what follows (:mod:`dialogs.said_back`)."""
    step, was = flow.step, before(flow.slots)
    acts = _turn(s, flow, ev, r, ctx)
    if isinstance(s.flow, IntakeFlow) and s.flow is flow and flow.step not in ("submitting",):
        answered = {
            "where": r.place is not None or ev.location is not None,
            "contact": r.phone is not None or r.name is not None or r.anonymous,
        }
        return said_back(step, was, flow.slots, answered.get(step, False), ctx) + acts
    return acts


def _turn(
    s: DialogState, flow: IntakeFlow, ev: UserMessage, r: Reading, ctx: DialogContext
) -> Actions:
    if flow.step == "submitting":
        return []  # the order is being written; its receipt follows
    added = _ADDED.match(r.core or r.text)
    if added is not None and (r.core or r.text)[added.end() :].strip():
        # "内容再加一句 交了三年物业费…": the words after it are the matter's, nothing else
        rest = (r.core or r.text)[added.end() :].strip()
        notes = add_matter(flow.slots, amended(r, matter=rest, fixes=frozenset()), ctx)
        return notes + next_question(s, flow, ctx)
    if r.cancel and not declines_detail(flow, r.plain, ctx.wording.words):
        return cancel(s, ctx)
    if not r.text and not ev.attachments and ev.location is None:
        # an empty message (a blank, a dropped sticker) answers nothing: ask again, uncounted
        return reask(s, flow, ctx)
    if r.thanks and r.yes is None and not r.has_facts and not r.matter and not ev.files:
        # not a goodbye before the appeal is in: say so, and ask the open question again
        return [Reply(text=ctx.say("intake_resume")), *reask(s, flow, ctx)]
    if r.said_before and not r.has_facts and not ev.files:
        return said_before(s, flow, ctx)
    why = why_reply(r.plain, flow.step)
    if why is not None and not (r.anonymous or r.phone or r.name or r.place):
        # "你们要电话干啥 俺怕打击报复", "不想说在哪": the reason, not the question again
        return [Reply(text=ctx.say(why))]
    if r.bad_phone and not r.anonymous and not r.phone_refused:
        # "李秀英 ６１３８５３００８８１１": the name taken, the number asked again with the
        # reason, never dropped silently (trial12 P14)
        _apply(flow, ev, amended(r, matter="", since=None), ctx, override=True)
        flow.slots.phone = None
        flow.step = "contact"
        return [Reply(text=ctx.say("phone_digits_wrong"))]
    if r.phone_tail is not None and not flow.slots.phone:
        # "后四位是6734" with no number taken down: the rest applied (a name dropped), the
        # whole number asked, never a phone made up nor dropped silently (trial13 Q05)
        _apply(flow, ev, amended(r, matter="", since=None, place=None), ctx, override=True)
        flow.step = "contact"
        return [Reply(text=ctx.say("phone_tail_whole"))]
    if flow.step in ("confirm", "amend"):
        # "还有一个事": another matter, filed after this one (trial17)
        return second_matter(s, flow, r, ctx) or _confirm_turn(s, flow, ev, r, ctx)
    word = place_alone(r) if flow.step == "what" and not flow.slots.matter else None
    if word is not None and not ev.files and ev.location is None:
        # "门口" to "what happened?": the place; what happened there asked again (trial17)
        s.memory.pieces, s.memory.pieces_at = [word], ev.at
        flow.slots.place = with_place_word(flow.slots.place, word)
        return ask_what_there(s, next_question(s, flow, ctx), word, ctx)
    if flow.step == "where" and (said := flow.slots.town_asked) is not None:
        # the answer to "园艺街道在单县，请问是单县的园艺街道吗？" (trial10 N12)
        flow.slots.town_asked = None
        answered = town_answer(flow.slots.place, said, r.yes, r.place)
        if answered is not None:
            # answered: the same place said again later is asked about again
            flow.slots.place, flow.slots.town_checked = answered, None
            return next_question(s, flow, ctx)
    if flow.step == "contact" and flow.slots.reuse_asked:
        reused = reuse_answer(s, flow.slots, r)
        if reused is not None:
            return reused + next_question(s, flow, ctx)
    told = r.name is not None or r.phone is not None
    # 「匿名」 before the county is known (after it, to the detail question, it declines more)
    told = told or (r.anonymous and not flow.slots.place.resolved)
    if flow.step == "where" and told and r.place is None and not r.matter and not ev.location:
        # "王秀芝", "13853004466" to "which village or estate?": the contact told early,
        # taken; the place question asked again (trial12 P04: never an address); "匿名",
        # "不留名": the appeal is anonymous (trial17), never a place not understood
        notes = _apply(flow, ev, r, ctx, override=True)
        noted = "anonymous_ok" if r.anonymous and r.phone is None else "contact_noted"
        return [*notes, Reply(text=ctx.say(noted)), *reask(s, flow, ctx)]
    sl = flow.slots
    unseen = r.phone is None and not sl.contact_phone and not r.anonymous
    if flow.step == "contact" and unseen and _THIS_NUMBER.search(r.plain) is not None:
        # "电话就用俺这个号吧" where the channel shows no number (the web chat): said so,
        # the number asked (trial12 P22), a name beside it taken
        _apply(flow, ev, amended(r, matter="", since=None, place=None), ctx, override=True)
        return [Reply(text=ctx.say("phone_not_seen"))]
    named = _named_without_value(r)
    if named is not None:
        # "电话打错了" (no number): its right value asked by name, never passed over
        flow.step = _ITEM_STEPS[named]
        if named == "phone":
            flow.slots.phone, flow.slots.anonymous = None, False
        return [Reply(text=ctx.say("ask_amend_item", item=_ITEM_NAMES[named]))]
    if r.fixes and "since" not in r.fixes and r.since is not None:
        # "不对 不是青菏街道 是磐石街道" to "since when?": a correction, no time
        r = amended(r, since=None)
    if r.fix and flow.step == "since" and r.since is None and flow.slots.since is None:
        # 「不对 是东头」 to "since when?": the place corrected and said back, the time
        # asked once more (trial17 conversation 02)
        flow.slots.since_asked = False
    matter_before = flow.slots.matter
    fixed = matter_fix(matter_before, r.core or r.text, flow.slots.place) if r.fix else None
    moved = place_word_fix(flow.slots.place, r.core or r.text) if r.fix else None
    if moved is not None:
        # "不是西头 是东头" at another question: the word of the place corrected (trial16)
        flow.slots.place = moved
        r = amended(r, matter="", place=None, fix=False, fixes=frozenset())
    elif fixed is not None:
        # "不是路灯 是红绿灯 不亮了": the matter corrected, nothing of it a place
        flow.slots.matter = fixed
        _recategorize(flow, r)
        r = amended(r, matter="", place=None, fix=False, fixes=r.fixes - {"matter"})
    elif thing_for_where(flow, r):
        # "门口" / "路灯" to "where?": the thing is the matter's, the place word the place
        flow.slots.place = with_place_word(flow.slots.place, matter_before)
        flow.slots.matter = f"{matter_before}{r.core or r.text}"
        flow.slots.received_chars += len(r.core or r.text)
        r = amended(r, matter="", place=None)
    elif completes_subject(flow, r):
        # "俺们村的自来水" / "三天没来了": one matter, 「俺们村的自来水三天没来了」
        flow.slots.matter = f"{matter_before}{r.core or r.text}"
        flow.slots.received_chars += len(r.core or r.text)
        r = amended(r, matter="", place=None)
    elif piece_of_matter(flow, r, ev.nlu):
        # "俺们楼上" / "天天往楼下扔垃圾…": the rest of the matter, not the place
        flow.slots.matter = f"{matter_before} {r.core or r.text}"
        flow.slots.received_chars += len(r.core or r.text)
        r = amended(r, matter="", place=None)
    elif flow.step == "what" and not matter_before and r.matter and s.memory.pieces:
        # "俺村那条路" / "坑坑洼洼的…": the thing named before is the matter's subject
        r = amended(r, matter=join_pieces(s, r, ev.at))
    step, name_before, place_before, since_before = (
        flow.step,
        flow.slots.name,
        flow.slots.place,
        flow.slots.since,
    )
    notes = _apply(flow, ev, r, ctx, override=flow.step == "since" or r.fix)
    sl = flow.slots
    if step == "contact" and not sl.anonymous and sl.contact_phone is None:
        # no contact in it and no refusal: talk, or another slot (trial17 01)
        talk = r.name is None and r.phone is None and not (r.anonymous or r.name_refused)
        uncount(sl, matter_before, name_before, place_before, since_before, talk=talk)
    more = flow.step == "where" and r.place is None and sl.matter != matter_before
    if more and not sl.place.resolved and ev.location is None and ev.shared_place is None:
        # "where?" answered with more description: kept as （补充）, "where?" asked again
        flow.step = "where"
        return [*notes, Reply(text=ctx.say("ask_where_more"))]
    if flow.step == "where" and r.dont_know and not sl.place.resolved and sl.where_asks >= 2:
        # "不知道" to the county asked again: the same question a third time helps no one
        return notes + handoff(s, "address_unresolved", ctx, lead="address_unresolved")
    return notes + next_question(s, flow, ctx)


def cancel(s: DialogState, ctx: DialogContext) -> Actions:
    """The citizen withdrew before submitting: no order, a courteous word (and no other
    matter announced at its read-back kept waiting for its receipt)."""
    go_idle(s)
    s.memory.second = None
    return [
        Reply(text=ctx.say("intake_cancelled")),
        RecordDisposition(disposition="withdrawn", reason="citizen_cancelled"),
    ]


#: The item a citizen names as wrong, as the question asks for it.
_ITEM_NAMES = {
    "place": "地点",
    "phone": "联系电话",
    "name": "姓名",
    "since": "开始时间",
    "matter": "诉求内容",
}


_ITEM_STEPS: dict[str, IntakeStep] = {
    "place": "where",
    "phone": "contact",
    "name": "contact",
    "since": "since",
}


def _named_without_value(r: Reading) -> str | None:
    """The one item said to be wrong ("电话打错了", "地址写错了") with nothing of its right
    value in the message, else None."""
    if len(r.fixes) != 1:
        return None
    (target,) = r.fixes
    value = {"place": r.place, "phone": r.phone or r.phone_tail, "name": r.name, "since": r.since}
    if target not in value or value[target] is not None or r.anonymous or r.phone_refused:
        return None
    return target


def _ask_amend(r: Reading, ctx: DialogContext, *, first: bool) -> str:
    """What to change: the item named ("地点写错了": the right 地点), else the open question
    the first time and other words after it (never the same sentence twice in a row)."""
    if len(r.fixes) == 1:
        (target,) = r.fixes
        return ctx.say("ask_amend_item", item=_ITEM_NAMES[target])
    return ctx.say("ask_amend" if first else "ask_amend_again")


def _confirm_turn(
    s: DialogState, flow: IntakeFlow, ev: UserMessage, r: Reading, ctx: DialogContext
) -> Actions:
    before = flow.slots.model_dump()
    name = name_fix(r.core or r.text, flow.slots.name) if r.name is None else None
    fixed = matter_fix(flow.slots.matter, r.core or r.text, flow.slots.place) if r.fix else None
    if name is not None:
        # "名字写错了 是李伟红 伟大的伟", "不是李卫红 是李维红": the name, nothing else
        r = amended(r, name=name, place=None, matter="", fixes=frozenset({"name"}))
    elif fixed is not None:
        flow.slots.matter = fixed  # "不是路灯 是红绿灯": the matter corrected
        _recategorize(flow, r)
        r = amended(r, place=None, matter="", fixes=frozenset())
    matter_ok = "matter" in r.fixes or not (r.has_facts or r.fix or r.yes is not None)
    had_phone = flow.slots.contact_phone is not None and not flow.slots.anonymous
    notes = _apply(flow, ev, r, ctx, override=True, matter=matter_ok)
    sl = flow.slots
    if had_phone and sl.phone_refused and sl.name and sl.contact_phone is None:
        # "俺不想留电话了": the phone dropped, the name kept, and said so (trial17)
        notes.append(Reply(text=ctx.say("phone_dropped_name_kept", name=sl.name)))
    elif had_phone and sl.anonymous:
        notes.append(Reply(text=ctx.say("anonymous_ok")))  # no name to keep: 匿名, said so
    changed = flow.slots.model_dump() != before
    if r.yes is True and not changed:
        return submit(s, flow, ctx)
    if (r.yes is False or r.fix) and not changed:
        # "不对", "时间不对": something is wrong, what it should be is not said yet
        first = flow.step != "amend"
        flow.step = "amend"
        return [Reply(text=_ask_amend(r, ctx, first=first))]
    if not changed and flow.step == "amend" and r.text:
        return [Reply(text=_ask_amend(r, ctx, first=False))]
    return notes + next_question(s, flow, ctx)


def _recategorize(flow: IntakeFlow, r: Reading) -> None:
    """A corrected matter is routed as corrected ("不是停水 是停气": the gas company), by
    the correction's category; a staff complaint keeps the office complained about."""
    if r.category is not None and flow.slots.order_type != "staff_complaint":
        flow.slots.category = r.category


def submit(s: DialogState, flow: IntakeFlow, ctx: DialogContext) -> Actions:
    """Hand the confirmed appeal to the case store."""
    flow.step = "submitting"
    s.memory.offered = []
    draft = WorkOrderDraft.from_slots(flow.slots, ctx.say("summary_unknown"))
    return [OpenWorkOrder(draft=draft)]


# ------------------------------------------------------------------------- slot filling
def _apply(
    flow: IntakeFlow,
    ev: UserMessage,
    r: Reading,
    ctx: DialogContext,
    *,
    override: bool,
    matter: bool = True,
) -> Actions:
    """Put what ``r`` tells into the slots; returns notes for the citizen (attachments
    received, a long text kept in part)."""
    sl = flow.slots
    notes: Actions = []
    if ev.contact_phone:
        sl.channel_phone = clean_phone(ev.contact_phone)
    if r.place is not None:
        replace = "place" in r.fixes or (r.fix and flow.step in ("confirm", "amend"))
        sl.place = merge_place(sl.place, r.place, replace=replace, text=r.text)
    if ev.shared_place is not None:
        sl.place = shared_place(sl.place, ev.shared_place)
    elif ev.location is not None:
        loc = ev.location
        sl.place = sl.place.model_copy(
            update={"latitude": loc.latitude, "longitude": loc.longitude, "label": loc.label}
        )
    unknown = ctx.say("summary_unknown")
    # a time said after "不知道" (未说明) is the time (trial9 N05)
    later = r.since not in (None, unknown) and sl.since == unknown
    if r.since is not None and (sl.since is None or override or later or "since" in r.fixes):
        sl.since = r.since
    if r.phone is not None:
        sl.phone = r.phone
        sl.anonymous = sl.phone_refused = False
    elif r.phone_tail is not None and sl.phone and len(sl.phone) > len(r.phone_tail):
        # "后四位是6734": the last digits of the number taken down corrected (trial13 Q05)
        sl.phone = sl.phone[: -len(r.phone_tail)] + r.phone_tail
        sl.anonymous = sl.phone_refused = False
    keeps_name = r.phone_refused and bool(r.name or sl.name)
    if r.name is not None:
        sl.name = r.name
        if sl.anonymous and not r.anonymous and r.phone is None:
            # "还有 俺叫刘大妮" after 匿名: the name is wanted now, the phone still not
            # ("刘大妮（未留电话）"; trial12 P01)
            sl.anonymous, sl.phone_refused = False, True
    if r.name_refused:
        sl.name = None
    if keeps_name:
        # the phone refused, a name given: not anonymity ("李建国（未留电话）", trial8 F11)
        sl.phone, sl.phone_refused, sl.anonymous = None, True, False
    elif r.anonymous:
        sl.anonymous = True
        sl.phone = None
        sl.phone_refused = False
    if r.matter and matter:
        notes += add_matter(sl, r, ctx)
    if r.category is not None and (sl.category is None or "matter" in r.fixes):
        sl.category = r.category
    files = ev.files
    # a voice clip is the citizen's words: kept, unannounced, only with the matter it told
    # (the clip of 「确认」 or of the contact is no evidence for the unit; trial11 N01/N08)
    told = [a for a in ev.attachments if spoken(a)] if r.matter and matter else []
    kept = [*files, *told]
    if kept:
        room = ctx.thresholds.max_attachments - len(sl.attachments)
        for a in kept[: max(room, 0)]:
            sl.attachments.append(
                FileRef(
                    kind=a.kind.value,
                    mime=a.mime,
                    size=a.size,
                    sha256=a.sha256,
                    blob_key=a.blob_key,
                    source_url=a.source_url,
                    transcript=a.transcript,
                    ocr_text=a.ocr_text,
                )
            )
    if files:
        notes.append(Reply(text=ctx.say("attachment_received", count=len(files))))
    return notes


def add_matter(sl: IntakeSlots, r: Reading, ctx: DialogContext) -> Actions:
    """``r.matter`` added to the slots' matter (as 「（补充）」 after what is there; whole
    when it corrects the matter), within ``Thresholds.max_text_chars``; the notes for the
    citizen when a long text is kept in part."""
    limit = ctx.thresholds.max_text_chars
    text = r.matter.strip()
    sl.received_chars += len(text)
    if "matter" in r.fixes or not sl.matter or no_matter(sl.matter) or placeholder(sl.matter):
        # a question about the service taken down before (「恁这个网页能给政府反映问题不」),
        # or only where it is about (「村里的事」), is no matter: what is told now is (Q03)
        combined = text
    elif text in sl.matter:
        return []
    elif "（补充）" not in sl.matter and sl.matter in text:
        # "路灯坏了", then "新华路的路灯坏了" to "where?": the fuller words of the same matter
        combined = text
    else:
        combined = f"{sl.matter}\n（补充）{text}"
    if len(combined) <= limit:
        sl.matter = combined
        return []
    sl.matter = combined[:limit]
    return [
        Reply(
            text=ctx.say(
                "text_kept", total=sl.received_chars, kept=limit, tail=combined[limit - 20 : limit]
            )
        )
    ]


def on_order_opened(s: DialogState, ev: OrderOpened, ctx: DialogContext) -> Actions:
    """The receipt: number, unit, deadline; the phone's last four kept for progress."""
    flow = s.flow
    if isinstance(flow, IntakeFlow):
        sl = flow.slots
        phone = None if sl.anonymous else sl.contact_phone
        s.memory.last4 = phone[-4:] if phone else None
        if phone:
            s.memory.phone, s.memory.name = phone, sl.name
    go_idle(s)
    s.memory.last_order = ev.number
    if ev.deadline is None:
        told = ctx.say("receipt_no_deadline", number=ev.number, unit=ev.unit_name)
    else:
        deadline = fmt_dt(ev.deadline, ctx)
        told = ctx.say("receipt", number=ev.number, unit=ev.unit_name, deadline=deadline)
    # the other matter announced at the read-back ("还有一个事"): asked for now (trial17)
    return [Reply(text=told), *second_matter_due(s, ctx)]


def on_order_failed(s: DialogState, flow: IntakeFlow, reason: str, ctx: DialogContext) -> Actions:
    """Keep the appeal; after too many failures an agent takes over."""
    flow.slots.failures += 1
    if flow.slots.failures >= ctx.thresholds.max_order_failures:
        return handoff(s, f"order_failed:{reason}"[:200], ctx)
    flow.step = "confirm"
    qr = offer(s, [("yes", ctx.say("yes_confirm")), ("no", ctx.say("no_amend"))])
    return [Reply(text=ctx.say("order_failed"), quick_replies=qr)]
