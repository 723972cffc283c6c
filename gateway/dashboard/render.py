"""HTML fragments of the dashboard panels (Jinja2, autoescaped; charts are inline SVG).

Every table applies the report's one small-count rule (:mod:`casebridge.reports.suppression`):
counts below ``suppress_below`` as ``<k``, rates and growth on smaller bases as ``—``.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from casebridge.analytics.assessment import METRIC_LABELS_ZH, Metric
from casebridge.analytics.early_warning import WarningRules
from casebridge.analytics.periods import FIRST_YEAR, LAST_YEAR
from casebridge.analytics.queries import DrillOrder, WarningRow
from casebridge.reports.model import CHANNEL_LABELS, REPORT_METRICS, PublicReport, units_summary_zh
from casebridge.reports.render import heat_colour
from casebridge.reports.suppression import hidden, pct_change, suppress
from casebridge.sla import SHANGHAI
from gateway.analytics import PeriodData
from gateway.calls.figures import CallTallies
from gateway.dashboard.calls import calls_view

HERE = Path(__file__).resolve().parent
_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
PHONE_CHANNEL = CHANNEL_LABELS["voice"]  # 12345电话
PANELS = ("kpi", "trend", "categories", "ranking", "hotspots", "heat", "hard", "warnings")


def _local(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def warning_rule_zh(rules: WarningRules) -> str:
    """The 24-hour rules as the page states them."""
    return (
        f"24小时预警规则：某一类别在某一县区24小时内诉求量不少于{rules.spike_min_count}件，"
        f"且达到此前{rules.history}天日均值的{rules.spike_ratio:g}倍、高出均值"
        f"{rules.spike_sigma:g}个标准差；相似诉求24小时内不少于{rules.cluster_min_size}件且"
        f"为上一时段的{rules.cluster_growth_ratio:g}倍以上；敏感词诉求不少于"
        f"{rules.keyword_min_count}件且为日均的{rules.keyword_ratio:g}倍以上。"
    )


def panels(data: PeriodData, warnings: list[WarningRow], rules: WarningRules) -> dict[str, str]:
    """Every panel of ``data`` as an HTML fragment."""
    r, f = data.report, data.figures
    k = r.suppress_below
    heat_top = max((c.value for _, cells in r.heat_rows for c in cells if not hidden(c)), default=0)
    ctx: dict[str, Any] = {
        "d": data,
        "r": r,
        "f": f,
        "k": k,
        "metrics": REPORT_METRICS,
        "labels": METRIC_LABELS_ZH,
        "count": lambda n: suppress(int(n), k).shown,
        "change": lambda now, ref: pct_change(now, ref, k),
        "local": _local,
        "heat_bg": lambda v: heat_colour(v, heat_top, k),
        "alerts": warnings,
        "alert_title": lambda title: alert_title(title, k),
        "yearly": r.period.kind == "year",
        "comparison": comparison_zh(r),
        "hot_warned": [h for h in f.hotspots if h.key in f.warned],
        # a "hotspot" of fewer than k appeals is no hotspot: not a row of <k and dashes
        "hot_rows": [h for h in f.hotspots if h.count >= k],
        "hot_rule": f.hotspot_rule.describe_zh(),
        "warn_rule": warning_rule_zh(rules),
        "units_summary": units_summary_zh(r),
        "drill_url": lambda unit, metric: (
            f"/dashboard/drill?unit={unit}&metric={metric.value}&period={r.period.label}"
        ),
        **data.svgs,
    }
    module = _env.get_template("panels.html").make_module(ctx)
    return {name: str(getattr(module, name)()) for name in PANELS}


def calls_panel(
    tallies: CallTallies, k: int, answer_seconds: float, phone_appeals: str | None = None
) -> str:
    """The 话务（电话） panel: the phone line's figures of the period (``phone_appeals``:
    the period's phone appeals as shown, named when there are no call records)."""
    view = calls_view(tallies, k, answer_seconds)
    return _env.get_template("calls.html").render(v=view, k=k, phone_appeals=phone_appeals)


