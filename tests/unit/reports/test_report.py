"""The public report rendered from hand-built data and checked for its numbers."""

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from casebridge.analytics.assessment import Metric
from casebridge.analytics.counts import AppealCounts
from casebridge.analytics.facts import AppealFacts, AssignmentFacts, Satisfaction, UnitRef
from casebridge.analytics.periods import parse_period
from casebridge.reports import ReportError, build_report, render_html, render_pdf
from casebridge.reports.model import suppress

MARCH = parse_period("2025-03")
AS_OF = datetime(2025, 4, 15, tzinfo=UTC)


def appeals() -> list[AppealFacts]:
    out = []
    for i in range(30):  # 20 WeChat 城乡建设 in 牡丹区, 10 SMS 教育文体 in 曹县
        first = i < 20
        out.append(
            AppealFacts(
                number=f"A{i}",
                created_at=datetime(2025, 3, 1 + i % 28, 3, tzinfo=UTC),
                channel="wechat" if first else "sms",
                category="城乡建设" if first else "教育文体",
                county="牡丹区" if first else "曹县",
                state="closed" if i < 12 else "",  # 12 became work orders
            )
        )
    out.append(
        AppealFacts("B1", datetime(2025, 3, 9, tzinfo=UTC), "weibo", "卫生计生", county="单县")
    )
    out.append(AppealFacts("OLD", datetime(2025, 2, 9, tzinfo=UTC), "weibo", "卫生计生"))
    return out


def assignments() -> list[AssignmentFacts]:
    base = datetime(2025, 3, 3, 1, tzinfo=UTC)
    out = []
    for i in range(10):  # unit u1: 10 orders; 8 signed on time; 6 satisfied of 8 evaluated
        out.append(
            AssignmentFacts(
                order_number=f"W{i}",
                unit_id="u1",
                unit_name="牡丹区住建局",
                dispatched_at=base,
                sign_deadline=base + timedelta(hours=2),
                signed_at=base + timedelta(hours=1 if i < 8 else 5),
                deadline=base + timedelta(days=5),
                replied_at=base + timedelta(days=4),
                satisfaction=Satisfaction.SATISFIED
                if i < 6
                else (Satisfaction.UNSATISFIED if i < 8 else None),
                resolved=(i < 7) if i < 8 else None,
            )
        )
    # unit u2: 2 orders only -> its rates are suppressed
    out.append(replace(out[0], order_number="V1", unit_id="u2", unit_name="曹县教体局"))
    out.append(replace(out[0], order_number="V2", unit_id="u2", unit_name="曹县教体局"))
    return out


def report(**kw: object):  # type: ignore[no-untyped-def]
    return build_report(
        MARCH,
        AppealCounts.from_facts(appeals(), MARCH),
        assignments(),
        as_of=AS_OF,
        units=[UnitRef("u3", "单县水务局")],
        trend=[("2025-01", 40), ("2025-02", 25), ("2025-03", 31)],
        previous_total=25,
        last_year_total=0,
        **kw,  # type: ignore[arg-type]
    )


def test_figures_and_suppression() -> None:
    r = report()
    assert r.total.shown == "31"
    assert r.orders.shown == "12"
    assert [(n, c.shown) for n, c in r.by_channel] == [
        ("微信公众号", "20"),
        ("短信", "10"),
        ("微博", "<5"),
    ]
    assert r.growth_previous == "+24.0%"
    assert r.growth_last_year == "—"
    u1 = r.units[0]
    assert u1.name == "牡丹区住建局"
    assert u1.rank == 1
    # response 8/10, on time 10/10, resolution 7/8, satisfaction 6/8
    assert u1.rates == {
        Metric.RESPONSE: "80.0%",
        Metric.ON_TIME: "100.0%",
        Metric.RESOLUTION: "87.5%",
        Metric.SATISFACTION: "75.0%",
    }
    # 0.3*0.8 + 0.35*0.875 + 0.35*0.75 = 0.80875
    assert u1.score == "80.88"
    u2 = next(u for u in r.units if u.name == "曹县教体局")
    assert u2.orders.shown == "<5"
    assert u2.score == "—"
    assert u2.rank is None
    assert set(u2.rates.values()) == {"—"}
    u3 = next(u for u in r.units if u.name == "单县水务局")
    assert u3.orders.shown == "0"
    heat = dict(r.heat_rows)
    assert [c.shown for c in heat["牡丹区"]][:2] == ["20", "0"]
    assert suppress(0, 5).shown == "0"
    assert suppress(4, 5).shown == "<5"
    assert suppress(5, 5).shown == "5"


def test_html_shows_the_numbers_and_no_personal_data() -> None:
    html = render_html(report())
    assert "2025年3月工作情况通报" in html
    assert re.search(r'id="kpi-total">31<', html)
    assert re.search(r'id="kpi-response">83\.3%<', html)  # 10/12 signed on time overall
    assert "<td>80.0%</td><td>100.0%</td><td>87.5%</td><td>75.0%</td><td>80.88</td>" in html
    assert "<svg" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "&lt;5" in html


def test_empty_period_renders() -> None:
    july = parse_period("2024-07")
    r = build_report(july, AppealCounts.from_facts([], july), [], as_of=AS_OF)
    html = render_html(r)
    assert "本期无数据" in html
    assert "本期无工单" in html
    assert r.total.shown == "0"
    assert r.overall_score == "—"
    assert render_pdf(r).startswith(b"%PDF")


def test_pdf_is_a_real_pdf_with_the_cjk_font() -> None:
    pdf = render_pdf(report())
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"STSong-Light" in pdf
    assert len(pdf) > 3000
    assert render_pdf(report()) == pdf  # deterministic


def test_bad_suppression_threshold() -> None:
    with pytest.raises(ReportError):
        report(suppress_below=0)
