"""Render a :class:`PublicReport` as HTML (inline SVG charts) and as PDF (reportlab).

The PDF embeds (as a subset) the CJK TrueType font of :mod:`casebridge.reports.fonts`,
carries its title, author, subject, keywords and the report's own creation date, starts
each section a reader would print on its own page, sizes table columns from their
content, and draws the charts with :mod:`casebridge.reports.charts` (integer ticks for
counts, no clipped or overlapping labels).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from casebridge.analytics.assessment import METRIC_LABELS_ZH
from casebridge.reports import charts as ch
from casebridge.reports.fonts import require_cjk_font
from casebridge.reports.model import REPORT_METRICS, PublicReport, UnitLine, units_summary_zh
from casebridge.reports.suppression import Cell, hidden, informative
from casebridge.sla import SHANGHAI

TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
PRODUCER = "hotline-gateway (reportlab)"


def _generated(r: PublicReport) -> str:
    return r.generated_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


#: The one background of every heat-table cell shown as ``<k``: a colour scaled on the
#: hidden count would publish it (four shades for 1 to 4).
SUPPRESSED_COLOUR = "#eef2f7"


def heat_colour(value: int | Cell, top: int, suppress_below: int) -> str:
    """A white-to-blue background for a heat-table cell; one neutral colour for every
    count the small-count rule hides (1 to ``suppress_below - 1``) or withholds."""
    if isinstance(value, Cell):
        if hidden(value):
            return SUPPRESSED_COLOUR
        value = value.value
    if 0 < value < suppress_below:
        return SUPPRESSED_COLOUR
    if top <= 0 or value <= 0:
        return "#ffffff"
    t = min(1.0, value / top)
    r = int(255 - t * (255 - 31))
    g = int(255 - t * (255 - 95))
    b = int(255 - t * (255 - 168))
    return f"#{r:02x}{g:02x}{b:02x}"


def _plotted(cell: Cell) -> float:
    """A count as a chart draws it: ``nan`` (no point) when it is hidden."""
    return math.nan if hidden(cell) else float(cell.value)


def chart_set(r: PublicReport) -> dict[str, ch.Chart]:
    """The report's charts (the dashboard shows the same ones)."""
    top = r.by_category[:10]
    return {
        "category_chart": ch.bar_chart(
            # a hidden count has no bar: its length would publish it (trial7 F07)
            [(name, 0.0 if hidden(c) else float(c.value)) for name, c in top],
            title="诉求类别（前十）",
            value_labels=[c.shown for _, c in top],
        ),
        # a hidden count is no point on the line (a gap, marked on the axis): its height
        # and the axis scale would publish it (trial7 F07)
        "trend_chart": ch.line_chart(
            [label for label, _ in r.trend],
            [_plotted(c) for _, c in r.trend_shown],
            title=f"近{len(r.trend)}个月诉求量"
            + (f"（{r.period.label}{r.status_zh}）" if r.running else ""),
            name="诉求量（件）",
            value_labels=[c.shown for _, c in r.trend_shown],
        ),
        "daily_chart": ch.line_chart(
            [f"{d.month}/{d.day}" for d in r.period.local_days()[: len(r.daily)]],
            [_plotted(c) for c in r.daily_shown],
            title="本期每日诉求量" + (f"（{r.status_zh}）" if r.running else ""),
            name="每日诉求量（件）",
            value_labels=[c.shown for c in r.daily_shown],
        ),
    }


def charts(r: PublicReport) -> dict[str, str]:
    """The charts as inline SVG."""
    return {name: c.svg() for name, c in chart_set(r).items()}


def render_html(r: PublicReport, svgs: dict[str, str] | None = None) -> str:
    """The report as one self-contained HTML page (each section starts a printed page)."""
    heat_top = max((c.value for _, cells in r.heat_rows for c in cells if not hidden(c)), default=0)
    return _env.get_template("report.html").render(
        r=r,
        generated=_generated(r),
        metrics=REPORT_METRICS,
        labels=METRIC_LABELS_ZH,
        heat=lambda v: heat_colour(v, heat_top, r.suppress_below),
        units_summary=units_summary_zh(r),
        **(svgs if svgs is not None else charts(r)),
    )