def phone_appeals(r: PublicReport) -> str | None:
    """The 12345电话 appeals of the report as its channel table shows them (``<5`` …),
    ``None`` when there are none."""
    return next((c.shown for name, c in r.by_channel if name == PHONE_CHANNEL), None)


_COUNT_IN_TITLE = re.compile(r"(本时段|上一时段)(\d+)件")


def alert_title(title: str, k: int) -> str:
    """An early warning's sentence with its counts under the small-count rule, as the
    count column shows them: ``本时段3件`` → ``本时段<5件`` (trial4 F24)."""
    return _COUNT_IN_TITLE.sub(lambda m: f"{m[1]}{suppress(int(m[2]), k).shown}件", title)


def comparison_zh(r: PublicReport) -> str:
    """What the growth figures compare, in a sentence; for a year 环比 and 同比 are the
    same comparison (the previous year), so it is named once, as 同比 (trial4 F40)."""
    year = r.compared_last_year
    if r.period.kind != "year" or year is None:
        return r.comparison_zh
    if r.running and r.through is not None:
        now = r.period.head(r.running_days or 1)
        return (
            f"本年尚未结束，数据截至{r.through.month}月{r.through.day}日；"
            f"同比按相同天数比较：{now.span_zh()}与{year.span_zh()}相比。"
        )
    return f"同比与{year.title_zh}相比。"


def page(
    period_label: str, title: str, fragments: dict[str, str], refresh_seconds: int = 60
) -> str:
    """The whole dashboard page with its panels already rendered (``title``: the period
    as headings name it, marked 进行中 while it runs)."""
    return _env.get_template("dashboard.html").render(
        period=period_label,
        title=title,
        panels=fragments,
        names=PANELS,
        refresh=refresh_seconds,
        help=PERIOD_HELP_ZH,
    )


PERIOD_HELP_ZH = (
    "统计周期可写作：2025-03（月）、2025-Q1（季度）、2025（年）、2025-W10（周）、"
    "2025-03-05（日），或 2025-03-01..2025-03-15（起止日期），"
    f"须在{FIRST_YEAR}年至{LAST_YEAR}年之间。"
)


def message_page(
    title: str,
    message: str,
    *,
    back: str = "/dashboard",
    back_label: str = "返回监测分析",
    period_form: bool = True,
) -> str:
    """A short page that says what went wrong and leads back (a refusal leads to the
    console, without the period form of a page the viewer may not see)."""
    return _env.get_template("message.html").render(
        title=title, message=message, back=back, back_label=back_label, period_form=period_form
    )


def period_problem(accept: str, text: str | None) -> Response:
    """422 for a period that cannot be read: a page that says how to write it for a
    browser (``Accept: text/html``), JSON for an API client."""
    detail = f"无法识别统计周期“{text or ''}”。{PERIOD_HELP_ZH}"
    if "text/html" in accept or "application/xhtml+xml" in accept:
        return HTMLResponse(message_page("统计周期有误", detail), status_code=422)
    return JSONResponse({"detail": detail, "period": text}, status_code=422)


def drill_page(
    data: PeriodData,
    *,
    unit_id: str,
    unit_name: str,
    metric: Metric,
    rows: list[tuple[DrillOrder | None, str, bool]],
    hits: int,
    misses: int,
    page: int,
    pages: int,
    back: str,
) -> str:
    """The orders behind one unit's rate, one page of them."""
    r = data.report
    base = f"/dashboard/drill?unit={unit_id}&metric={metric.value}&period={r.period.label}"
    return _env.get_template("drill.html").render(
        r=r,
        unit_name=unit_name,
        label=METRIC_LABELS_ZH[metric],
        rate=next((u.rates[metric] for u in r.units + r.unranked if u.unit_id == unit_id), "—"),
        rows=rows,
        hits=hits,
        misses=misses,
        page=page,
        pages=pages,
        base=base,
        back=back,
        local=_local,
    )
