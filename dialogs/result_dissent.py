"""Dissatisfaction with the result of an order whose progress was just told (trial12 P15).

「俺想反映一下 这个处理结果俺不满意」 after 「查询HZ…」 showed the unit's result is said of
that order: the citizen's evaluation (第十七条 回访, as after a unit's reply on WeChat),
never a new appeal asking "where did it happen?". The rating is recorded when the case
store takes it (the order replied, filed from this chat, not yet rated); a person of the
centre follows it up in any case, the order named (the agent sees it), since an order
filed elsewhere or rated before is not this chat's to rate.
"""

from __future__ import annotations

from datetime import timedelta

from dialogs.common import Actions, mask, order_handoff
from dialogs.context import DialogContext
from dialogs.model import RecordEvaluation, UserMessage
from dialogs.reading import Reading
from dialogs.state import DialogState
from nlu.regate import gated

__all__ = ["result_dissent"]

#: how long after the progress answer "这个结果" still points at it
TOLD_WINDOW = timedelta(minutes=30)

# the result, the handling or the answer of the order named as "this" one
_ABOUT_RESULT = gated(
    r"结果|处理|办理|办的|办得|答复|回复|这么办|这样办|这个事|这事|这个单|工单|反馈"
)
_DISSENT = gated(
    r"不满意|不太满意|不认可|不接受|不服|不同意|糊弄|敷衍|瞎办|没解决|没有解决|不解决|"
    r"(?:结果|处理|办得|办的|答复)(?:得)?(?:太|真|也|很)?(?:不行|不好|太差|很差|差劲)|"
    r"(?:根本|压根|还是|也|都)(?:就)?没(?:有)?人?(?:修|处理|解决|管|来|清|动静)"
)


def result_dissent(
    s: DialogState, ev: UserMessage, r: Reading, ctx: DialogContext
) -> Actions | None:
    """The rating and a person's follow-up when ``r`` says the result of the order told
    last is not satisfying; None when it says something else (a new matter with a place,
    a phone, another order's number)."""
    number, at = s.memory.told_order, s.memory.told_at
    if number is None or at is None or ev.at - at > TOLD_WINDOW:
        return None
    if r.place is not None or r.phone is not None or r.order_number not in (None, number):
        return None
    p = r.plain
    if _DISSENT.search(p) is None or _ABOUT_RESULT.search(p) is None:
        return None
    s.memory.told_order = s.memory.told_at = None
    reason = mask(r.text[:500])
    about = f"诉求人对工单{number}的处理结果不满意：{reason}"
    return [
        RecordEvaluation(number=number, satisfaction="unsatisfied", reason=reason),
        *order_handoff(
            s, "result_unsatisfied", ctx, number=number, lead="result_unsatisfied", about=about
        ),
    ]
