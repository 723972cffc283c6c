"""The intake's questions: the first thing still missing (one question a turn), the
open question again, "刚才不是说了吗" answered without the same question, and the
read-back to confirm."""

from __future__ import annotations

import hashlib
import re

from dialogs.common import Actions, handoff, mask, mask_phone, offer
from dialogs.context import DialogContext
from dialogs.fragments import thing_piece
from dialogs.intake_place import foreign_town, place_kind, specific, township_counties
from dialogs.model import Reply
from dialogs.own_place import own_kind
from dialogs.reading import Reading
from dialogs.spoken import plain
from dialogs.state import DialogState, IntakeFlow, IntakeSlots


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
        counties = township_counties(sl.place) if key == "ask_where_county" else []
        if counties:
            # "北城街道": 牡丹区 and 单县 both have one; which, never guessed (trial9 N03)
            township = sl.place.township or ""
            text = ctx.say("ask_where_county_of", counties="、".join(counties), township=township)
            return [Reply(text=text)]
        return [Reply(text=ctx.say(key))]
    if not sl.thing_asked and thing_piece(plain(sl.matter)):
        # "路灯" and where it is, nothing of what happened to it: asked once (trial17)
        sl.thing_asked = True
        flow.step = "what"
        return [Reply(text=ctx.say("ask_thing", thing=mask(sl.matter)))]
    checked = sl.place.address() == sl.town_checked
    if not checked and (foreign := foreign_town(sl.place)) is not None:
        # "牡丹区 园艺街道": 园艺街道 is 单县's; which was meant, asked once a place given
        # (trial10 N12); an answer not understood leaves the place as said
        sl.town_checked, sl.town_asked = sl.place.address(), foreign[0]
        flow.step = "where"
        said = ctx.say("ask_where_town_county", township=foreign[1], county=foreign[2])
        return [Reply(text=said)]
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
        if (kind := own_kind(sl.matter)) is not None and sl.place.township:
            # "俺们小区的垃圾没人清": its name, asked by its kind (trial10 N15)
            return [Reply(text=ctx.say("ask_where_own", kind=kind))]
        return [Reply(text=ctx.say(key))]
    contact = _contact_question(sl, ctx)
    reuse = _reuse(s, sl) if contact is not None else None
    # still at "since when?" and not asked: it was answered by a correction of the place
    # (「不对 是东头」), so it is asked once more whatever the turns (trial17 conversation 02)
    again = flow.step == "since"
    if (
        sl.since is None
        and not sl.since_asked
        and (th.ask_since or again or _room_for_since(s, sl, ctx))
    ):
        sl.since_asked = True
        flow.step = "since"
        return [Reply(text=ctx.say("ask_since"))]
    if reuse is not None:
        sl.reuse_asked = sl.reuse_open = True
        flow.step = "contact"
        return [Reply(text=ctx.say("ask_contact_reuse", contact=reuse))]
    if contact is not None:
        sl.contact_asks += 1
        flow.step = "contact"
        return [Reply(text=ctx.say(contact))]
    if sl.contact_phone is None and not sl.anonymous and not sl.phone_refused:
        # asked and not given: no order goes out without a phone and not 匿名 (trial12
        # P14); said so plainly, a phone may still be sent before the confirmation
        sl.anonymous = True
        return [Reply(text=ctx.say("contact_none_anonymous")), *read_back(s, flow, ctx)]
    return read_back(s, flow, ctx)


#: how many times a message that told something else may leave the contact question uncounted
UNCOUNTED_CONTACT = 2


def uncount(
    sl: IntakeSlots,
    matter: str,
    name: str | None,
    place: object,
    since: str | None,
    *,
    talk: bool,
) -> None:
    """At the contact question, a message that told something else (the place, since when,
    more of the matter), talk with no contact in it (``talk``), or a name alone is no
    failed answer: the question is asked again uncounted (the phone alone once the name is
    known), at most ``UNCOUNTED_CONTACT`` times; only a refusal (匿名, 不留了) makes the
    appeal anonymous (trial17 01, 33). The same name again is an answer that failed."""
    other = talk or sl.matter != matter or sl.place != place or sl.since != since
    named = sl.name is not None and sl.name != name
    if (other or named) and sl.contact_uncounted < UNCOUNTED_CONTACT:
        sl.contact_uncounted += 1
        sl.contact_asks = max(sl.contact_asks - 1, 0)


def _reuse(s: DialogState, sl: IntakeSlots) -> str | None:
    """The contact given for an earlier order in this conversation, as offered again
    ("刘伟 150****5678", masked as the read-back is), when nothing of the contact is told
    for this one; asked once (trial17 16). None otherwise."""
    told = sl.name or sl.phone or sl.anonymous or sl.phone_refused
    if told or sl.reuse_asked or not s.memory.phone:
        return None
    return " ".join(p for p in (s.memory.name, mask_phone(s.memory.phone)) if p)


#: "用", "还用这个", "就用刚才的": the contact given before, kept
_KEEP = re.compile(r"^(?:还|就|那就|那)?用(?:吧|这个|那个|刚才的?|原来的?|之前的?)?(?:吧|号码?)?$")


#: "不用", "不用了", "换一个": not the contact offered (no refusal of any contact)
_NOT_THAT = re.compile(
    r"^(?:不用|不用了|不了|不是|换一?个(?:号码?|电话)?|换号|不用那个|用新的)(?:吧|了)?$"
)


