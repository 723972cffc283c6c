"""Charts of the report and the dashboard, drawn with matplotlib.

One drawing for both: SVG (text as outlines of the report's CJK font, so what the layout
measured is what the browser shows) for the dashboard and the HTML report, PNG for the
PDF. Count axes have integer ticks only; the layout is matplotlib's constrained layout,
which keeps every label inside the figure; x labels are thinned so they never overlap
(their width is measured by the renderer before the figure is saved).
"""

from __future__ import annotations

import io
import math
import re
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from html import escape
from typing import Any

from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from casebridge.reports.fonts import DEBIAN_PACKAGE, ENV, find_cjk_font

PALETTE = ("#1f5fa8", "#d9822b", "#3a9a5b", "#b23b3b", "#7a4fa0", "#5a6b7b")
WIDTH_IN = 6.4
_LOCK = threading.Lock()  # matplotlib's font cache and rc settings are process-wide
_FAMILY: list[str] = []


#: What the server says once at start-up when the charts have no Chinese font (trial14
#: T21: without it matplotlib warned once per missing glyph of every chart, 355 lines).
NO_FONT = (
    "no CJK font for the dashboard and report charts: their Chinese labels are drawn as "
    f"empty boxes; install the Debian package {DEBIAN_PACKAGE} "
    f"(sudo apt-get install {DEBIAN_PACKAGE}) or set {ENV} to a TrueType CJK font file"
)
# matplotlib's own warning, one per glyph and chart: said once by font_problem instead
_GLYPH_WARNING = r"Glyph \d+ .*missing from font"


def font_problem() -> str | None:
    """:data:`NO_FONT` when no CJK font is found for the charts, else None (the server's
    start-up says it once: ``gateway.services``)."""
    return NO_FONT if find_cjk_font() is None else None


def _setup() -> str:
    """Register the CJK font with matplotlib once; the family name to draw with."""
    if _FAMILY:
        return _FAMILY[0]
    family = "DejaVu Sans"
    font = find_cjk_font()
    if font is not None:
        before = {f.name for f in font_manager.fontManager.ttflist}
        font_manager.fontManager.addfont(str(font.path))
        added = [
            f.name
            for f in font_manager.fontManager.ttflist
            if f.fname == str(font.path) and f.name not in before
        ] or [f.name for f in font_manager.fontManager.ttflist if f.fname == str(font.path)]
        if added:
            family = added[0]
    _FAMILY.append(family)
    return family


@contextmanager
def _drawing() -> Iterator[None]:
    """One chart's drawing: alone (the lock), with the charts' settings, and without a CJK
    font quiet about each glyph it lacks (the start-up said it once: :func:`font_problem`).

    ``warnings.catch_warnings`` swaps the process-wide filter list and is not thread-safe:
    charts draw in a worker thread, and restoring the list there can undo a filter another
    thread set meanwhile (FastAPI's own, around a TypeAdapter it builds). It is entered
    only on a host without a CJK font, where the glyph warnings would otherwise flood."""
    with _LOCK, rc_context(_rc()):
        if _FAMILY[0] != "DejaVu Sans":
            yield
            return
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=_GLYPH_WARNING, category=UserWarning)
            yield


def _rc() -> dict[Any, Any]:
    """matplotlib settings of every chart."""
    return {
        "font.family": [_setup(), "DejaVu Sans"],
        "font.size": 9,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "hotline",  # the same chart gives the same SVG
    }


def _integer_axis(axis: Axis) -> None:
    axis.set_major_locator(MaxNLocator(integer=True, nbins=5, min_n_ticks=2))


#: How many of the longest x labels are measured to space them (same font, so the widest
#: strings are the widest labels give or take a digit's width).
_MEASURED = 8


def _thin_labels(fig: Figure, ax: Axes, labels: Sequence[str]) -> None:
    """Show every k-th x label, with k the smallest that keeps them apart.

    Only the longest labels are drawn to be measured (a period of years has thousands of
    days: one text per day would cost minutes), then only the kept ticks are set."""
    n = len(labels)
    if n <= 1:
        ax.set_xticks(range(n), labels=list(labels))
        return
    widest = sorted(range(n), key=lambda i: len(labels[i]))[-_MEASURED:]
    ax.set_xticks(widest, labels=[labels[i] for i in widest])
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    widths = [t.get_window_extent(renderer).width for t in ax.get_xticklabels()]
    x0 = ax.transData.transform((0, 0))[0]
    x1 = ax.transData.transform((1, 0))[0]
    pitch = max(1e-6, abs(x1 - x0))
    need = max(widths) * 1.35
    step = max(1, math.ceil(need / pitch))
    keep = list(range(0, n, step))
    if keep[-1] != n - 1:  # the last point is the newest: label it, drop a crowded one
        if (n - 1 - keep[-1]) * pitch < need:
            keep.pop()
        keep.append(n - 1)
    ax.set_xticks(keep, labels=[labels[i] for i in keep])


