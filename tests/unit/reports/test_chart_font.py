"""trial14 T21: without a CJK font the charts said so once per missing glyph of every
chart (355 log lines); now the server says it once at start-up, naming the package."""

from __future__ import annotations

import warnings

import pytest

from casebridge.reports import charts


@pytest.fixture
def no_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    monkeypatch.setattr(charts, "_FAMILY", [])


@pytest.mark.usefixtures("no_font")
def test_without_a_font_the_problem_is_said_naming_the_package() -> None:
    problem = charts.font_problem()
    assert problem is not None
    assert "fonts-wqy-microhei" in problem
    assert "sudo apt-get install" in problem


@pytest.mark.usefixtures("no_font")
@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.bar_chart([("牡丹区", 3.0), ("曹县", 5.0)], title="各区县诉求量").svg(),
        lambda: charts.line_chart(
            ["十二月一日", "十二月二日"], [2.0, 7.0], title="每日来电", name="来电量"
        ).png(dpi=50),
    ],
)
def test_a_chart_without_a_font_warns_nothing_per_glyph(draw: object) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert callable(draw)
        draw()
    glyphs = [w for w in caught if "missing from font" in str(w.message)]
    assert glyphs == []


def test_with_a_font_there_is_no_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from casebridge.reports.fonts import CjkFont

    monkeypatch.setattr(charts, "find_cjk_font", lambda: CjkFont(Path("/x.ttc")))
    assert charts.font_problem() is None
