"""Trial 7 F07: the small-count rule holds in every section of the public report: the
trend, the daily list, the growth figures and the units' summary too, and no hidden count
can be worked out from a published total and the other published parts."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import timedelta

import pytest

from casebridge.analytics.facts import AppealFacts
from casebridge.analytics.figures import from_facts
from casebridge.reports import build_report, render_html, render_pdf
from casebridge.reports.fonts import find_cjk_font
from casebridge.reports.model import PublicReport
from casebridge.reports.suppression import hidden, protect
from tests.unit.reports.december import AS_OF, BASE, CFG, DEC, december_report, order


def appeal(i: int, channel: str = "wechat", category: str = "城乡建设") -> AppealFacts:
    return AppealFacts(f"A{i}", BASE + timedelta(minutes=i), channel, category, county="牡丹区")


def report_of(n: int, *, units: int = 1) -> PublicReport:
    """``n`` appeals on 2 December, their orders spread over ``units`` units (the
    trial's `hotline report --period 2026-12` with 4 appeals and 4 units)."""
    return december_report(
        [appeal(i) for i in range(n)],
        [order(i, f"u{i % units}") for i in range(n)],
        trend=[("2026-10", 0), ("2026-11", 7), ("2026-12", n)],
        previous_total=7,
        last_year_total=6,
    )


def html_of(r: PublicReport) -> str:
    # the generated time is the report's own (as_of); nothing else may differ
    return render_html(r)


@pytest.mark.parametrize("units", [1, "each"])
def test_counts_one_to_four_publish_the_same_html(units: int | str) -> None:
    pages = {n: html_of(report_of(n, units=n if units == "each" else 1)) for n in range(1, 5)}
    assert len(set(pages.values())) == 1
    page = pages[4]
    assert "2026-12：&lt;5" in page  # the trend's description says <5 for the month
    assert "12/2：&lt;5" in page  # and the daily list for the day
    assert "2026-11：7" in page  # a month at the threshold or above is shown
    assert not re.search(r"12/2：[1-4]\b|2026-12：[1-4]\b", page)
    assert "另有部分承办单位工单少于10件（合计&lt;5件）" in page


@pytest.mark.parametrize("units", [1, 4])
def test_counts_one_to_four_publish_the_same_pdf(units: int) -> None:
    if find_cjk_font() is None:
        pytest.skip("no CJK TrueType font: PDF not rendered")
    pdfs = {n: render_pdf(report_of(n, units=min(units, n))) for n in range(1, 5)}
    assert len(set(pdfs.values())) == 1
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdfs[4])).pages)
    assert "个承办单位工单少于" not in text.replace("\n", "")


def test_the_trial_report_no_longer_gives_the_total_away() -> None:
    r = report_of(4, units=4)
    assert r.total.shown == "<5"
    assert [c.shown for _, c in r.trend_shown] == ["0", "7", "<5"]
    assert {c.shown for c in r.daily_shown} == {"0", "<5"}
    # growth on a hidden count would give it back (7 -> 4: -42.9%)
    assert (r.growth_previous, r.growth_last_year) == ("—", "—")
    from casebridge.reports.model import units_summary_zh

    summary = units_summary_zh(r)
    assert "4个" not in summary
    assert "合计<5件" in summary


def test_a_hidden_part_of_a_published_total_cannot_be_worked_out() -> None:
    # 9 WeChat appeals, 3 by SMS on another day: total 12 published, SMS hidden
    appeals = [appeal(i) for i in range(9)] + [
        replace(appeal(100 + i, "sms", "教育文体"), created_at=BASE + timedelta(days=3))
        for i in range(3)
    ]
    f = from_facts(appeals, [], DEC, CFG, AS_OF, trend=[], previous_total=0)
    r = build_report(f, config=CFG.assessment)
    assert r.total.shown == "12"
    for cells in (
        [c for _, c in r.by_channel],
        [c for _, c in r.by_category],
        r.daily_shown,
    ):
        shown = sum(c.value for c in cells if not hidden(c))
        # what the published total minus the published parts gives is 0 or 5 and more
        assert not 0 < r.total.value - shown < 5, [c.shown for c in cells]
    categories = dict(r.by_category)
    for i, name in enumerate(r.heat_columns):
        column = [cells[i] for _, cells in r.heat_rows]
        total = categories[name]
        if hidden(total):  # a hidden category total is not given back by its counties
            assert all(hidden(c) or c.value == 0 for c in column), [c.shown for c in column]
        else:
            shown = sum(c.value for c in column if not hidden(c))
            assert not 0 < total.value - shown < 5, [c.shown for c in column]


@pytest.mark.parametrize(
    ("parts", "shown"),
    [
        ([20, 10, 1], ["20", "×", "<5"]),
        ([8, 3, 2], ["8", "<5", "<5"]),  # two hidden parts add up to 5: nothing to derive
        ([8, 2, 1], ["×", "<5", "<5"]),
        # 12 - 6 leaves 6 for × (5 at least) and <5 (1 at least): both fixed, so the 6
        # is withheld too (trial8 F14: complementary suppression checks the interval)
        ([6, 5, 1], ["×", "×", "<5"]),
        ([0, 9, 0], ["0", "9", "0"]),
    ],
)
def test_protect_withholds_the_smallest_part_that_would_give_a_hidden_one_back(
    parts: list[int], shown: list[str]
) -> None:
    assert [c.shown for c in protect(parts, sum(parts), 5)] == shown


def test_parts_of_a_hidden_total_are_only_suppressed() -> None:
    assert [c.shown for c in protect([3, 1, 0], 4, 5)] == ["<5", "<5", "0"]
