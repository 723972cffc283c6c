"""The dashboard panels: a hotspot that crosses the warning rule raises the warning on
the same page, the rules are stated, and small counts follow the one rule everywhere."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from casebridge.analytics.config import load_config
from casebridge.analytics.facts import AppealFacts
from casebridge.analytics.figures import from_facts
from casebridge.analytics.periods import parse_period
from casebridge.reports.from_store import report_of
from config.settings import DATA_DIR
from gateway.analytics import PeriodData
from gateway.dashboard import render

CFG = load_config(DATA_DIR)
MARCH = parse_period("2025-03")


def ap(n: int, y: int, m: int, d: int, category: str, county: str) -> AppealFacts:
    return AppealFacts(
        number=f"A{n}",
        created_at=datetime(y, m, d, 4, tzinfo=UTC),
        channel="wechat",
        category=category,
        county=county,
    )


def appeals() -> list[AppealFacts]:
    out = [ap(i, 2025, 3, 1 + i, "城乡建设", "牡丹区") for i in range(12)]  # 12 now
    out += [ap(100 + i, 2024, 3, 1 + i, "城乡建设", "牡丹区") for i in range(6)]  # 6 a year ago
    out += [ap(200 + i, 2023, 3, 1 + i, "城乡建设", "牡丹区") for i in range(4)]  # 4 before
    out += [ap(300 + i, 2025, 3, 2 + i, "教育文体", "曹县") for i in range(3)]  # 3, new
    out += [ap(400 + i, 2025, 2, 2 + i, "商贸旅游", "单县") for i in range(8)]
    out += [ap(500 + i, 2025, 3, 2 + i, "商贸旅游", "单县") for i in range(9)]
    return out


def panels() -> dict[str, str]:
    f = from_facts(appeals(), [], MARCH, CFG, datetime(2025, 4, 2, tzinfo=UTC))
    data = PeriodData(figures=f, report=report_of(f, CFG), svgs={})
    return render.panels(data, [], CFG.warnings)


def row(html: str, text: str) -> str:
    found: list[str] = [r for r in re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S) if text in r]
    assert len(found) == 1, text
    return found[0]


def test_a_hotspot_over_the_rule_raises_the_warning_on_the_page() -> None:
    p = panels()
    # 12 against a seasonal baseline of (6 + 4) / 2 = 5: at least 10 and 2x -> warned
    hot = row(p["hotspots"], "牡丹区")
    assert "达到预警条件" in hot
    assert "+140.0%" in hot  # against the baseline
    assert "热点预警：牡丹区城乡建设诉求量12件" in p["warnings"]
    assert "热点预警规则" in p["warnings"]
    assert "24小时预警规则" in p["warnings"]
    # 9 against 8 last month: growing, but not twice the reference -> not warned
    assert "预警" not in row(p["hotspots"], "单县").split("</td>")[-2]
    assert "单县" not in p["warnings"]


def test_small_counts_follow_one_rule_in_every_panel() -> None:
    p = panels()
    # 3 appeals are no hotspot: no row of "<5" and dashes (the heat table has them)
    assert "曹县" not in p["hotspots"]
    assert "&lt;5" not in p["hotspots"]
    assert "&lt;5" in row(p["heat"], "曹县")
    assert not re.search(r"<td>[1-4]</td>", p["hotspots"] + p["heat"] + p["ranking"])
    # a period without orders says so and shows no score
    assert "本期无工单" in p["ranking"]
    assert 'data-kpi="score">—<' in p["kpi"]


def test_a_running_month_is_marked_and_compared_like_with_like() -> None:
    as_of = datetime(2025, 3, 10, 6, tzinfo=UTC)  # 10 March, 14:00 in Heze
    f = from_facts(appeals(), [], MARCH, CFG, as_of)
    data = PeriodData(figures=f, report=report_of(f, CFG), svgs={})
    kpi = render.panels(data, [], CFG.warnings)["kpi"]
    assert "data-running" in kpi
    assert "进行中，截至3月10日" in kpi
    assert "2025年2月1日至2月10日" in kpi  # what 环比 compares with
    page = render.page(MARCH.label, data.report.title_zh, {})
    assert "2025年3月（进行中，截至3月10日）" in page
    final = panels()["kpi"]
    assert "data-running" not in final
    assert "环比与2025年2月相比" in final


def test_a_suppressed_heat_cell_does_not_show_its_count_through_its_colour() -> None:
    """Counts of 1 to 4 are published as "<5": their cells have one background, in the
    dashboard and in the public report, or the shade would publish the count (trial4 F23)."""
    from casebridge.reports import render_html

    small = [("曹县", 1), ("单县", 2), ("成武县", 3), ("巨野县", 4)]
    facts = [ap(i, 2025, 3, 2 + i, "城乡建设", "牡丹区") for i in range(12)]
    for n, (county, count) in enumerate(small):
        facts += [ap(1000 + 10 * n + i, 2025, 3, 2 + i, "城乡建设", county) for i in range(count)]
    f = from_facts(facts, [], MARCH, CFG, datetime(2025, 4, 2, tzinfo=UTC))
    report = report_of(f, CFG)
    heat = dict(report.heat_rows)
    assert sorted(heat[c][0].value for c, _ in small) == [1, 2, 3, 4]  # the hidden counts
    dashboard = render.panels(PeriodData(figures=f, report=report, svgs={}), [], CFG.warnings)
    for html in (dashboard["heat"], render_html(report, svgs={})):
        styles = re.findall(r'<td style="([^"]*)">&lt;5</td>', html)
        assert len(styles) == len(small)
        assert len(set(styles)) == 1, styles
        shown = re.findall(r'<td style="([^"]*)">12</td>', html)
        assert shown  # shown counts keep their shade
        assert shown[0] not in styles


def test_an_alerts_sentence_follows_the_small_count_rule() -> None:
    """「本时段3件」 beside a count column of “<5” published the count (trial4 F24)."""
    from casebridge.analytics.queries import WarningRow

    f = from_facts(appeals(), [], MARCH, CFG, datetime(2025, 4, 2, tzinfo=UTC))
    data = PeriodData(figures=f, report=report_of(f, CFG), svgs={})
    rows = [
        WarningRow("spike", "曹县教育文体诉求量激增：本时段3件，基线0.4件", 3, 0.4, f.as_of),
        WarningRow("cluster", "相似诉求增多：本时段12件，上一时段2件", 12, 2.0, f.as_of),
    ]
    html = render.panels(data, rows, CFG.warnings)["warnings"]
    assert "本时段3件" not in html
    assert "本时段&lt;5件" in html
    assert "本时段12件，上一时段&lt;5件" in html
    assert not re.search(r"<td>[1-4]</td>", html)


def test_a_year_names_its_one_comparison_once() -> None:
    """For a year 环比 and 同比 are both the previous year: shown once (trial4 F40)."""
    year = parse_period("2025")
    f = from_facts(appeals(), [], year, CFG, datetime(2026, 1, 2, tzinfo=UTC))
    data = PeriodData(figures=f, report=report_of(f, CFG), svgs={})
    kpi = render.panels(data, [], CFG.warnings)["kpi"]
    assert "环比" not in kpi
    assert re.search(r"<small>同比 [^<·]*</small>", kpi)  # the card: one figure
    assert "同比与2024年相比。" in kpi
    assert "环比 " in panels()["kpi"]  # a month keeps both


def test_an_empty_calls_panel_says_why_phone_appeals_have_no_calls() -> None:
    """「本期无来电」 beside 12345电话 99件 read as a contradiction (trial4 F30)."""
    from gateway.calls.figures import CallTallies

    empty = CallTallies()
    said = render.calls_panel(empty, 5, 15.0, "99")
    assert "电话诉求99件没有对应的来电排队记录" in said
    assert "本期无来电。" in render.calls_panel(empty, 5, 15.0, None)
