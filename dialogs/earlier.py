"""A progress query about the citizen's own earlier appeal, told in words (issue 12,
trial8 F13, trial9 F13): the earlier appeal referred to ("上回打12345说的那个事",
"前几天俺反映的路灯", "俺上礼拜打热线反映的") and its status asked or complained of
("咋还没信儿", "到今儿也没人管", "一直没个回音"). Used by :func:`dialogs.reading.read`.
"""

from __future__ import annotations

from nlu.regate import gated

__all__ = ["asks_progress"]

# when it was told, looking back ("上回", "前些天", "上个礼拜")
_BACK = (
    r"(?:之前|以前|先前|早先|上次|上回|上一回|前几天|前两天|前些天|前些日子|前段时间|前一阵子?|前阵子|"
    r"前天|昨天|上个?月|上个?礼拜|上个?星期|上周|去年|头些天|那天)"
)
_TOLD = r"(?:反映|反应|投诉|举报|报修|报|说|登记|留言|提|打电话|打热线|打12345)"
# "我要查个工单", "帮俺查查单子": looking an order up
_LOOK_UP = gated(
    r"查(?:一下|下|个|询|查|一查)?(?:(?:我|俺|咱)们?的?|一个)?(?:那个|这个|的)?"
    r"(?:工单|单子|单号|诉求|办理)"
)
# "俺前几天反映的那个事", "反映的那个噪音的事": an earlier appeal referred to
_REFERS_BACK = gated(
    r"(?:反映|投诉|举报|报|说|登记|打电话|留言|提)(?:过)?的(?:那个|那件|这个|这件|那|这)?"
    # "反映的那个噪音的事": what it was about, named on the way (trial8 F13)
    r"(?:(?:(?!是)[\u4e00-\u9fff]){1,6}?的)?(?:事|问题|情况|诉求|工单|单子)"
)
# "我反映的红绿灯", "上回打12345说的", "前些天留言反映的噪音", "俺之前打热线说的下水道":
# the citizen's own earlier matter, told then (and how: by phone, online, a message)
_MINE_BEFORE = gated(
    rf"(?:(?:我|俺|咱)(?:们|家)?{_BACK}?|{_BACK})[\u4e00-\u9fff0-9a-z]{{0,8}}?{_TOLD}(?:过)?的|"
    # "我前几天打的那个": the call made about it
    rf"(?:我|俺|咱)(?:们)?{_BACK}(?:打|提|留)(?:过)?的那(?:个|件)"
)
# "俺那个事", "上次的事", "我前两天的投诉", "你们处理到哪了": the citizen's own earlier
# matter without a word of what it was (a short message, with its status asked)
_EARLIER_THING = gated(
    r"(?:(?:我|俺|咱)(?:们|家)?|上次|上回|之前|以前|前几天|前两天|前些日子|前段时间|上个?月|"
    r"上周|上礼拜)(?:的|那个|那件|那|这个|说的|反映的|投诉的|报的)*"
    r"(?:事儿?|事情|问题|投诉|诉求|工单|单子)(?!是|就是)|(?:处理|办|弄|修)到(?:哪|啥)|"
    r"查(?:一下|下|查|询)?(?:我|俺|咱)们?(?:反映|投诉|报|说)的"
)
_STATUS = gated(
    # "到现在也没人来", "怎么还没人来处理": nobody came yet, asked after (催办, trial8 F13)
    r"(?:还|也|都|一直)(?:是)?没(?:有)?(?:人|见人)(?:来|管|处理|理|联系|问|上门)|"
    # "咋还没信儿", "一直没个回音", "到今儿也没个说法": no word of it yet (trial9 F13)
    r"(?:还|也|都|一直|咋|怎么|为啥|为什么|至今|仍然?)(?:是)?(?:没|不见)(?:有)?(?:个|一点|点)?"
    r"(?:信儿?|消息|动静|回音|下文|回复|回话|结果|音信|说法|答复|反馈|准信|进展|人)|"
    # "怎么还不来修", "咋还不给办": still not done, asked why
    r"(?:咋|怎么|为啥|为什么)(?:还|也|到现在|到今儿个?)(?:是)?(?:没|不)(?:有)?(?:人)?(?:来|给|修|管|办|弄|"
    r"处理|回|联系|解决)|"
    r"咋样|怎么样|怎样|如何了|进展|进度|有结果|结果呢|结果怎|有人管[了没吗]|到哪一?步|"
    r"有信儿?[了没吗]|有准信|到哪|查查|(?:到)?(?:啥|什么)(?:程度|地步|进度)|"
    r"处理了?[吗没]|办了?[吗没]|办没办|回复了?[吗没]|有回复|有消息|消息[吗呢]|动静|下文|"
    r"回音|解决了?[吗没]|修了?[吗没]|修好了?[吗没]|修没修|弄好了?[吗没]|弄了?[吗没]|管了?[吗没]"
)


def asks_progress(p: str, progress_word: bool, order_number: bool, asked_by_nlu: bool) -> bool:
    """True when ``p`` (plain text) asks after the citizen's own order: its words
    ("查询", "进度", "查个工单") with a number, the NLU's reading or a short text; or an
    earlier appeal referred to and its status asked after."""
    looked = progress_word or _LOOK_UP.search(p) is not None
    if looked and (order_number or asked_by_nlu or len(p) <= 16):
        return True
    status = _STATUS.search(p) is not None
    if status and (_REFERS_BACK.search(p) is not None or _MINE_BEFORE.search(p) is not None):
        return True
    return len(p) <= 20 and status and _EARLIER_THING.search(p) is not None
