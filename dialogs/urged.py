"""催办 after a progress answer (trial14 T11, T19): 「恁这办得也太慢了 啥时候能有人来管」,
「咋还没人来」, 「都半个月了还没动静」, 「能不能快点」 right after 「查询HZ…」 told an open
order's progress are about that order: the urging is recorded on it (an ``urge`` event
the unit sees, :meth:`casebridge.intake.CaseService.record_urging`) and the citizen told
so, never a knowledge-base article on time limits nor a new appeal asking "where?".
"""

from __future__ import annotations

from dialogs.common import Actions, mask
from dialogs.context import DialogContext
from dialogs.model import RecordUrging, Reply, UserMessage
from dialogs.reading import Reading, plain
from dialogs.result_dissent import TOLD_WINDOW
from dialogs.state import DialogState, IntakeFlow
from nlu.regate import gated

__all__ = ["urged", "urges"]

# slowness, nobody come yet, a wish for haste: about the order just told
_URGE = gated(
    r"太慢|(?:这么|真|忒|恁|也太|咋这么|怎么这么)慢|慢(?:死|得很|吞吞)|磨蹭|拖(?:拉|着|了)|"
    r"(?:咋|怎么|为啥|为什么)?还(?:没|不)(?:有)?人?(?:来|管|修|处理|办|动)|"
    r"(?:没|没有)(?:人)?(?:来|管|动静|消息|回音|信儿)|没人(?:来|管|理)|"
    r"(?:快点|快些|尽快|赶紧|抓紧|早点)|催(?:催|一下|一催|办)?|"
    r"(?:啥|什么)时候(?:能|才|可以)?(?:有人)?(?:来|管|修|办|处理|解决|弄)|"
    r"(?:多久|多长时间|几天)(?:能|才|可以)?(?:来|管|修|办好|办完|处理|解决)|等(?:了)?(?:这么久|半天|好久)"
)


def urges(r: Reading) -> bool:
    """``r`` says the order takes too long or asks for haste (and tells nothing new)."""
    if r.place is not None or r.phone is not None or r.turned or r.cancel or r.thanks:
        return False
    return _URGE.search(r.plain) is not None


def repeat_urged(s: DialogState, r: Reading, number: str | None, ctx: DialogContext) -> Actions:
    """A matter found to be the citizen's earlier order ``number`` (第十三条(三)) and told
    with 「咋还没人管」 (trial14 T19): the urging recorded on it and one line that says
    so, before its progress; the plain repeat line when nothing urges."""
    matter = s.flow.slots.matter if isinstance(s.flow, IntakeFlow) else ""
    said = plain(f"{matter} {r.text}")
    if number is None or _URGE.search(said) is None:
        return [Reply(text=ctx.say("repeat_matter"))]
    return [
        RecordUrging(number=number, text=mask(matter or r.text)[:500]),
        Reply(text=ctx.say("repeat_urged", number=number)),
    ]


def urged(s: DialogState, ev: UserMessage, r: Reading, ctx: DialogContext) -> Actions | None:
    """The urging recorded on the order told last (within 30 minutes) and the citizen
    told; None when ``r`` is no urging of it (another order's number, a new matter)."""
    number, at = s.memory.told_order, s.memory.told_at
    if number is None or at is None or ev.at - at > TOLD_WINDOW or s.memory.told_result:
        return None  # a result told: "还没人来" is said of it (dialogs.result_dissent)
    if r.order_number not in (None, number) or not urges(r):
        return None
    return urge(number, r.text, ctx)


def urge(number: str, text: str, ctx: DialogContext) -> Actions:
    """Record 催办 on ``number`` and tell the citizen (also for a repeat, T19)."""
    return [
        RecordUrging(number=number, text=mask(text[:500])),
        Reply(text=ctx.say("urge_recorded", number=number)),
    ]
