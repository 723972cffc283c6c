"""HTML fragments of the dashboard panels (Jinja2, autoescaped; charts are inline SVG).

Every table applies the report's one small-count rule (:mod:`casebridge.reports.model`):
counts below ``suppress_below`` as ``<k``, rates and growth on smaller bases as ``—``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from casebridge.analytics.assessment import METRIC_LABELS_ZH
from casebridge.analytics.early_warning import WarningRules
from casebridge.analytics.queries import WarningRow
from casebridge.reports.model import REPORT_METRICS, pct_change, suppress
from casebridge.reports.render import heat_colour
from casebridge.sla import SHANGHAI
from gateway.analytics import PeriodData

HERE = Path(__file__).resolve().parent
_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
PANELS = ("kpi", "trend", "categories", "ranking", "hotspots", "heat", "hard", "warnings")


def _local(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def warning_rule_zh(rules: WarningRules) -> str:
    """The 24-hour rules as the page states them."""
    return (
        f"24小时预警规则：某类别×县区24小时内诉求量不少于{rules.spike_min_count}件，"
        f"且达到此前{rules.history}天日均的{rules.spike_ratio:g}倍、高于均值"
        f"{rules.spike_sigma:g}个标准差；相似诉求24小时内不少于{rules.cluster_min_size}件且"
        f"为上一时段的{rules.cluster_growth_ratio:g}倍以上；敏感词诉求不少于"
        f"{rules.keyword_min_count}件且为日均的{rules.keyword_ratio:g}倍以上。"
    )


def panels(data: PeriodData, warnings: list[WarningRow], rules: WarningRules) -> dict[str, str]:
    """Every panel of ``data`` as an HTML fragment."""
    r, f = data.report, data.figures
    k = r.suppress_below
    heat_top = max((c.value for _, cells in r.heat_rows for c in cells), default=0)
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
        "heat_bg": lambda v: heat_colour(v, heat_top),
        "alerts": warnings,
        "hot_warned": [h for h in f.hotspots if h.key in f.warned],
        "hot_rule": f.hotspot_rule.describe_zh(),
        "warn_rule": warning_rule_zh(rules),
        **data.svgs,
    }
    module = _env.get_template("panels.html").make_module(ctx)
    return {name: str(getattr(module, name)()) for name in PANELS}


def page(period_label: str, fragments: dict[str, str], refresh_seconds: int = 60) -> str:
    """The whole dashboard page with its panels already rendered."""
    return _env.get_template("dashboard.html").render(
        period=period_label, panels=fragments, names=PANELS, refresh=refresh_seconds
    )
