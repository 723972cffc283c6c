"""Chinese line breaking (避头尾) in the PDF: no line starts with a closing mark, none
ends with an opening one, at any width."""

from __future__ import annotations

import os

import pytest

from casebridge.reports.fonts import find_cjk_font
from casebridge.reports.kinsoku import CANNOT_END, CANNOT_START

TEXT = (
    "综合得分＝100×（响应率×20%＋按时办结率×20%＋解决率×30%＋满意率×30%）－扣分"
    "（退单率每1个百分点扣0.2分，不合理退单率每1个百分点扣0.5分；重办率、督办率另计）。"
    "本期尚未结束，数据截至11月30日：环比、同比按相同天数比较！是否满意？"
    "《菏泽市12345政务服务便民热线条例》第二十一条规定，「向社会公布」『工作情况』【通报】。"
)


def lines_at(width: float, font: str, styled: bool = False) -> list[str]:
    from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
    from reportlab.platypus import Paragraph  # type: ignore[import-untyped]

    style = ParagraphStyle("c", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    # one style goes through reportlab's wordSplit, several through cjkFragSplit
    markup = TEXT.replace("第二十一条", "<font size=9>第二十一条</font>") if styled else TEXT
    para = Paragraph(markup, style)
    para.wrap(width, 10_000)
    bl = para.blPara
    if bl.kind == 0:  # one style: (extra space, [text]) per line
        return ["".join(words) for _, words in bl.lines]
    return ["".join(w.text for w in line.words) for line in bl.lines]


@pytest.fixture(scope="module")
def font() -> str:
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
    from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

    cjk = find_cjk_font()
    if cjk is None:
        message = "no CJK TrueType font (apt-get install fonts-wqy-microhei): NOT tested"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true makes this a failure)")
        pytest.skip(message)
    if cjk.name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(cjk.name, str(cjk.path), subfontIndex=cjk.index))
    return cjk.name


def bad_lines(lines: list[str]) -> list[str]:
    return [
        ln
        for i, ln in enumerate(lines)
        if (i > 0 and ln[:1] in CANNOT_START) or (i < len(lines) - 1 and ln[-1:] in CANNOT_END)
    ]


def test_no_line_starts_with_closing_or_ends_with_opening_mark(font: str) -> None:
    from casebridge.reports import kinsoku

    kinsoku.install()
    for styled in (False, True):
        for width in range(40, 400, 3):
            lines = lines_at(width, font, styled)
            assert "".join(lines) == TEXT  # nothing lost or doubled
            assert bad_lines(lines) == [], (width, styled)


def test_reportlab_alone_breaks_the_rule(font: str) -> None:
    """Why the splitter exists: reportlab's own CJK splitter starts lines with ，；：
    and ends them with （ at some widths (if this ever fails, drop kinsoku.py)."""
    from reportlab.lib import textsplit  # type: ignore[import-untyped]
    from reportlab.platypus import paragraph

    from casebridge.reports import kinsoku

    paragraph.wordSplit = textsplit.wordSplit
    try:
        found = [w for w in range(40, 400, 3) if bad_lines(lines_at(w, font))]
    finally:
        kinsoku.install()
    assert found
