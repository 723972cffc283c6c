"""Progress asked in words, without a number (第九条 知情权, 第十三条(三)): the citizen's own
orders.

"查查俺那个工单到哪一步了", "上回反映的事咋样了", "我前几天打的那个有人管没": the gateway finds the
orders filed from this channel identity (:class:`~dialogs.model.FindOrders`); one is told
at once, several are listed to choose from (by its number in the list, its order number,
or by what it was about: "路灯那个"), none is said so, with the offer to look one up by its
number. Every prompt has its ways out (谢谢, 算了, a new matter: ``dialogs.progress``).
"""

from __future__ import annotations

import re

from dialogs.common import Actions, choice, offer
from dialogs.context import DialogContext
from dialogs.model import LookupOrder, OrdersFound, Reply
from dialogs.reading import Reading
from dialogs.state import DialogState, Listed, ProgressFlow
from nlu.subjects import shared, spots, subjects

# "2", "第二个", "第2件", "二": a place in the list
_ORDINAL = re.compile(r"^第?([1-9一二三四五六七八九两])(?:个|件|条|项|号)?(?:吧|吧?那个)?$")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# "最近那个", "最新的", "刚反映的": the newest
_NEWEST = re.compile(r"最近|最新|刚(?:才|反映|提交|打)|最后(?:那|一)")


def on_orders_found(s: DialogState, ev: OrdersFound, ctx: DialogContext) -> Actions:
    """The citizen's own orders: one told at once, several listed, none said so."""
    flow = s.flow
    if not isinstance(flow, ProgressFlow) or flow.step != "finding":
        return []
    if not ev.orders and s.memory.last_order is not None:
        # none indexed (no repeat detector), yet one filed in this conversation
        flow.step = "lookup"
        flow.slots.number = s.memory.last_order
        return [LookupOrder(number=s.memory.last_order, phone_last4=s.memory.last4)]
    if not ev.orders:
        flow.step = "number"
        flow.slots.asks = 1
        return [Reply(text=ctx.say("progress_none_own"))]
    if len(ev.orders) == 1:
        return look_up_own(flow, ev.orders[0].number)
    flow.step = "choose"
    flow.slots.choices = [Listed(number=o.number, summary=o.summary) for o in ev.orders]
    lines = [
        ctx.say(
            "progress_choice_item",
            index=i,
            summary=o.summary,
            date=f"{o.at.month}月{o.at.day}日",
            number=o.number,
        )
        for i, o in enumerate(ev.orders, 1)
    ]
    qr = offer(s, [(o.number, f"{i}. {o.summary[:10]}") for i, o in enumerate(ev.orders, 1)])
    text = ctx.say("progress_choose", count=len(ev.orders), items="\n".join(lines))
    return [Reply(text=text, quick_replies=qr)]


def look_up_own(flow: ProgressFlow, number: str) -> Actions:
    """The progress of one of the citizen's own orders (the channel identity is the proof)."""
    flow.step = "lookup"
    flow.slots.number = number
    flow.slots.choices = []
    return [LookupOrder(number=number, own=True)]


def picked(s: DialogState, flow: ProgressFlow, r: Reading) -> Actions | None:
    """The listed order the citizen chose, looked up; None when the answer names none."""
    listed = flow.slots.choices
    number = _pick(s, listed, r)
    if number is None:
        return None
    return look_up_own(flow, number)


def _pick(s: DialogState, listed: list[Listed], r: Reading) -> str | None:
    numbers = [o.number for o in listed]
    chosen = choice(s, r.text)
    if chosen in numbers:
        return chosen
    if r.order_number in numbers:
        return r.order_number
    m = _ORDINAL.match(r.plain)
    if m is not None:
        index = int(m.group(1)) if m.group(1).isdigit() else _DIGITS[m.group(1)]
        return numbers[index - 1] if 1 <= index <= len(numbers) else None
    if _NEWEST.search(r.plain) and len(r.plain) <= 10:
        return numbers[0]
    # by what it was about ("路灯那个", "小区停水的事"): the one listed order it names
    told, where = subjects(r.text), spots(r.text)
    if told:
        about = [o.number for o in listed if shared(told, subjects(o.summary))]
        if len(about) == 1:
            return about[0]
    if where and not told:  # a new thing at a listed place is a new matter, no choice
        at = [o.number for o in listed if any(w in o.summary for w in where)]
        if len(at) == 1:
            return at[0]
    return None


def choose_again(
    s: DialogState, flow: ProgressFlow, r: Reading, ctx: DialogContext
) -> Actions | None:
    """Not a choice: asked once more in other words; a matter, a question or a second
    miss is read afresh (None)."""
    if r.matter or r.question or flow.slots.asks >= 1:
        return None
    flow.slots.asks += 1
    listed = flow.slots.choices
    qr = offer(s, [(o.number, f"{i}. {o.summary[:10]}") for i, o in enumerate(listed, 1)])
    return [Reply(text=ctx.say("progress_choose_again", count=len(listed)), quick_replies=qr)]
