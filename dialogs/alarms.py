"""第十三条(一) in the dialogue: which alarms of the NLU transfer, which become a safety
line, and which are read out of context (a bare answer to the intake's question).

The NLU's rules always transfer; an alarm of its model alone below
``Thresholds.model_alarm_min_score`` is told as a safety line and the conversation goes
on; a model-only alarm on a message that only answers the open question (a name and a
phone, a place, "俺不留名了") describes no danger and is dropped. Without an NLU result
the wording table's emergency words decide.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta

from dialogs.common import SERVICE_NAMES, Actions, go_idle
from dialogs.context import DialogContext
from dialogs.intake import EXPECTING, add_matter, facts_from, reask, start_intake
from dialogs.model import Reply, UserMessage
from dialogs.reading import Reading, content_len, fold, read
from dialogs.spoken import PLACE_NOUN, PROBLEM
from dialogs.state import (
    DialogState,
    IntakeFlow,
    IntakeSlots,
    KnowledgeFlow,
    Place,
    ProgressFlow,
)
from nlu.types import NluResult, TriageOutcome

__all__ = [
    "alarm_facts",
    "borderline",
    "calls_the_number",
    "emergency",
    "matter_kept",
    "only_an_answer",
    "out_of_context_alarm",
    "told_reason",
    "unsure_alarm",
]

_LANDMARK = re.compile(
    rf"{PLACE_NOUN.pattern}|河|桥|沟|渠|湖|塘|坑|边|旁|头|口|东|西|南|北|对面|附近|门前|后面"
)
PHONE_DIGITS = re.compile(r"[+＋]?[0-9０-９][0-9０-９\s\-－]{5,}[0-9０-９]")


def emergency(
    nlu: NluResult | None, text: str, ctx: DialogContext
) -> tuple[tuple[str, ...], str] | None:
    """The numbers to tell (first one transferred) and the reason, for an emergency."""
    if nlu is not None:
        tri = nlu.triage
        if unsure_alarm(nlu, ctx):
            return None  # told as a safety line instead (see borderline)
        if tri is not None and tri.outcome == TriageOutcome.EMERGENCY:
            told = [x for x in (tri.services or (tri.service or "110",)) if x in SERVICE_NAMES]
            return tuple(dict.fromkeys(told or ["110"])), tri.reason
        return None
    # no NLU: be conservative and look for the plainest emergency words ourselves
    for service in ("119", "120", "122", "110"):
        hit = next((w for w in ctx.wording.words(f"emergency_{service}") if w in text), None)
        if hit is not None:
            return (service,), f"keyword:{hit}"
    return None


#: How the NLU's reasons word a transfer (「已为您转接122」, 「正在为您转接119」): true of the
#: phone line, which dials the number; a text channel has only told it.
_PUT_THROUGH = re.compile(r"(?:已|正在)?为您转接(?=\d{3})")


def told_reason(reason: str) -> str:
    """``reason`` as a text channel's record says it: the number told, not put through
    (「…已为您转接122」 -> 「…已告知122」; trial11 N05). Other words are kept."""
    return _PUT_THROUGH.sub("已告知", reason)


def unsure_alarm(nlu: NluResult, ctx: DialogContext) -> bool:
    """An emergency found by the NLU's model alone, below the centre's bar
    (``Thresholds.model_alarm_min_score``); the NLU's rules always transfer."""
    found = nlu.emergency
    return (
        found is not None
        and found.level == "emergency"
        and found.source != "rule"
        and found.score < ctx.thresholds.model_alarm_min_score
    )


def borderline(nlu: NluResult | None, ctx: DialogContext) -> Actions:
    """A possible danger not confirmed (``NluResult.emergency.level == "borderline"``, or a
    model-only alarm below the bar): the numbers at once as a safety line, then the
    dialogue goes on, so a genuine appeal is never dropped for an uncertain alarm."""
    found = nlu.emergency if nlu is not None else None
    if found is None or nlu is None:
        return []
    if found.level != "borderline" and not unsure_alarm(nlu, ctx):
        return []
    numbers = [x for x in found.services if x in SERVICE_NAMES] or ["110", "119", "120"]
    return [Reply(text=ctx.say("safety_line", services="/".join(numbers)))]


def only_an_answer(s: DialogState, text: str, nlu: NluResult, ctx: DialogContext) -> bool:
    """True when ``text`` answers the intake's open question with nothing but the slot's
    value ("李村镇赵王河边上", "刘志刚 151…"): it describes nothing, so a danger the NLU's
    model alone finds in it is read out of context (its rules still count)."""
    flow = s.flow
    if not isinstance(flow, IntakeFlow) or flow.step not in ("where", "contact"):
        return False
    r = read(text, nlu, ctx.wording, expecting=EXPECTING[flow.step])
    if r.matter:
        return False
    n = content_len(text)
    if r.said_before or ((r.anonymous or r.name_refused) and n <= 10):
        return True  # "俺不留名了", "不想留电话 怕报复": a refusal, nothing described
    if (r.anonymous or r.phone_refused) and r.name is not None and n <= 24:
        return True  # "电话号码俺不说 你记上俺叫郑玉兰吧": a name and the phone refused (F11)
    if (r.dont_know or r.yes is not None) and n <= 5:
        return True  # "不知道", "对的": an answer word
    if not r.has_facts:
        return False
    where = r.place or Place()
    # any short answer to "where?" is taken as a detail: only a landmark-like one without
    # a problem word ("赵王河边", not "我家老人晕过去了") counts as nothing but a place
    detail = where.detail or ""
    spot = detail if _LANDMARK.search(detail) and not PROBLEM.search(detail) else None
    said = (r.name, r.since, where.county, where.township, where.village, spot)
    rest = PHONE_DIGITS.sub("", fold(text))
    for part in sorted((x for x in said if x), key=len, reverse=True):
        rest = rest.replace(fold(part), "")
    return content_len(rest) <= 3