def _figure(height_in: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    ax.grid(axis="y", color="#e3e6ea", linewidth=0.8)
    ax.set_axisbelow(True)
    return fig, ax


def _bar(items: Sequence[tuple[str, float]], title: str, shown: Sequence[str] | None) -> Figure:
    fig, ax = _figure(0.9 + 0.28 * max(1, len(items)))
    ax.set_title(title, loc="left", fontsize=11)
    ax.grid(False)
    ax.grid(axis="x", color="#e3e6ea", linewidth=0.8)
    if not items:
        ax.set_axis_off()
        ax.text(0, 0.5, "本期无数据", color="#666", fontsize=10)
        return fig
    names = [n for n, _ in reversed(items)]
    values = [v for _, v in reversed(items)]
    labels = list(reversed(shown)) if shown else [f"{v:.0f}" for v in values]
    bars = ax.barh(names, values, color=PALETTE[0], height=0.6)
    ax.bar_label(bars, labels=labels, padding=3, fontsize=8)
    top = max(values) or 1
    ax.set_xlim(0, top * 1.18)  # room for the value labels
    _integer_axis(ax.xaxis)
    return fig


def _line(labels: Sequence[str], values: Sequence[float], title: str, name: str) -> Figure:
    fig, ax = _figure(2.6)
    ax.set_title(title, loc="left", fontsize=11)
    if not values:
        ax.set_axis_off()
        ax.text(0, 0.5, "本期无数据", color="#666", fontsize=10)
        return fig
    xs = range(len(values))
    ax.plot(xs, values, color=PALETTE[0], linewidth=2, marker="o", markersize=3, label=name)
    # a hidden count (nan) is a gap in the line, marked by a hollow grey point on the axis
    gaps = [x for x, v in zip(xs, values, strict=True) if math.isnan(v)]
    if gaps:
        ax.plot(gaps, [0.0] * len(gaps), linestyle="none", marker="o", markersize=3,
                markerfacecolor="none", color="#9aa5b1", clip_on=False)  # fmt: skip
    drawn = [v for v in values if not math.isnan(v)]
    ax.set_ylim(0, max(1.0, max(drawn, default=0.0) * 1.12))
    ax.set_xlim(-0.5, len(values) - 0.5)
    _integer_axis(ax.yaxis)
    # one series: its name on the axis, not in a legend that could sit on the line
    ax.set_ylabel(name, fontsize=8)
    _thin_labels(fig, ax, labels)
    return fig


def _svg(fig: Figure, title: str, desc: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r'width="[\d.]+pt" height="[\d.]+pt"', 'width="100%"', text, count=1)
    head = f'<svg role="img" aria-label="{escape(title)}" class="chart"'
    body = text[len("<svg") :]
    close = body.index(">") + 1
    described = f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    return f"{head}{body[:close]}{described}{body[close:]}"


def _png(fig: Figure, dpi: int = 200) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def _describe(labels: Sequence[str], shown: Sequence[str]) -> str:
    return "；".join(f"{a}：{b}" for a, b in zip(labels, shown, strict=False))


class Chart:
    """A chart drawn once, given as SVG or PNG."""

    def __init__(self, fig: Figure, title: str, desc: str) -> None:
        self._fig, self.title, self.desc = fig, title, desc

    @property
    def figure(self) -> Figure:
        """The matplotlib figure (for inspection)."""
        return self._fig

    def svg(self) -> str:
        """Inline SVG with a title and description for screen readers."""
        with _drawing():
            return _svg(self._fig, self.title, self.desc)

    def png(self, dpi: int = 200) -> bytes:
        """A PNG for the PDF."""
        with _drawing():
            return _png(self._fig, dpi)


def bar_chart(
    items: Sequence[tuple[str, float]], *, title: str, value_labels: Sequence[str] | None = None
) -> Chart:
    """Horizontal bars, largest at the top, each with its (published) value."""
    shown = list(value_labels) if value_labels else [f"{v:.0f}" for _, v in items]
    with _drawing():
        fig = _bar(items, title, shown)
    return Chart(fig, title, _describe([n for n, _ in items], shown))


def line_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    name: str,
    value_labels: Sequence[str] | None = None,
) -> Chart:
    """One series of counts over ``labels``; a ``nan`` value is not drawn (a count the
    small-count rule hides), and ``value_labels`` are the values as published (``<5``)
    for the description screen readers read."""
    shown = list(value_labels) if value_labels else [f"{v:.0f}" for v in values]
    with _drawing():
        fig = _line(labels, values, title, name)
    return Chart(fig, title, _describe(labels, shown))
