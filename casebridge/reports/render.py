"""Render a :class:`PublicReport` as HTML (inline SVG charts) and as PDF (reportlab).

The PDF uses reportlab's built-in CID font STSong-Light, so no font file is needed.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from casebridge.analytics.assessment import METRIC_LABELS_ZH
from casebridge.reports import svg
from casebridge.reports.model import REPORT_METRICS, PublicReport
from casebridge.sla import SHANGHAI

TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
CJK_FONT = "STSong-Light"


def _generated(r: PublicReport) -> str:
    return r.generated_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def charts(r: PublicReport) -> dict[str, str]:
    """The SVG charts of the report (also used by the dashboard)."""
    top = r.by_category[:10]
    return {
        "category_chart": svg.bar_chart(
            [(name, float(c.value)) for name, c in top],
            title="诉求类别（前十）",
            value_labels=[c.shown for _, c in top],
        ),
        "trend_chart": svg.line_chart(
            [label for label, _ in r.trend],
            [("诉求量", [float(n) for _, n in r.trend])],
            title="近期各月诉求量",
        ),
        "daily_chart": svg.line_chart(
            [f"{d.month}/{d.day}" for d in r.period.local_days()],
            [("每日诉求量", [float(n) for n in r.daily])],
            title="本期每日诉求量",
        ),
    }


def render_html(r: PublicReport) -> str:
    """The report as one self-contained HTML page."""
    heat_top = max((c.value for _, cells in r.heat_rows for c in cells), default=0)
    return _env.get_template("report.html").render(
        r=r,
        generated=_generated(r),
        metrics=REPORT_METRICS,
        labels=METRIC_LABELS_ZH,
        heat=lambda v: svg.heat_colour(v, heat_top),
        **charts(r),
    )


def render_pdf(r: PublicReport) -> bytes:
    """The report as PDF bytes (A4, Chinese text in STSong-Light)."""
    from reportlab.graphics.charts.barcharts import (  # type: ignore[import-untyped]
        HorizontalBarChart,
    )
    from reportlab.graphics.charts.linecharts import (  # type: ignore[import-untyped]
        HorizontalLineChart,
    )
    from reportlab.graphics.shapes import Drawing, String  # type: ignore[import-untyped]
    from reportlab.lib import colors  # type: ignore[import-untyped]
    from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
    from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
    from reportlab.lib.units import mm  # type: ignore[import-untyped]
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]
    from reportlab.platypus import (  # type: ignore[import-untyped]
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    title = ParagraphStyle("t", fontName=CJK_FONT, fontSize=17, leading=24, alignment=1)
    h2 = ParagraphStyle("h", fontName=CJK_FONT, fontSize=12.5, leading=18, spaceBefore=8)
    body = ParagraphStyle("b", fontName=CJK_FONT, fontSize=9.5, leading=14)
    note = ParagraphStyle("n", parent=body, fontSize=8, textColor=colors.grey)
    labels = METRIC_LABELS_ZH

    def table(rows: list[list[Any]], widths: list[float] | None = None) -> Any:
        t = Table(rows, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), CJK_FONT),
                    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f9")),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return t

    def bars(items: list[tuple[str, int]], caption: str) -> Any:
        d = Drawing(170 * mm, 12 + 14 * max(1, len(items)) + 20)
        d.add(String(0, d.height - 12, caption, fontName=CJK_FONT, fontSize=10))
        if items:
            c = HorizontalBarChart()
            c.x, c.y = 45 * mm, 10
            c.height, c.width = 14 * len(items), 110 * mm
            c.data = [[v for _, v in reversed(items)]]
            c.categoryAxis.categoryNames = [n for n, _ in reversed(items)]
            c.categoryAxis.labels.fontName = CJK_FONT
            c.categoryAxis.labels.fontSize = 8
            c.valueAxis.valueMin = 0
            c.valueAxis.labels.fontSize = 7
            c.bars[0].fillColor = colors.HexColor(svg.PALETTE[0])
            d.add(c)
        return d

    def line(xs: list[str], ys: list[int], caption: str) -> Any:
        d = Drawing(170 * mm, 60 * mm)
        d.add(String(0, d.height - 12, caption, fontName=CJK_FONT, fontSize=10))
        if ys:
            c = HorizontalLineChart()
            c.x, c.y = 12 * mm, 10 * mm
            c.height, c.width = 40 * mm, 150 * mm
            c.data = [ys]
            c.categoryAxis.categoryNames = xs
            c.categoryAxis.labels.fontSize = 6.5
            c.categoryAxis.labels.angle = 30 if len(xs) > 12 else 0
            c.valueAxis.valueMin = 0
            c.valueAxis.labels.fontSize = 7
            c.lines[0].strokeColor = colors.HexColor(svg.PALETTE[0])
            d.add(c)
        return d

    story: list[Any] = [
        Paragraph(f"{r.centre}<br/>{r.period.title_zh}工作情况通报", title),
        Spacer(1, 4 * mm),
        Paragraph(
            f"统计周期：{r.period.title_zh}（北京时间）；生成时间：{_generated(r)}。"
            "依据《菏泽市12345政务服务便民热线条例》第二十一条向社会公布。",
            note,
        ),
        Paragraph("一、总体情况", h2),
        table(
            [
                [
                    "诉求总量",
                    "环比",
                    "同比",
                    "转办工单",
                    *[labels[m] for m in REPORT_METRICS],
                    "综合得分",
                ],
                [
                    r.total.shown,
                    r.growth_previous,
                    r.growth_last_year,
                    r.orders.shown,
                    *[r.overall_rates[m] for m in REPORT_METRICS],
                    r.overall_score,
                ],
            ]
        ),
        Paragraph("二、诉求渠道分布", h2),
        table(
            [["渠道", "诉求量"]] + [[n, c.shown] for n, c in r.by_channel] or [["本期无数据", ""]]
        ),
        Paragraph("三、诉求类别分布", h2),
        bars([(n, c.value) for n, c in r.by_category[:10]], "诉求类别（前十）"),
        table([["类别", "诉求量"]] + [[n, c.shown] for n, c in r.by_category]),
        Paragraph("四、诉求量趋势", h2),
        line([label for label, _ in r.trend], [n for _, n in r.trend], "近期各月诉求量"),
        line([str(d.day) for d in r.period.local_days()], list(r.daily), "本期每日诉求量"),
        Paragraph("五、承办单位办理情况", h2),
        table(
            [
                [
                    "排名",
                    "承办单位",
                    "工单量",
                    *[labels[m] for m in REPORT_METRICS],
                    "得分",
                    "退单",
                    "重办",
                    "督办",
                ]
            ]
            + [
                [
                    u.rank or "—",
                    Paragraph(u.name, body),
                    u.orders.shown,
                    *[u.rates[m] for m in REPORT_METRICS],
                    u.score,
                    u.returns.shown,
                    u.reopens.shown,
                    u.supervisions.shown,
                ]
                for u in r.units
            ],
            [10 * mm, 42 * mm, 13 * mm, 15 * mm, 17 * mm, 15 * mm, 15 * mm, 14 * mm]
            + [11 * mm] * 3,
        ),
        Paragraph("六、区域分布热力表", h2),
        table(
            [["县区", *r.heat_columns]]
            + [[county, *[c.shown for c in cells]] for county, cells in r.heat_rows]
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            f"说明：本通报仅含汇总数据，不含任何个人信息。小于{r.suppress_below}的数值以"
            f"“&lt;{r.suppress_below}”表示，样本量小于{r.suppress_below}的比率以“—”表示。",
            note,
        ),
    ]
    buf = io.BytesIO()
    size = A4 if len(r.heat_columns) <= 8 else landscape(A4)
    doc = SimpleDocTemplate(
        buf,
        pagesize=size,
        title=f"{r.centre}{r.period.title_zh}工作情况通报",
        author=r.centre,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        invariant=1,  # the same report gives the same bytes
    )
    doc.build(story)
    return buf.getvalue()
