"""The 话务（电话） panel of ``/dashboard``: the phone line's figures for the period, with
the page's one small-count rule (counts below ``k`` as ``<k``; rates and average times
on fewer than ``k`` calls as ``—``; a table with no real figure is replaced by a line)."""

from __future__ import annotations

from dataclasses import dataclass

from casebridge.analytics.tally import Rate
from casebridge.reports.suppression import informative, shown_rate, suppress
from gateway.calls.figures import CallTallies, CallTally


def duration_zh(seconds: float) -> str:
    """An average time as the page writes it: ``45秒``, ``2分05秒``, ``1小时02分00秒``."""
    s = round(seconds)
    if s < 60:
        return f"{s}秒"
    m, s = divmod(s, 60)
    if m < 60:
        return f"{m}分{s:02d}秒"
    h, m = divmod(m, 60)
    return f"{h}小时{m:02d}分{s:02d}秒"


def _mean(values: list[float], k: int) -> str:
    return duration_zh(sum(values) / len(values)) if len(values) >= k else "—"


def _handle(t: CallTally, k: int) -> str:
    """Average handle time: talk plus after-call work (as ``/api/dashboard/calls``)."""
    if len(t.talk) < k:
        return "—"
    acw = sum(t.acw) / len(t.acw) if t.acw else 0.0
    return duration_zh(sum(t.talk) / len(t.talk) + acw)


@dataclass(frozen=True)
class CallsView:
    """The panel's figures as shown (every cell already a string)."""

    empty: bool
    answer_seconds: str  # "15"
    kpis: list[tuple[str, str, str]]  # (key, label, shown)
    agents: list[list[str]]  # name, answered, in-time share, talk, ACW, handle
    hours: list[list[str]]  # hour, offered, answered, 接通率, in-time, abandonment, talk
    agents_shown: bool
    hours_shown: bool


def calls_view(t: CallTallies, k: int, answer_seconds: float) -> CallsView:
    """``t`` as the panel shows it."""
    secs = f"{answer_seconds:g}"
    tot = t.total

    def count(n: int) -> str:
        return suppress(n, k).shown

    def rate(hits: int, counted: int) -> str:
        return shown_rate(Rate(hits, counted), k)

    kpis = [
        ("offered", "来电量", count(tot.offered)),
        ("answered", "人工接通量", count(tot.answered)),
        ("answer_rate", "接通率", rate(tot.answered, tot.offered)),
        ("in_time", f"{secs}秒接通率", rate(tot.in_time, tot.offered)),
        ("abandon_rate", "放弃率", rate(tot.abandoned, tot.offered)),
        ("talk", "平均通话时长", _mean(tot.talk, k)),
        ("after_work", "平均话后整理时长", _mean(tot.acw, k)),
        ("handle", "平均处理时长", _handle(tot, k)),
    ]
    by_load = sorted(t.per_agent.items(), key=lambda kv: (-kv[1].answered, kv[0]))
    agents = [
        [
            name,
            count(a.answered),
            rate(a.in_time, a.answered),
            _mean(a.talk, k),
            _mean(a.acw, k),
            _handle(a, k),
        ]
        for name, a in by_load
    ]
    hours = [
        [
            f"{h:02d}:00–{h + 1:02d}:00",
            count(x.offered),
            count(x.answered),
            rate(x.answered, x.offered),
            rate(x.in_time, x.offered),
            rate(x.abandoned, x.offered),
            _mean(x.talk, k),
        ]
        for h, x in sorted(t.per_hour_of_day.items())
    ]
    return CallsView(
        empty=tot.offered == 0,
        answer_seconds=secs,
        kpis=kpis,
        agents=agents,
        hours=hours,
        agents_shown=informative(agents, k),
        hours_shown=informative(hours, k),
    )
