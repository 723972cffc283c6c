"""The public report rendered from hand-built data and checked for its numbers, its
embedded font, its metadata, its pages and its tables."""

import io
import os
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from casebridge.analytics.assessment import Metric
from casebridge.analytics.config import load_config
from casebridge.analytics.facts import AppealFacts, AssignmentFacts, Satisfaction, UnitRef
from casebridge.analytics.figures import from_facts
from casebridge.analytics.periods import parse_period
from casebridge.reports import ReportError, build_report, render_html, render_pdf
from casebridge.reports.fonts import find_cjk_font
from casebridge.reports.model import PublicReport
from casebridge.reports.render import FONT_SIZE, column_widths
from casebridge.reports.suppression import informative, suppress
from config.settings import DATA_DIR

CFG = load_config(DATA_DIR)

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


def report(units: int = 1, **kw: object):  # type: ignore[no-untyped-def]
    refs = [UnitRef("u3", "单县水务局")] + [UnitRef(f"x{i}", f"某镇{i}") for i in range(units - 1)]
    f = from_facts(
        appeals(),
        assignments(),
        MARCH,
        CFG,
        AS_OF,
        units=refs,
        trend=[("2025-01", 40), ("2025-02", 25), ("2025-03", 31)],
        previous_total=25,
        last_year_total=0,
    )
    return build_report(f, config=CFG.assessment, **kw)  # type: ignore[arg-type]


def needs_font() -> None:
    if find_cjk_font() is None:
        message = "no CJK TrueType font (apt-get install fonts-wqy-microhei): PDF test NOT run"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def test_figures_and_suppression() -> None:
    r = report()
    assert r.total.shown == "31"
    assert r.orders.shown == "12"
    assert [(n, c.shown) for n, c in r.by_channel] == [
        ("微信公众号", "20"),
        # 31 - 20 - 10 would give the hidden 微博 back: 短信 is withheld, and the hidden
        # ones come last in name order (trial7 F07)
        ("微博", "<5"),
        ("短信", "×"),
    ]
    assert r.growth_previous == "+24.0%"
    assert r.growth_last_year == "—"  # nothing a year earlier: no growth figure
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
    # 20 x 0.8 + 20 x 1 + 30 x 0.875 + 30 x 0.75 = 84.75; no 退单, 重办 or 督办
    assert u1.score == "84.75"
    # a unit below the minimum count is shown apart, never ranked (样本不足)
    assert "曹县教体局" not in [u.name for u in r.units]
    u2 = next(u for u in r.unranked if u.name == "曹县教体局")
    assert u2.orders.shown == "<5"
    assert u2.score == "—"
    assert u2.rank is None
    assert u2.note == "工单少于10件"
    assert set(u2.rates.values()) == {"—"}
    # a unit without orders is not a row of zeros: it is counted below the table
    assert all(u.orders.value > 0 for u in r.units)
    assert "单县水务局" not in [u.name for u in r.units + r.unranked]
    assert r.small_units is not None
    assert (r.small_units.count, r.small_units.orders.shown) == (1, "<5")
    assert r.idle_units == 1
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
    assert "<td>80.0%</td><td>100.0%</td><td>87.5%</td><td>75.0%</td><td>84.75</td>" in html
    assert "<svg" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "").replace(
        "http://www.w3.org/1999/xlink", ""
    )
    assert "&lt;5" in html
    # 曹县教体局's 2 orders are "<5": the units' numbers that would bound them are not
    # published (trial7 F07)
    assert "其余承办单位本期无工单" in html
    assert "按时办结率×20%" in html  # the formula the scores come from


def test_empty_period_renders_a_clear_report() -> None:
    needs_font()
    july = parse_period("2024-07")
    r = build_report(from_facts([], [], july, CFG, AS_OF), config=CFG.assessment)
    html = render_html(r)
    assert "本期无数据" in html
    assert "本期无工单" in html
    assert "本期没有诉求和工单数据" in html
    assert r.total.shown == "0"
    assert r.overall_score == "—"  # never a misleading 100
    assert render_pdf(r).startswith(b"%PDF")