def out_of_context_alarm(nlu: NluResult) -> NluResult:
    """``nlu`` without a model-only emergency finding (a rule's finding stays)."""
    found = nlu.emergency
    if found is None or found.source == "rule":
        return nlu
    tri = nlu.triage
    if tri is not None and tri.outcome == TriageOutcome.EMERGENCY:
        tri = None
    return dataclasses.replace(nlu, emergency=None, triage=tri)


def matter_kept(
    s: DialogState, ev: UserMessage, nlu: NluResult | None, ctx: DialogContext
) -> Actions:
    """After an emergency's numbers (trial9 N01 N10 N11): the ordinary matter is never lost.
    An intake under way with its matter goes on (its question asked again), one paused by
    a lookup or a question too; a matter told
    beside the emergency in the same message (``NluResult.beside``: "小区停电一下午了" before
    "俺爹被困在电梯里了") opens an intake of its own; otherwise the dialogue is idle."""
    flow = s.flow
    if isinstance(flow, ProgressFlow | KnowledgeFlow) and flow.slots.resume is not None:
        # an intake paused by a lookup or a question: back to it
        facts = flow.slots.facts
        if facts is not None and facts.matter:
            flow = IntakeFlow(step=flow.slots.resume, slots=facts.model_copy(deep=True))
            s.flow = flow
            s.memory.offered = []
    if isinstance(flow, IntakeFlow) and flow.slots.matter and flow.step != "submitting":
        # "熏得人喘不上气 衣服都不敢往外晾" after "砖厂天天冒黑烟" (trial11 N05): words
        # that raised the alarm and are classified like the matter describe it further,
        # kept as its 「（补充）」; another event ("俺家楼道里着火了" during a power cut) is
        # the emergency's alone
        r = read(ev.text, _calm(nlu, ev.text), ctx.wording, expecting=EXPECTING[flow.step])
        had, said = flow.slots.category, r.category
        same = had is not None and said is not None and had.level1 == said.level1
        notes = add_matter(flow.slots, r, ctx) if r.matter and same else []
        return notes + reask(s, flow, ctx)
    go_idle(s)
    calm = _calm(nlu, ev.text)
    calmed = ev.model_copy(update={"nlu": calm})
    r = read(ev.text, calm, ctx.wording)
    if nlu is None or not nlu.beside:
        # "路边有个井盖没了" answered with 122 (trial11 N05): kept a while, the appeal it
        # opens if the citizen goes on with one (:func:`alarm_facts`)
        if r.matter:
            facts = facts_from(calmed, r, ctx)
            facts.matter, facts.category = r.matter, r.category
            s.memory.alarmed, s.memory.alarmed_at = facts, ev.at
        return []
    # the order's content is the citizen's whole description (trial10 N02: 「有股子煤气味
    # 好几天了 也没人来查」): what raised the alarm is part of the matter, never cut off
    if not r.matter:
        return []
    return start_intake(s, calmed, r, ctx)


def _calm(nlu: NluResult | None, text: str) -> NluResult | None:
    """``nlu`` read as an ordinary message: no alarm, the whole ``text`` a matter."""
    if nlu is None:
        return None
    return dataclasses.replace(
        nlu, text=text, triage=None, emergency=None, beside=None, has_matter=True
    )


#: How long the words of an alarm wait for the appeal they may open (a citizen told the
#: number replies within a minute or two, or not about this matter).
ALARM_KEPT_SECONDS = 600
# the number called or to be called, or understood ("打了", "已经报警了", "知道了"): the
# emergency is in hand, no appeal goes on
_CALLED = re.compile(
    r"打了|打过|报警了|报了警|报过警|已经报|报过了|这就打|马上打|去打|知道了|明白了"
)


def alarm_facts(s: DialogState, r: Reading, at: datetime) -> IntakeSlots | None:
    """What the last message answered with the emergency numbers described, when ``r``
    (the next message, with no flow under way) goes on with an appeal within
    :data:`ALARM_KEPT_SECONDS`; None otherwise. Taken once (the memory is cleared)."""
    kept, when = s.memory.alarmed, s.memory.alarmed_at
    s.memory.alarmed, s.memory.alarmed_at = None, None
    if kept is None or when is None or at - when > timedelta(seconds=ALARM_KEPT_SECONDS):
        return None
    if r.thanks or r.cancel or (r.yes is not None and not r.matter):
        return None
    return kept


def calls_the_number(r: Reading) -> bool:
    """``r`` says the emergency number was or will be called, or the answer understood
    ("好的 我这就打122", "已经报警了"): the emergency is in hand, no appeal of it follows."""
    return _CALLED.search(r.plain) is not None
