"""The charts: integer ticks on count axes, every label inside the figure, x labels that
do not overlap, whatever the number of points."""

from __future__ import annotations

import itertools

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from casebridge.reports import charts

DAYS = [f"3/{d}" for d in range(1, 32)]
MONTHS = [f"{2025 + (m // 12)}-{m % 12 + 1:02d}" for m in range(2, 14)]
MONTHS13 = [f"{2024 + (m // 12)}-{m % 12 + 1:02d}" for m in range(2, 15)]  # 2024-03..2025-03


def laid_out(chart: charts.Chart):  # type: ignore[no-untyped-def]
    fig = chart.figure
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    return fig, canvas.get_renderer()  # type: ignore[no-untyped-call]


@pytest.mark.parametrize(
    "values", [[0.0] * 31, [1.0, 2.0, 0.0] * 10 + [1.0], [float(v * 37 % 101) for v in range(31)]]
)
def test_count_axes_have_integer_ticks(values: list[float]) -> None:
    fig, _ = laid_out(charts.line_chart(DAYS, values, title="本期每日诉求量", name="件"))
    ticks = [t for t in fig.axes[0].get_yticks() if 0 <= t <= fig.axes[0].get_ylim()[1]]
    assert ticks
    assert all(float(t).is_integer() for t in ticks)
    bar = charts.bar_chart([("城乡建设", 3.0), ("教育文体", 2.0)], title="类别")
    fig, _ = laid_out(bar)
    assert all(float(t).is_integer() for t in fig.axes[0].get_xticks())


@pytest.mark.parametrize(
    "labels", [DAYS, MONTHS, MONTHS13, DAYS[:7], [f"{d}日" for d in range(1, 92)]]
)
def test_labels_stay_inside_and_apart(labels: list[str]) -> None:
    values = [float(i % 9) for i in range(len(labels))]
    fig, renderer = laid_out(charts.line_chart(labels, values, title="诉求量趋势", name="件"))
    box = fig.bbox
    ax = fig.axes[0]
    low, high = ax.get_ylim()
    legend = ax.get_legend()
    drawn = [ax.title, ax.yaxis.label, *ax.get_xticklabels()]
    drawn += legend.get_texts() if legend is not None else []
    drawn += [
        t for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True) if low <= y <= high
    ]
    for t in drawn:
        if not t.get_text():
            continue
        r = t.get_window_extent(renderer)
        assert box.x0 - 0.5 <= r.x0, t.get_text()
        assert r.x1 <= box.x1 + 0.5, t.get_text()
        assert box.y0 - 0.5 <= r.y0, t.get_text()
        assert r.y1 <= box.y1 + 0.5, t.get_text()
    shown = [t for t in ax.get_xticklabels() if t.get_text()]
    extents = sorted((t.get_window_extent(renderer) for t in shown), key=lambda r: r.x0)
    for a, b in itertools.pairwise(extents):
        assert a.x1 <= b.x0
    assert shown[-1].get_text() == labels[-1]  # the newest point is always labelled
    # nothing drawn over the data: no legend box on the line, no label on a point
    points = ax.transData.transform(list(enumerate(values)))
    covering = [legend.get_window_extent(renderer)] if legend is not None else []
    covering += [ax.title.get_window_extent(renderer)]
    for r in covering:
        assert not any(r.x0 <= x <= r.x1 and r.y0 <= y <= r.y1 for x, y in points)


def test_a_legend_never_covers_the_line() -> None:
    """A series that starts high (where an upper-left legend used to sit)."""
    values = [90.0, 88.0, 85.0] + [10.0] * 10
    fig, renderer = laid_out(charts.line_chart(MONTHS13, values, title="近13个月诉求量", name="件"))
    ax = fig.axes[0]
    points = ax.transData.transform(list(enumerate(values)))
    legend = ax.get_legend()
    if legend is not None:
        r = legend.get_window_extent(renderer)
        assert not any(r.x0 <= x <= r.x1 and r.y0 <= y <= r.y1 for x, y in points)
    assert ax.yaxis.label.get_text() == "件"  # the series is named on its axis


def test_svg_is_accessible_and_self_contained() -> None:
    svg = charts.bar_chart([("城乡建设", 12.0)], title="诉求类别", value_labels=["12"]).svg()
    assert svg.startswith('<svg role="img" aria-label="诉求类别"')
    assert "<title>诉求类别</title>" in svg
    assert "城乡建设：12" in svg
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "").replace(
        "http://www.w3.org/1999/xlink", ""
    )


def test_a_long_daily_series_measures_a_few_labels_not_every_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """trial3 F19: a report over 27 years drew and measured one tick label per day (10,000
    matplotlib texts: a minute of CPU holding the GIL); only the widest labels are measured
    and the kept ticks set, whatever the period's length."""
    from matplotlib.text import Text

    measured = 0
    original = Text.get_window_extent

    def counting(self: Text, *args: object, **kwargs: object) -> object:
        nonlocal measured
        measured += 1
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Text, "get_window_extent", counting)
    labels = [f"{1 + i // 28 % 12}/{1 + i % 28}" for i in range(3000)]
    chart = charts.line_chart(labels, [float(i % 7) for i in range(3000)], title="每日", name="件")
    assert measured <= 20
    shown = [t.get_text() for t in chart.figure.axes[0].get_xticklabels() if t.get_text()]
    assert 2 <= len(shown) <= 40
    assert shown[-1] == labels[-1]


@pytest.mark.parametrize("n", [7, 31, 92, 366, 3000])
def test_a_long_series_keeps_its_labels_apart(n: int) -> None:
    labels = [f"{1 + i // 28 % 12}/{1 + i % 28}" for i in range(n)]
    fig, renderer = laid_out(charts.line_chart(labels, [1.0] * n, title="每日", name="件"))
    ax = fig.axes[0]
    shown = [t for t in ax.get_xticklabels() if t.get_text()]
    extents = sorted((t.get_window_extent(renderer) for t in shown), key=lambda r: r.x0)
    for a, b in itertools.pairwise(extents):
        assert a.x1 <= b.x0
    assert shown[-1].get_text() == labels[-1]