def pdf_reader(data: bytes):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def fonts_of(reader) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def test_pdf_embeds_its_cjk_font_and_carries_metadata() -> None:
    needs_font()
    pdf = render_pdf(report())
    assert pdf.startswith(b"%PDF-")
    reader = pdf_reader(pdf)
    fonts = fonts_of(reader)
    assert fonts
    for name, font in fonts.items():
        descendants = font.get("/DescendantFonts")
        descriptor = (
            descendants[0].get_object()["/FontDescriptor"]
            if descendants
            else font["/FontDescriptor"]
        ).get_object()
        embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert embedded, f"{name} is not embedded"
    assert b"STSong-Light" not in pdf
    meta = reader.metadata
    assert meta.title == "菏泽市12345政务服务便民热线2025年3月工作情况通报"
    assert meta.author == "菏泽市12345政务服务便民热线"
    assert "2025年3月" in (meta.subject or "")
    # created when the report was made (15 April 2025, 08:00 in Heze), not in 2000
    assert str(meta["/CreationDate"]).startswith("D:20250415080000")
    assert render_pdf(report()) == pdf  # the same report gives the same bytes


def test_pdf_sections_start_their_own_pages_and_tables_have_data() -> None:
    needs_font()
    reader = pdf_reader(render_pdf(report(units=300)))
    texts = [page.extract_text() for page in reader.pages]
    footer = re.compile(r"^第 \d+ 页$")
    starts = {next(ln for ln in t.strip().splitlines() if not footer.match(ln)) for t in texts}
    for heading in (
        "三、诉求类别分布",
        "四、诉求量趋势",
        "五、承办单位办理情况",
        "六、区域分布热力表",
    ):
        assert heading in starts, f"{heading} does not start a page"
    assert len(reader.pages) == 5  # 300 idle units do not fill pages with zeros
    units_page = next(t for t in texts if "五、承办单位办理情况" in t)
    assert "牡丹区住建局" in units_page
    assert "某镇1" not in units_page
    assert "其余承办单位本期无工单" in units_page.replace("\n", "")
    assert "300" not in units_page


def test_column_widths_come_from_the_content() -> None:
    needs_font()
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
    from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

    font = find_cjk_font()
    assert font is not None
    if font.name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font.name, str(font.path), subfontIndex=font.index))
    rows = [
        ["排名", "承办单位", "工单量", "响应率", "按时办结率", "得分"],
        ["1", "菏泽市住房和城乡建设局" * 3, "1234", "99.5%", "100.0%", "95.20"],
    ]
    widths = column_widths(rows, font.name, FONT_SIZE, 480, wrap=1)
    for i in (0, 2, 3, 4, 5):  # every header and figure fits its column
        need = max(pdfmetrics.stringWidth(r[i], font.name, FONT_SIZE) for r in rows)
        assert widths[i] >= need
    assert sum(widths) == pytest.approx(480)  # the long name wraps instead


def test_bad_suppression_threshold() -> None:
    with pytest.raises(ReportError):
        report(suppress_below=0)


def test_a_running_period_is_marked_and_compared_like_with_like() -> None:
    """Ten days of March against the first ten days of February, not all of it."""
    feb = [
        AppealFacts(f"F{d}", datetime(2025, 2, d, 3, tzinfo=UTC), "sms", "教育文体")
        for d in range(1, 29)
    ]
    mar = [
        AppealFacts(f"M{d}", datetime(2025, 3, d, 3, tzinfo=UTC), "sms", "教育文体")
        for d in range(1, 11)
    ]
    as_of = datetime(2025, 3, 10, 6, tzinfo=UTC)  # 10 March, 14:00 in Heze
    f = from_facts(feb + mar, [], MARCH, CFG, as_of)
    assert f.running
    assert f.running_days == 10
    assert f.previous_total == 10  # 1-10 February, not the whole month (28)
    r = build_report(f, config=CFG.assessment)
    assert r.growth_previous == "+0.0%"  # not -64.3%
    assert r.title_zh == "2025年3月（进行中，截至3月10日）"
    assert "2025年3月1日至3月10日分别与2025年2月1日至2月10日" in r.comparison_zh
    assert len(r.daily) == 10  # no row of empty days still to come
    html = render_html(r)
    assert "进行中，截至3月10日" in html
    assert "2025年2月1日至2月10日" in html
    # the same month once it is over: final, compared with the whole of February
    done = build_report(from_facts(feb + mar, [], MARCH, CFG, AS_OF), config=CFG.assessment)
    assert not done.running
    assert done.status_zh == ""
    assert done.previous_total == 28
    assert "环比与2025年2月相比" in done.comparison_zh


