"""The citizen's rating of a replied order (第十七条 回访), moved from
``dialogs.lookups``: 满意 / 基本满意 / 不满意, and the reason of an unsatisfied one.
"""

from __future__ import annotations

import re

from dialogs.common import Actions, go_idle, mask, offer
from dialogs.context import DialogContext
from dialogs.model import RecordEvaluation, Reply
from dialogs.reading import Reading, plain
from dialogs.resume import leave
from dialogs.state import DialogState, EvaluateFlow, EvaluateSlots

__all__ = ["ask_rating", "evaluate_turn"]

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
    left = leave(s, r, ctx)
    if left is not None:
        return left
    if flow.slots.asks >= 1 or r.matter or r.question:
        return None  # not a rating: the citizen moved on
    flow.slots.asks = 1
    qr = offer(s, [(o.payload, o.title) for o in s.memory.offered])
    return [Reply(text=ctx.say("ask_rating_again"), quick_replies=qr)]
