"""Small server-side SVG charts (no JavaScript, no CDN): bars and lines.

Text is escaped; every chart carries a <title> and <desc> for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#1f5fa8", "#d9822b", "#3a9a5b", "#b23b3b", "#7a4fa0", "#5a6b7b")
FONT = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif\""


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return float(top)
    return float(10 * magnitude)


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    width: int = 640,
    bar_height: int = 22,
    value_labels: Sequence[str] | None = None,
) -> str:
    """Horizontal bars, one per item, largest scale rounded up to a readable value."""
    label_w = 150
    height = 40 + bar_height * max(1, len(items)) + 10
    top = _nice_max(max((v for _, v in items), default=0))
    plot_w = width - label_w - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" {FONT} font-size="13">',
        f"<title>{escape(title)}</title><desc>{escape(_describe(items))}</desc>",
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    if not items:
        parts.append('<text x="0" y="50" fill="#666">本期无数据</text>')
    for i, (label, value) in enumerate(items):
        y = 32 + i * bar_height
        w = 0 if top == 0 else plot_w * value / top
        shown = value_labels[i] if value_labels else _fmt(value)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{bar_height - 6}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar_height * 0.7:.1f}">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
) -> str:
    """One or more lines over shared x labels, with a legend and y gridlines."""
    left, right, top_pad, bottom = 48, 16, 34, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top = _nice_max(max((v for _, vs in series for v in vs), default=0))
    n = max(1, len(labels) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" {FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for g in range(5):
        value = top * g / 4
        y = top_pad + plot_h - plot_h * g / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
            f"{_fmt(value)}</text>"
        )
    step = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            x = left + plot_w * i / n
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'fill="#555">{escape(label)}</text>'
            )
    for s, (name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        points = " ".join(
            f"{left + plot_w * i / n:.1f},{top_pad + plot_h - plot_h * v / top:.1f}"
            for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
            f'<rect x="{left + 110 * s}" y="{height - 14}" width="10" height="10" '
            f'fill="{colour}"/><text x="{left + 110 * s + 14}" y="{height - 5}">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def heat_colour(value: int, top: int) -> str:
    """A white-to-blue background for a heat-table cell."""
    if top <= 0 or value <= 0:
        return "#ffffff"
    t = min(1.0, value / top)
    r = int(255 - t * (255 - 31))
    g = int(255 - t * (255 - 95))
    b = int(255 - t * (255 - 168))
    return f"#{r:02x}{g:02x}{b:02x}"


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _describe(items: Sequence[tuple[str, float]]) -> str:
    return "；".join(f"{label}：{_fmt(v)}" for label, v in items)
