"""An earlier appeal urged without its number (第十三条(三) 重复诉求, trial17): 「俺之前反映过
还没人管」, 「都反映好几回了 到现在也没人来」 with nothing of what it was about.

No new order is opened with those words as its matter: the earlier order is looked for,
by its number (then the usual phone check, and the 催办 recorded on it with its progress:
:func:`dialogs.progress.on_order_found`) or by the phone it was left with (a phone is no
proof to list a citizen's orders: an agent finds it and urges it). A matter told with the
words (「上个月报过一回下水道的事 还没人修」) is a matter told again: ``dialogs.told_before``.
"""

from __future__ import annotations

from dialogs.common import Actions, handoff
from dialogs.context import DialogContext
from dialogs.model import Reply
from dialogs.reading import Reading, content_len
from dialogs.state import DialogState, IntakeFlow, IntakeSlots, ProgressFlow, ProgressSlots
from nlu.regate import gated

__all__ = ["earlier_urged", "start_urge", "urge_by_phone"]

# a report made before ("之前反映过", "上回打过电话", "俺都反映好几回了", "不是第一次反映了")
_VERB = r"(?:反映|反应|投诉|打电话|打热线|打12345|报|说|登记|留言)"
_COUNT = r"(?:好几|几|一|两|三|多|好多)(?:回|次|遍)"
_TOLD = gated(
    r"(?:之前|以前|上回|上次|前些天|前几天|前阵子|早就|早|都|已经|去年|上个月|上礼拜|上周)?(?:"
    + _VERB
    + r"(?:过(?:"
    + _COUNT
    + r")?|了?"
    + _COUNT
    + r")了?|"
    + _VERB
    + r"了(?=[\s，,]|$)|"
    r"不是第一次(?:反映|投诉|打)|打过(?:电话|热线|12345)了?)"
)
# nobody came, nothing happened ("还没人管", "一直没动静", "到现在也没人来")
_NOBODY = gated(
    r"(?:还|也|一直|到现在|至今|咋|怎么)?(?:没|没有|不见)(?:人)?(?:管|来|修|处理|理|动静|消息|回音|信儿|解决|弄)|"
    r"没人(?:管|来|理|问)|还是(?:老样子|没弄|没修|那样)"
)
# what is left once those words are gone: a matter of its own if it names anything
_FILLER = gated(
    r"[我俺咱]们?|恁们?|你们?|您|这个|那个|这|那|事儿?|事情|问题|的|了|啊|呀|咋|怎么|回事|也|都|还|就|"
    r"呢|吧|嘛|到现在|一直|现在|至今|咋办|怎么办|给|谁"
)


def earlier_urged(r: Reading) -> bool:
    """ "俺之前反映过 还没人管": an earlier appeal urged, no order number, nothing of its
    matter said (what it was about would make it a matter told again, ``told_before``)."""
    if r.order_number is not None or r.phone is not None or r.place is not None:
        return False
    p = r.plain
    told = _TOLD.search(p)
    if told is None or _NOBODY.search(p) is None:
        return False
    rest = _FILLER.sub("", _NOBODY.sub("", _TOLD.sub("", p)))
    return content_len(rest) <= 1


def start_urge(s: DialogState, r: Reading, ctx: DialogContext) -> Actions:
    """The earlier order asked for by its number or the phone left with it, to urge it."""
    s.flow = ProgressFlow(slots=ProgressSlots(urge=r.text[:200], asks=1))
    s.memory.offered = []
    return [Reply(text=ctx.say("urge_earlier_ask"))]


def urge_by_phone(s: DialogState, phone: str, ctx: DialogContext) -> Actions:
    """The phone the earlier order was left with: an agent finds that order by it and urges
    it (a phone is no proof to list a citizen's orders here: 第九条 知情权 goes by number and
    phone check); the agent sees the phone and the citizen's words."""
    flow = s.flow
    said = flow.slots.urge if isinstance(flow, ProgressFlow) else None
    s.flow = IntakeFlow(
        slots=IntakeSlots(phone=phone, matter=f"催办此前反映的事项（未提供工单编号）：{said or ''}")
    )
    return handoff(s, "urge_earlier_by_phone", ctx, lead="urge_by_phone")
