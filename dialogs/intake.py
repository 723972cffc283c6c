"""Taking an appeal down (第十条, 第十二条): matter, place, since when, contact, read-back.

Every slot can come in any message, in any order, several at once, and be corrected at
any point (``地点改成…``, ``电话打错了 是…``, ``不对，是…``). What is known is never asked
again, and each turn asks at most one question. The read-back accepts yes, no, a
correction, a refusal of contact, or cancel, in many wordings.
"""

from __future__ import annotations

import re
from dataclasses import replace as amended

from dialogs.common import Actions, fmt_dt, go_idle, handoff, mask, mask_phone, offer
from dialogs.context import DialogContext
from dialogs.model import (
    OpenWorkOrder,
    OrderOpened,
    RecordDisposition,
    Reply,
    UserMessage,
    WorkOrderDraft,
)
from dialogs.offices import Office, staff_category
from dialogs.pieces import matter_fix, name_fix, piece_of_matter
from dialogs.reading import Expecting, Reading, clean_phone, content_len
from dialogs.slot_answers import declines_detail
from dialogs.state import (
    DialogState,
    FileRef,
    IntakeFlow,
    IntakeSlots,
    IntakeStep,
    OrderType,
    Place,
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
    """One citizen message during an intake."""
    if flow.step == "submitting":
        return []  # the order is being written; its receipt follows
    if r.cancel and not declines_detail(flow, r.plain, ctx.wording.words):
        return cancel(s, ctx)
    if not r.text and not ev.attachments and ev.location is None:
        # an empty message (a blank, a dropped sticker) answers nothing: ask again, uncounted
        return reask(s, flow, ctx)
    if r.thanks and r.yes is None and not r.has_facts and not r.matter and not ev.attachments:
        # not a goodbye before the appeal is in: say so, and ask the open question again
        return [Reply(text=ctx.say("intake_resume")), *reask(s, flow, ctx)]
    if r.said_before and not r.has_facts and not ev.attachments:
        return said_before(s, flow, ctx)
    if flow.step in ("confirm", "amend"):
        return _confirm_turn(s, flow, ev, r, ctx)
    matter_before = flow.slots.matter
    fixed = matter_fix(matter_before, r.core or r.text, flow.slots.place) if r.fix else None
    if fixed is not None:
        # "不是路灯 是红绿灯 不亮了": the matter corrected, nothing of it a place
        flow.slots.matter = fixed
        r = amended(r, matter="", place=None, fix=False, fixes=r.fixes - {"matter"})
    elif piece_of_matter(flow, r, ev.nlu):
        # "俺们楼上" / "天天往楼下扔垃圾…": the rest of the matter, not the place
        flow.slots.matter = f"{matter_before} {r.core or r.text}"
        flow.slots.received_chars += len(r.core or r.text)
        r = amended(r, matter="", place=None)
    notes = _apply(flow, ev, r, ctx, override=flow.step == "since" or r.fix)
    sl = flow.slots
    more = flow.step == "where" and r.place is None and sl.matter != matter_before
    if more and not sl.place.resolved and ev.location is None and ev.shared_place is None:
        # "where?" answered with more description: kept as （补充）, "where?" asked again
        flow.step = "where"
        return [*notes, Reply(text=ctx.say("ask_where_more"))]
    if flow.step == "where" and r.dont_know and not sl.place.resolved and sl.where_asks >= 2:
        # "不知道" to the county asked again: the same question a third time helps no one
        return notes + handoff(s, "address_unresolved", ctx, lead="address_unresolved")
    return notes + next_question(s, flow, ctx)


def said_before(s: DialogState, flow: IntakeFlow, ctx: DialogContext) -> Actions:
    """ "刚才不是说了吗": never the same question again. What is known is used or shown,
    only the missing part is asked, in other words; an optional question is dropped."""
    sl, th = flow.slots, ctx.thresholds
    if flow.step == "what":
        return [Reply(text=ctx.say("said_before_what"))]
    if flow.step == "where" and not sl.place.resolved:
        if sl.where_asks >= th.max_where_asks:
            return handoff(s, "address_unresolved", ctx, lead="address_unresolved")
        sl.where_asks += 1
        known = sl.place.address()
        if known:
            return [Reply(text=ctx.say("said_before_where_known", place=mask(known)))]
        return [Reply(text=ctx.say("said_before_where"))]
    if flow.step == "contact" and sl.contact_phone is None and not sl.anonymous:
        if s.memory.phone:
            sl.phone = s.memory.phone  # given for an earlier appeal in this conversation
        elif sl.contact_asks < th.max_contact_asks:
            sl.contact_asks += 1
            return [Reply(text=ctx.say("said_before_contact"))]
    if flow.step in ("confirm", "amend"):
        return read_back(s, flow, ctx)
    # the spot or since when: optional questions, already asked once, never again
    return next_question(s, flow, ctx)


def cancel(s: DialogState, ctx: DialogContext) -> Actions:
    """The citizen withdrew before submitting: no order, a courteous word."""
    go_idle(s)
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
        r = amended(r, place=None, matter="", fixes=frozenset())
    matter_ok = "matter" in r.fixes or not (r.has_facts or r.fix or r.yes is not None)
    notes = _apply(flow, ev, r, ctx, override=True, matter=matter_ok)
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
        sl.place = _merge_place(sl.place, r.place, replace=replace, text=r.text)
    if ev.shared_place is not None:
        sl.place = _shared(sl.place, ev.shared_place)
    elif ev.location is not None:
        loc = ev.location
        sl.place = sl.place.model_copy(
            update={"latitude": loc.latitude, "longitude": loc.longitude, "label": loc.label}
        )
    if r.since is not None and (sl.since is None or override or "since" in r.fixes):
        sl.since = r.since
    if r.phone is not None:
        sl.phone = r.phone
        sl.anonymous = False
    if r.name is not None:
        sl.name = r.name
    if r.name_refused:
        sl.name = None
    if r.anonymous:
        sl.anonymous = True
        sl.phone = None
    if r.matter and matter:
        notes += _add_matter(sl, r, ctx)
    if r.category is not None and (sl.category is None or "matter" in r.fixes):
        sl.category = r.category
    if ev.attachments:
        room = ctx.thresholds.max_attachments - len(sl.attachments)
        for a in ev.attachments[: max(room, 0)]:
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
        notes.append(Reply(text=ctx.say("attachment_received", count=len(ev.attachments))))
    return notes


def _add_matter(sl: IntakeSlots, r: Reading, ctx: DialogContext) -> Actions:
    limit = ctx.thresholds.max_text_chars
    text = r.matter.strip()
    sl.received_chars += len(text)
    if "matter" in r.fixes or not sl.matter:
        combined = text
    elif text in sl.matter:
        return []
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


def _shared(old: Place, new: Place) -> Place:
    """A shared location is the place: its label and point replace what was said, except
    a county (and township) said before when the location cannot tell them."""
    if new.county is None and old.county is not None:
        return new.model_copy(
            update={"county": old.county, "township": new.township or old.township}
        )
    return new


def _said(township: str, text: str) -> bool:
    """True when ``text`` names ``township`` (麒麟镇, or 麒麟 without its 镇/乡/街道)."""
    core = township.removesuffix("街道").removesuffix("镇").removesuffix("乡")
    return township in text or (len(core) >= 2 and core in text)


def _merge_place(old: Place, new: Place, *, replace: bool, text: str = "") -> Place:
    """A new county replaces the territory; a correction replaces what it names; a bare
    detail ("阳光小区3号楼" after "牡丹区") completes what is known. A township the
    citizen said stays when the new words only name a village or spot that the NLU placed
    in another township of the same county (a namesake: 前王庄村 is in many townships)."""
    keep = {"latitude": old.latitude, "longitude": old.longitude, "label": old.label}
    if (
        not replace
        and old.township
        and old.county
        and new.county in (None, old.county)
        and new.township not in (None, old.township)
        and not _said(new.township or "", text)
    ):
        return old.model_copy(
            update={
                "village": new.village or old.village,
                "detail": new.detail or old.detail,
            }
        )
    said = f"{old.township or ''}{old.village or ''}{old.detail or ''}"
    same_spot = not (new.village or new.detail) and (
        new.township is None or new.township == old.township or new.township in said
    )
    if old.known and new.county is not None and new.county != old.county and same_spot:
        # "不对，是单县浮岗镇": the county corrected, the village and the spot stay
        wrong = old.county or ""
        return old.model_copy(
            update={
                "county": new.county,
                "township": new.township or old.township,
                "village": (old.village or "").replace(wrong, "") or None,
                "detail": (old.detail or "").replace(wrong, "") or None,
            }
        )
    if not replace and old.known and new.county is not None and old.county in (None, new.county):
        return _restated(old, new).model_copy(update=keep)
    if not old.known or new.county is not None:
        return new.model_copy(update=keep)
    if replace:
        # "地点改成阳光小区6号楼": the spot is replaced; the township said before stays
        # unless the correction names another
        township = new.township or old.township
        return Place(
            county=old.county, township=township, village=new.village, detail=new.detail, **keep
        )
    return old.model_copy(
        update={
            "township": new.township or old.township,
            "village": new.village or old.village,
            "detail": _joined_spot(old.detail, new.detail),  # "12号楼" adds (trial7 F02)
        }
    )


#: A part of the place said before: a building, door, floor or side (3号楼, 南门, 对面).
_SUB_PART = re.compile(
    r"^(?:[0-9一二三四五六七八九十]+(?:号楼|号院|号|单元|栋|幢|层|楼|室|排)|[东西南北]?(?:门|侧|边|头)|"
    r"门口|对面|旁边|附近|后面|前面|楼下|楼上|[东西南北]\d*米)"
)


#: A township at the start of a detail (西城街道的华英小区), not a township's building.
_TOWN_WORD = re.compile(r"[\u4e00-\u9fff]{1,5}?(?:街道|镇|乡)(?!政府|人民政府|卫生院)")


def _restated(old: Place, new: Place) -> Place:
    """``new`` names the county of ``old`` again, or the county ``old`` lacked ("牡丹区"
    after "中华路与人民路交叉口"; "牡丹区 3号楼" after "牡丹区西城街道和平小区"): what was
    said stays unless the new words replace it. Another township is another place; a spot
    that extends the old one (3号楼, 南门, 对面) is added to it, one that contains it or
    names another estate replaces it. (A correction restating the county is a whole new
    address: the caller replaces.)"""
    if old.township and (
        (new.township and new.township != old.township)
        or (new.detail and _TOWN_WORD.match(new.detail) and old.township not in new.detail)
    ):
        return new  # another township (named, or left in the detail): another place
    return Place(
        county=new.county,
        township=new.township or old.township,
        village=new.village or old.village,
        detail=_joined_spot(old.detail, new.detail),
    )


def _joined_spot(old: str | None, new: str | None) -> str | None:
    """The spot after a restated county: the new one, the old one extended, or the old."""
    if not new or not old or new in old:
        return old or new
    if old in new:
        return new
    return old + new if _SUB_PART.match(new) else new


# ----------------------------------------------------------------------------- questions
def next_question(s: DialogState, flow: IntakeFlow, ctx: DialogContext) -> Actions:
    """Ask for the first thing still missing (one question), else read the appeal back."""
    sl, th = flow.slots, ctx.thresholds
    if not sl.matter:
        flow.step = "what"
        key = "ask_what_staff" if sl.order_type == "staff_complaint" else "ask_what"
        return [Reply(text=ctx.say(key))]
    if not sl.place.resolved:
        if sl.where_asks >= th.max_where_asks:
            return handoff(s, "address_unresolved", ctx, lead="address_unresolved")
        if sl.where_asks == 0:
            # the first question: "where?", or only the county when a spot is known
            # ("小区门口"); the apology belongs to a question asked again
            key = "ask_where_county" if sl.place.known else "ask_where"
            if sl.question:
                # a policy question has no scene: only the county, to route it
                key = "ask_where_question"
        elif sl.where_asks == 1 and (kind := place_kind(sl.place)) is not None:
            # "物业", "学校", "俺村": a kind of place, not yet which one; asked plainly
            sl.where_asks += 1
            sl.county_asked = True
            flow.step = "where"
            return [Reply(text=ctx.say("ask_where_which", kind=kind))]
        elif sl.place.known and not sl.county_asked:
            # "俺家楼下", "镇上", "菏泽学院门口": a place, but no county yet: asked plainly
            key = "ask_where_county"
        else:
            key = "ask_where_again"
        sl.county_asked = sl.county_asked or key == "ask_where_county"
        sl.where_asks += 1
        flow.step = "where"
        return [Reply(text=ctx.say(key))]
    # a policy question names no scene: the spot is asked only when one was mentioned
    # ("俺家孩子上的幼儿园"), or when it is about the citizen's own household or village
    # ("俺家的低保今年咋给取消了": the township's office must find the family), never for
    # a bare county
    scene = (
        not sl.question
        or bool(sl.place.village or sl.place.detail)
        or _HOUSEHOLD.search(sl.matter) is not None
    )
    if th.ask_place_detail and not sl.detail_asked and scene and not specific(sl.place):
        sl.detail_asked = True
        flow.step = "where"
        # the township said: only the village, estate or road is asked
        key = "ask_where_spot" if sl.place.township else "ask_where_detail"
        return [Reply(text=ctx.say(key))]
    if th.ask_since and sl.since is None and not sl.since_asked:
        sl.since_asked = True
        flow.step = "since"
        return [Reply(text=ctx.say("ask_since"))]
    caller = sl.channel_phone is not None and sl.phone is None and not sl.name
    if caller and ctx.ask_caller and not sl.anonymous and sl.contact_asks == 0:
        # the caller's line: their name, and whether the result may go to it
        sl.contact_asks += 1
        flow.step = "contact"
        return [Reply(text=ctx.say("ask_contact_channel"))]
    if sl.contact_phone is None and not sl.anonymous and sl.contact_asks < th.max_contact_asks:
        key = "ask_contact" if sl.contact_asks == 0 and not sl.name else "ask_contact_phone"
        sl.contact_asks += 1
        flow.step = "contact"
        return [Reply(text=ctx.say(key))]
    return read_back(s, flow, ctx)


#: A detail that only points from the citizen ("俺村东头", "我家楼下", "这边") or names no
#: one place ("一家快餐店", "某小区"): no place a unit could find.
_DEICTIC = re.compile(r"^(?:俺|我|咱|这|那|本|自家|家|一家|一个|有家|有个|某)")


# the citizen's own household or village ("俺家的低保", "我们村的补贴")
_HOUSEHOLD = re.compile(r"(?:俺|我|咱)(?:们)?(?:家|村|庄|屯)")

# a kind of place said alone ("物业", "学校", "俺们小区", "村里"): which one is not known
_KIND_OF_PLACE = re.compile(
    r"^(?:俺们?|我们?|咱们?|自家)?(?:的)?(?:那个|这个)?"
    r"(?P<kind>物业公司|物业|学校|小学|中学|幼儿园|小区|医院|诊所|卫生院|村里|村|社区|菜市场|市场|"
    r"工地|饭店|饭馆|公司|厂子|工厂|厂|超市|单位|商场|车站|公园|银行|加油站|派出所)"
    r"(?:那边|这边|那儿|这儿|里面|里)?$"
)
_KIND_SAID = {"物业": "小区", "物业公司": "小区", "村里": "村", "厂子": "厂"}


def place_kind(place: Place) -> str | None:
    """The kind of place when that is all that is known of it ("物业" -> 小区), to ask
    which one; None when a county, a township or a name is known."""
    if place.county or place.township or place.village or place.latitude is not None:
        return None
    m = _KIND_OF_PLACE.match((place.detail or "").strip())
    if m is None:
        return None
    return _KIND_SAID.get(m.group("kind"), m.group("kind"))


# a spot without a name ("小区门口", "楼下", "村口路边"): no unit can find it from that alone
_UNNAMED_SPOT = re.compile(
    r"(?:小区|楼下|楼上|楼道|单元|院里|院子|家门口|门口|对面|对过|旁边|附近|路边|路口|路上|马路|"
    r"街上|村里|村口|村头|庄里|东头|西头|南头|北头|东边|西边|南边|北边|里面|外面|那边|这边|那块|"
    r"这块|后面|前面|后边|前边|的)+"
)


def specific(place: Place) -> bool:
    """True when a unit could find the spot: a village or community, a shared point, or a
    named road, estate or landmark (not a county or township alone, not "俺村东头")."""
    if place.latitude is not None:
        return True
    if place.village and not _DEICTIC.match(place.village):
        return True
    rest = place.detail or ""
    for known in (place.county, place.township):
        if known:
            rest = rest.replace(known, "")
    rest = rest.strip("的 ，,。")
    # a township the NLU did not know, before a spot without a name ("伯乐街道楼下")
    spot = re.sub(r"^[\u4e00-\u9fff]{1,6}?(?:街道|镇|乡|办事处)", "", rest)
    return bool(rest) and not _DEICTIC.match(spot) and not _UNNAMED_SPOT.fullmatch(spot)


def reask(s: DialogState, flow: IntakeFlow, ctx: DialogContext) -> Actions:
    """The open question again, without counting it as another ask."""
    sl = flow.slots
    if flow.step == "where" and sl.place.resolved:
        sl.detail_asked = False  # it was the question for the village or estate
    elif flow.step == "where":
        sl.where_asks = max(sl.where_asks - 1, 0)
    elif flow.step == "contact":
        sl.contact_asks = max(sl.contact_asks - 1, 0)
    elif flow.step == "since":
        sl.since_asked = False
    elif flow.step in ("confirm", "amend"):
        return read_back(s, flow, ctx)
    return next_question(s, flow, ctx)


def contact_label(sl: IntakeSlots, ctx: DialogContext) -> str:
    """The contact as the read-back shows it (phone masked)."""
    if sl.anonymous:
        return ctx.say("anonymous_label")
    parts = [sl.name] if sl.name else []
    if sl.contact_phone:
        parts.append(mask_phone(sl.contact_phone))
    return " ".join(parts) or ctx.say("summary_unknown")


def read_back(s: DialogState, flow: IntakeFlow, ctx: DialogContext) -> Actions:
    """The summary to confirm, with 确认提交 / 需要修改."""
    sl = flow.slots
    flow.step = "confirm"
    unknown = ctx.say("summary_unknown")
    n = ctx.thresholds.short_text_chars
    short = sl.matter if len(sl.matter) <= n else sl.matter[:n] + "…"
    text = ctx.say(
        "confirm_summary",
        text=mask(sl.matter),
        text_short=mask(short),
        address=sl.place.address() or unknown,
        since=sl.since or unknown,
        contact=contact_label(sl, ctx),
        attachments=len(sl.attachments),
    )
    qr = offer(s, [("yes", ctx.say("yes_confirm")), ("no", ctx.say("no_amend"))])
    return [Reply(text=text, quick_replies=qr)]


def on_order_opened(s: DialogState, ev: OrderOpened, ctx: DialogContext) -> Actions:
    """The receipt: number, unit, deadline; the phone's last four kept for progress."""
    flow = s.flow
    if isinstance(flow, IntakeFlow):
        sl = flow.slots
        phone = None if sl.anonymous else sl.contact_phone
        s.memory.last4 = phone[-4:] if phone else None
        if phone:
            s.memory.phone = phone
    go_idle(s)
    s.memory.last_order = ev.number
    if ev.deadline is None:
        return [Reply(text=ctx.say("receipt_no_deadline", number=ev.number, unit=ev.unit_name))]
    return [
        Reply(
            text=ctx.say(
                "receipt", number=ev.number, unit=ev.unit_name, deadline=fmt_dt(ev.deadline, ctx)
            )
        )
    ]


def on_order_failed(s: DialogState, flow: IntakeFlow, reason: str, ctx: DialogContext) -> Actions:
    """Keep the appeal; after too many failures an agent takes over."""
    flow.slots.failures += 1
    if flow.slots.failures >= ctx.thresholds.max_order_failures:
        return handoff(s, f"order_failed:{reason}"[:200], ctx)
    flow.step = "confirm"
    qr = offer(s, [("yes", ctx.say("yes_confirm")), ("no", ctx.say("no_amend"))])
    return [Reply(text=ctx.say("order_failed"), quick_replies=qr)]


def has_description(r: Reading) -> bool:
    """True when the message describes a matter worth an intake."""
    return content_len(r.matter) >= 2