def reuse_answer(s: DialogState, sl: IntakeSlots, r: Reading) -> Actions | None:
    """The answer to "还用刚才留的…吗？": yes, the earlier name and phone taken (no
    reply of its own: the next question follows); no, the contact asked afresh; None
    when the message told the contact or something else (read as usual; the offer made
    again after a place or a time told, within ``UNCOUNTED_CONTACT``). A yes to a contact
    question asked after the offer still means the contact offered."""
    was_open, sl.reuse_open = sl.reuse_open, False
    if sl.name or sl.phone or sl.anonymous or sl.phone_refused or not s.memory.phone:
        return None
    if was_open and _NOT_THAT.match(r.plain) is not None:
        return []  # "不用了" to the offer: not that contact (匿名 said as such is a refusal)
    if r.phone is not None or r.name is not None or r.anonymous or r.phone_refused:
        return None
    if r.has_facts or r.matter:
        if was_open and sl.contact_uncounted < UNCOUNTED_CONTACT:
            sl.contact_uncounted += 1
            sl.reuse_asked = False  # something else told: the offer made again after it
        return None
    if r.yes is True or _KEEP.match(r.plain) is not None:
        sl.phone, sl.name = s.memory.phone, s.memory.name
        return []
    return [] if r.yes is False and was_open else None


def _contact_question(sl: IntakeSlots, ctx: DialogContext) -> str | None:
    """The contact question still to ask (its wording key), or None."""
    caller = sl.channel_phone is not None and sl.phone is None and not sl.name
    if caller and ctx.ask_caller and not sl.anonymous and sl.contact_asks == 0:
        # the caller's line: their name, and whether the result may go to it
        return "ask_contact_channel"
    if (
        sl.contact_phone is None
        and not sl.anonymous
        and not sl.phone_refused
        and sl.contact_asks < ctx.thresholds.max_contact_asks
    ):
        if sl.name:
            return "ask_contact_phone"
        if sl.contact_asks == 0:
            # asked again after something else told: shorter, never the same long words
            return "ask_contact" if sl.contact_uncounted == 0 else "ask_contact_again"
        if sl.contact_uncounted >= UNCOUNTED_CONTACT:
            # the last ask offers 匿名 in so many words, never assumed unsaid (trial17 01)
            return "ask_contact_last"
        return "ask_contact_phone"  # an answer without the phone ("名字就不说了")
    return None


def _room_for_since(s: DialogState, sl: IntakeSlots, ctx: DialogContext) -> bool:
    """ "Since when?" is optional (the read-back shows it for correction); a call-taker
    asks it of an appeal that went quickly, the matter and the place told at once: when
    its answer, the contact still to ask and the read-back keep the conversation within
    ``Thresholds.order_turns`` citizen turns. Never of a policy question (no scene) nor
    after an earlier order in the same conversation (the turns are spent)."""
    if sl.question:
        return False
    still = 1 + (_contact_question(sl, ctx) is not None) + 1  # since, contact, read-back
    return s.turns + still <= ctx.thresholds.order_turns


# the citizen's own household or village ("俺家的低保", "我们村的补贴")
_HOUSEHOLD = re.compile(r"(?:俺|我|咱)(?:们)?(?:家|村|庄|屯)")


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
    elif sl.phone_refused and parts:
        return f"{parts[0]}{ctx.say('no_phone_label')}"  # "李建国（未留电话）"
    return " ".join(parts) or ctx.say("summary_unknown")


def read_back(s: DialogState, flow: IntakeFlow, ctx: DialogContext) -> Actions:
    """The summary to confirm, with 确认提交 / 需要修改."""
    sl = flow.slots
    flow.step = "confirm"
    if sl.lead_matter is None or not sl.matter.startswith(sl.lead_matter):
        # the matter read back first (or as corrected): what the unit is chosen by (P11)
        sl.lead_matter = sl.matter
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


#: the same question is asked at most this many times in a row; then the bot moves on
SAME_ASKS = 2


def no_loop(s: DialogState, acts: Actions, ctx: DialogContext, *, counted: bool = True) -> Actions:
    """Never the same slot question a third time in a row (a citizen who refuses the
    contact in words nobody foresaw, or answers past the question): the bot moves on, the
    contact and since when left 未说明, a place or a matter never told going to an agent."""
    flow = s.flow
    if not isinstance(flow, IntakeFlow) or not counted:
        return acts  # an empty message (a sticker the channel dropped) is no answer
    sl = flow.slots
    asked = [a.text for a in acts if isinstance(a, Reply)]
    if flow.step not in ("what", "where", "since", "contact") or not asked:
        sl.last_ask, sl.same_asks = None, 0
        return acts
    # the same words asked of the same slots: nothing learnt since the last ask (a citizen
    # adding to the matter while "where?" is asked again is no loop)
    known = (sl.matter, sl.place, sl.since, sl.name, sl.phone, sl.anonymous)
    digest = hashlib.sha256(repr(known).encode()).hexdigest()[:12]  # stable across processes
    key = f"{flow.step}:{asked[-1]}:{digest}"
    if key != sl.last_ask:
        sl.last_ask, sl.same_asks = key, 1
        return acts
    sl.same_asks += 1
    if sl.same_asks <= SAME_ASKS:
        return acts
    sl.last_ask, sl.same_asks = None, 0
    kept = [a for a in acts if not (isinstance(a, Reply) and a.text == asked[-1])]
    if flow.step == "what":
        return kept + handoff(s, "matter_unclear", ctx)
    if flow.step == "where":
        sl.where_asks = max(sl.where_asks, ctx.thresholds.max_where_asks)
        sl.detail_asked = True
    elif flow.step == "since":
        sl.since_asked = True
    else:
        sl.contact_asks = ctx.thresholds.max_contact_asks  # 联系方式：未说明
    return kept + next_question(s, flow, ctx)
