"""A matter the citizen says was told to the hotline before, without its order number
(trial10 F13, 第十三条(三) 重复诉求): 「俺上个月报过一回下水道的事 到现在还没人来修 咋回事」.

The matter is taken down again (the repeat check links it to the earlier order once the
phone is given, ``dialogs.asides.repeat_found``), and the citizen is told first how to
follow the earlier order (「查询+工单编号」): never a fresh intake as if nothing had been said.

Told before to the hotline: a verb of reporting with 过 or a count (反映过, 投诉两回了, 打过
电话, 报过一回); said to someone else (找物业反映过, 跟邻居说过好几次) is no earlier appeal.
"""

from __future__ import annotations

from dialogs.common import Actions
from dialogs.context import DialogContext
from dialogs.model import Reply
from dialogs.reading import Reading
from nlu.regate import gated

__all__ = ["told_before", "told_before_lead"]

_TIMES = (
    r"(?:一回|一次|一遍|两回|两次|两遍|三回|三次|几回|几次|好几回|好几次|好多回|好多次|多次|"
    r"[0-9]+[回次遍])"
)
_VERB = (
    r"(?:反映|反应|投诉|举报|报修|登记|留言|报(?![过了]?(?:警|销|名|道|纸|价|案|税))|"
    r"打(?:了|过)?(?:电话|热线|12345)|打(?=过" + _TIMES + r"?(?:电话|热线|12345)))"
)
# a verb of reporting done before: with 过 or a count ("反映过", "投诉两回了", "打过电话")
_TOLD = gated(
    _VERB + r"过" + _TIMES + r"?|" + _VERB + r"了?" + _TIMES + r"|不是第一次(?:反映|投诉|打)"
)
# told to someone other than the hotline ("找物业反映过", "跟村里说了好几回", "向社区反映过")
_ELSEWHERE = gated(
    r"(?:找|跟|给|向|和|到)(?!你们|恁们?|您们?|热线|12345|政府|这儿|这里)[\u4e00-\u9fff]{1,6}$"
)


def told_before(r: Reading) -> bool:
    """True when the message tells its matter as one told to the hotline before, with no
    order number and not as a new one after an earlier one solved (``r.turned``)."""
    if not r.matter or r.order_number is not None or r.turned or r.thanks:
        return False
    for m in _TOLD.finditer(r.plain):
        if _ELSEWHERE.search(r.plain[max(0, m.start() - 8) : m.start()]) is None:
            return True
    return False


def told_before_lead(r: Reading, ctx: DialogContext) -> Actions | None:
    """The line that tells how to follow the earlier order, before the intake goes on;
    None when the message tells no earlier appeal."""
    return [Reply(text=ctx.say("told_before"))] if told_before(r) else None