# -- PDF ----------------------------------------------------------------------------
FONT_SIZE = 8.5
PAD = 4.0  # points of padding each side of a cell


def column_widths(
    rows: Sequence[Sequence[str]], font: str, size: float, available: float, wrap: int | None
) -> list[float]:
    """Each column as wide as its widest cell (header included); when the table is wider
    than ``available``, column ``wrap`` (the unit names) gives way and wraps."""
    from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

    n = max(len(r) for r in rows)
    widths = [0.0] * n
    for row in rows:
        for i, text in enumerate(row):
            widths[i] = max(widths[i], stringWidth(str(text), font, size) + 2 * PAD)
    total = sum(widths)
    if total > available and wrap is not None:
        rest = total - widths[wrap]
        widths[wrap] = max(available - rest, 6 * size + 2 * PAD)
    elif total < available and wrap is not None:
        widths[wrap] += available - total  # the name column takes the spare width
    return widths


def render_pdf(r: PublicReport, pngs: dict[str, bytes] | None = None) -> bytes:
    """The report as PDF bytes (A4), CJK font embedded; :class:`ReportError` without one."""
    from reportlab.lib import colors  # type: ignore[import-untyped]
    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
    from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
    from reportlab.lib.units import mm  # type: ignore[import-untyped]
    from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
    from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
    from reportlab.platypus import (  # type: ignore[import-untyped]
        Image,
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from casebridge.reports import kinsoku

    kinsoku.install()
    cjk = require_cjk_font()
    font = cjk.name
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, str(cjk.path), subfontIndex=cjk.index))
    cjk_wrap = {"fontName": font, "wordWrap": "CJK"}  # 避头尾: casebridge.reports.kinsoku
    title = ParagraphStyle("t", fontSize=17, leading=24, alignment=1, **cjk_wrap)
    h2 = ParagraphStyle("h", fontSize=13, leading=19, spaceAfter=6, **cjk_wrap)
    body = ParagraphStyle("b", fontSize=9.5, leading=14, **cjk_wrap)
    cell = ParagraphStyle("c", fontSize=FONT_SIZE, leading=FONT_SIZE * 1.3, **cjk_wrap)
    note = ParagraphStyle("n", parent=body, fontSize=8, leading=12, textColor=colors.grey)
    width = A4[0] - 28 * mm
    images = pngs if pngs is not None else {k: c.png() for k, c in chart_set(r).items()}

    def table(rows: list[list[str]], wrap: int | None = None) -> Any:
        if not informative(rows[1:], r.suppress_below):
            return Paragraph(f"本表各项数值均为零或小于{r.suppress_below}，不单独列出。", note)
        widths = column_widths(rows, font, FONT_SIZE, width, wrap)
        data: list[list[Any]] = [list(row) for row in rows]
        if wrap is not None:
            for row in data[1:]:
                row[wrap] = Paragraph(str(row[wrap]), cell)
        t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        left = [("ALIGN", (wrap, 0), (wrap, -1), "LEFT")] if wrap is not None else []
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f9")),
                    ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                    ("ALIGN", (0, 0), (0, -1), "LEFT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                    *left,
                ]
            )
        )
        return t

    def chart(key: str) -> Any:
        png = images[key]
        w, h = ImageReader(io.BytesIO(png)).getSize()
        return Image(io.BytesIO(png), width=width, height=width * h / w)

    labels = [METRIC_LABELS_ZH[m] for m in REPORT_METRICS]
    overview = table(
        [
            ["诉求总量", "环比", "同比", "转办工单", *labels, "综合得分"],
            [
                r.total.shown,
                r.growth_previous,
                r.growth_last_year,
                r.orders.shown,
                *[r.overall_rates[m] for m in REPORT_METRICS],
                r.overall_score,
            ],
        ]
    )
    channels = [[n, c.shown] for n, c in r.by_channel] or [["本期无数据", "0"]]
    story: list[Any] = [
        Paragraph(f"{r.centre}<br/>{r.title_zh}工作情况通报", title),
        Spacer(1, 4 * mm),
        Paragraph(
            f"统计周期：{r.title_zh}（北京时间）；生成时间：{_generated(r)}。"
            "依据《菏泽市12345政务服务便民热线条例》第二十一条向社会公布。"
            + ("本期尚未结束，数据不是最终结果。" if r.running else ""),
            note,
        ),
        Spacer(1, 4 * mm),
        Paragraph("一、总体情况", h2),
        overview,
        Spacer(1, 3 * mm),
        Paragraph(r.comparison_zh, note),
        Paragraph("本期无诉求和工单数据。" if r.empty else "", body),
        Paragraph("二、诉求渠道分布", h2),
        table([["渠道", "诉求量"], *channels]),
        PageBreak(),
        Paragraph("三、诉求类别分布", h2),
        chart("category_chart"),
        Spacer(1, 3 * mm),
        table([["类别", "诉求量"], *[[n, c.shown] for n, c in r.by_category]])
        if r.by_category
        else Paragraph("本期无数据", body),
        PageBreak(),
        Paragraph("四、诉求量趋势", h2),
        KeepTogether([chart("trend_chart"), Spacer(1, 4 * mm), chart("daily_chart")]),
        PageBreak(),
        Paragraph("五、承办单位办理情况", h2),
        Paragraph(r.formula, note),
        Spacer(1, 2 * mm),
    ]
    head = ["排名", "承办单位", "工单量", *labels, "综合得分", "退单", "重办", "督办"]

    def unit_row(u: UnitLine, rank: str) -> list[str]:
        return [
            rank,
            u.name,
            u.orders.shown,
            *[u.rates[m] for m in REPORT_METRICS],
            u.score,
            u.returns.shown,
            u.reopens.shown,
            u.supervisions.shown,
        ]

    if r.units:
        story.append(table([head, *[unit_row(u, str(u.rank)) for u in r.units]], wrap=1))
    elif not r.unranked:
        story.append(Paragraph("本期无工单。", body))
    else:
        story.append(Paragraph("本期没有达到排名条件的承办单位。", body))
    # units with enough orders but a rate resting on too few cases: listed apart
    apart = r.listed_unranked
    if apart:
        story += [
            Spacer(1, 3 * mm),
            Paragraph("以下单位样本不足，不参与排名：", body),
            table([["", *head[1:]], *[unit_row(u, "—") for u in apart]], wrap=1),
        ]
    story += [
        Spacer(1, 2 * mm),
        Paragraph(units_summary_zh(r), note),
        PageBreak(),
        Paragraph("六、区域分布热力表", h2),
    ]
    if r.heat_rows:
        story.append(
            table(
                [
                    ["县区", *r.heat_columns],
                    *[[county, *[c.shown for c in cells]] for county, cells in r.heat_rows],
                ]
            )
        )
    else:
        story.append(Paragraph("本期无数据", body))
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            f"说明：本通报仅含汇总数据，不含任何个人信息。小于{r.suppress_below}的数值以"
            f"“&lt;{r.suppress_below}”表示；样本量小于{r.suppress_below}的比率、"
            f"基数小于{r.suppress_below}的环比和同比以“—”表示；扣分项（退单、重办、督办）"
            f"件数小于{r.suppress_below}的单位，综合得分亦以“—”表示（排名不变）；"
            f"由合计与其他数值可推算出小于{r.suppress_below}的数值时，相关数值以“×”表示；"
            f"小于{r.suppress_below}的数值在趋势图中不予标出，环比、同比亦以“—”表示。",
            note,
        ),
    ]
    stamp = r.generated_at.astimezone(SHANGHAI)
    created = stamp.strftime("D:%Y%m%d%H%M%S+08'00'")

    def page(canvas: Any, doc: Any) -> None:
        canvas.setDateFormatter(lambda *_: created)  # the report's own time, not 2000
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.grey)
        canvas.drawCentredString(A4[0] / 2, 8 * mm, f"第 {doc.page} 页")

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        title=f"{r.centre}{r.period.title_zh}工作情况通报",
        author=r.centre,
        subject=f"{r.period.title_zh}热线工作情况和承办单位办理情况（第二十一条）",
        keywords=["12345", "政务服务便民热线", "工作情况通报", r.period.label],
        creator=PRODUCER,
        producer=PRODUCER,
        lang="zh-CN",
        initialFontName=font,  # no unembedded Helvetica in the page resources
        initialFontSize=9,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        invariant=1,  # the same report gives the same bytes (dates come from the report)
    )
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buf.getvalue()