def test_small_units_are_one_summary_line_and_no_table_is_all_suppressed() -> None:
    needs_font()
    small = [
        replace(a, order_number=f"S{i}{j}", unit_id=f"s{i}", unit_name=f"小单位{i}")
        for i in range(30)
        for j, a in enumerate(assignments()[:2])
    ]
    f = from_facts(appeals(), assignments() + small, MARCH, CFG, AS_OF)
    r = build_report(f, config=CFG.assessment)
    assert [u.name for u in r.units] == ["牡丹区住建局"]
    assert r.small_units is not None
    assert r.small_units.count == 31
    assert r.small_units.orders.shown == "62"
    assert r.listed_unranked == []
    texts = [p.extract_text().replace("\n", "") for p in pdf_reader(render_pdf(r)).pages]
    units_page = next(t for t in texts if "五、承办单位办理情况" in t)
    assert "另有31个承办单位工单少于10件（合计62件），样本不足，不参与排名" in units_page
    assert not any("小单位" in t for t in texts)
    assert informative([["牡丹区", "0", "<5", "—"], ["曹县", "12"]], 5)
    assert not informative([["牡丹区", "0", "<5", "—"], ["曹县", "<5", "0"]], 5)
    few = build_report(
        from_facts(appeals()[:3], [], MARCH, CFG, AS_OF), config=CFG.assessment
    )  # three appeals: every count is <5
    text = "".join(p.extract_text() for p in pdf_reader(render_pdf(few)).pages)
    assert "本表各项数值均为零或小于5，不单独列出" in text.replace("\n", "")


# -- trial6 F04: a score never gives back a count the small-count rule hides -------------


def report_with(**counts: int) -> PublicReport:
    """The March report with u1's first orders carrying ``counts`` (supervision_count=3:
    one 督办 on each of three orders)."""
    rows = assignments()
    for field_name, n in counts.items():
        for i in range(n):
            rows[i % 10] = replace(
                rows[i % 10], **{field_name: getattr(rows[i % 10], field_name) + 1}
            )
    f = from_facts(appeals(), rows, MARCH, CFG, AS_OF, trend=[], previous_total=25)
    return build_report(f, config=CFG.assessment)


Published = tuple[int | None, str, tuple[str, ...], str, tuple[str, str, str, str], str]


def published(r: PublicReport) -> Published:
    u = r.units[0]
    cells = (u.orders.shown, u.returns.shown, u.reopens.shown, u.supervisions.shown)
    return (u.rank, u.name, tuple(u.rates.values()), u.score, cells, r.overall_score)


@pytest.mark.parametrize("field_name", ["supervision_count", "reopen_count", "return_requests"])
def test_a_score_resting_on_a_hidden_count_is_not_published(field_name: str) -> None:
    lines = {n: published(report_with(**{field_name: n})) for n in range(1, 5)}
    # 1 to 4: every published figure is the same, so none gives the count back
    assert len(set(lines.values())) == 1, lines
    (line,) = set(lines.values())
    assert line[3] == "—"  # the unit's score
    assert line[5] == "—"  # the centre's: the same counts, summed
    assert "<5" in line[4]
    assert line[2] == ("80.0%", "100.0%", "87.5%", "75.0%")  # the rates stay shown


def test_a_rejected_return_not_published_hides_the_score_too() -> None:
    # five 退单 (shown), one of them rejected (不合理退单: in the score, not in the table)
    r = report_with(return_requests=5, returns_rejected=1)
    assert r.units[0].returns.shown == "5"
    assert r.units[0].score == "—"


def test_published_scores_move_with_their_figures() -> None:
    # 退单 take 0.2 points per percentage point: one on 10 orders is 2 points
    scores = [report_with(return_requests=n).units[0].score for n in (0, 5, 6, 7)]
    assert scores == ["84.75", "74.75", "72.75", "70.75"]
    html = render_html(report_with(supervision_count=2))
    assert "综合得分" in html
    assert "84.75" not in html
    assert "64.75" not in html
