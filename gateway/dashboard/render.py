"""HTML fragments of the dashboard panels (Jinja2, autoescaped; charts are inline SVG)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from casebridge.analytics.assessment import METRIC_LABELS_ZH, Metric
from casebridge.reports import svg
from casebridge.reports.model import REPORT_METRICS
from casebridge.reports.render import charts
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


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{'+' if value >= 0 else ''}{value * 100:.0f}%"


def _local(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def panels(data: PeriodData, warnings: list[Any]) -> dict[str, str]:
    """Every panel of ``data`` as an HTML fragment."""
    r = data.report
    heat_top = max((c.value for _, cells in r.heat_rows for c in cells), default=0)
    ctx: dict[str, Any] = {
        "d": data,
        "r": r,
        "metrics": REPORT_METRICS,
        "labels": METRIC_LABELS_ZH,
        "pct": _pct,
        "local": _local,
        "heat_bg": lambda v: svg.heat_colour(v, heat_top),
        "alerts": warnings,
        "drill_metrics": [m for m in Metric],
        **charts(r),
    }
    template = _env.get_template("panels.html")
    module = template.make_module(ctx)
    return {name: str(getattr(module, name)()) for name in PANELS}


def page(period_label: str, fragments: dict[str, str], refresh_seconds: int = 60) -> str:
    """The whole dashboard page with its panels already rendered."""
    return _env.get_template("dashboard.html").render(
        period=period_label, panels=fragments, names=PANELS, refresh=refresh_seconds
    )
