"""An order's progress (第九条): the number, the phone check, the answer and its
result, a rating asked for a replied order (moved from ``dialogs.lookups``).

A turn function returns ``None`` when the message is not an answer to its prompt (a new
matter, a question): the engine then ends the flow and reads the message afresh.
"""

from __future__ import annotations

import re

from dialogs.common import Actions, fmt_dt, go_idle, handoff
from dialogs.context import DialogContext
from dialogs.evaluation import ask_rating
from dialogs.model import FindOrders, LookupOrder, OrderFound, Reply, UserMessage
from dialogs.own_orders import choose_again, picked
from dialogs.reading import Reading, digits, fold, has_word, only
from dialogs.resume import back_to_intake, leave
from dialogs.state import DialogState, IntakeSlots, IntakeStep, ProgressFlow, ProgressSlots
from dialogs.urge_earlier import urge_by_phone
from dialogs.urged import urge

__all__ = ["on_order_found", "progress_turn", "start_progress"]

_LAST4 = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
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
    left = leave(s, r, ctx)
    if left is not None:
        return left
    if flow.step == "choose":
        return choose_again(s, flow, r, ctx)
    if flow.step == "number":
        if r.dont_know or only(r.plain, ctx.wording.words("none")) or _NO_NUMBER.search(r.plain):
            # "单号忘了": an agent finds the order by the citizen's phone or matter
            return handoff(s, "progress_without_number", ctx, lead="progress_no_number")
        if flow.slots.urge is not None and r.phone is not None:
            # the phone the earlier order was left with: an agent finds it to urge it
            return urge_by_phone(s, r.phone, ctx)
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
    urged = flow.slots.urge if isinstance(flow, ProgressFlow) else None
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
    s.memory.told_result = bool(ev.result)
    acts: Actions = [Reply(text=text)]
    if urged is not None and not ev.result:
        # "俺之前反映过 还没人管": 催办 recorded on the order found (第十三条(三), trial17)
        acts += urge(ev.number, urged, ctx)
    if back is not None:
        return acts + back_to_intake(s, back, ctx)  # its rating when the unit's reply is told
    if ev.can_evaluate:
        acts.append(ask_rating(s, ev.number, ctx))
    return acts
