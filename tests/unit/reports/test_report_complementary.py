"""trial8 F14: 「另有5个承办单位工单少于10件（合计5件）」 gave each small unit away (five
units, five orders: each 1), and five ``<5`` cells adding up to what their published total
leaves are each 1. A published total never fixes a hidden count: complementary
suppression (docs/analytics.md "One rule for small counts")."""

from __future__ import annotations

import pytest

from casebridge.analytics.facts import AppealFacts, AssignmentFacts
from casebridge.reports.model import PublicReport, units_summary_zh
from casebridge.reports.suppression import exposed, hidden, pinned, protect
from tests.unit.reports.december import BASE, K, december_report, order


def report(big: int, small: list[tuple[str, str, int]]) -> PublicReport:
    """``big`` orders of one unit in 牡丹区/城乡建设, and for each ``(county, category, n)``
    of ``small`` one more unit with ``n`` orders there (the trial: 27 and five times 1)."""
    appeals: list[AppealFacts] = []
    orders: list[AssignmentFacts] = []
    for i in range(big):
        appeals.append(AppealFacts(f"A{i}", BASE, "web", "城乡建设", county="牡丹区"))
        orders.append(order(i, "big"))
    i = big
    for u, (county, category, n) in enumerate(small):
        for _ in range(n):
            appeals.append(AppealFacts(f"A{i}", BASE, "web", category, county=county))
            orders.append(order(i, f"small{u}"))
            i += 1
    return december_report(appeals, orders)


TRIAL = [
    ("东明县", "城乡建设", 1),
    ("巨野县", "城乡建设", 1),
    ("成武县", "交通运输", 1),
    ("曹县", "环境保护", 1),
    ("鄄城县", "城乡建设", 1),
]


def test_the_trial_units_line_no_longer_gives_each_unit_away() -> None:
    r = report(27, TRIAL)
    summary = units_summary_zh(r)
    assert "5个承办单位" not in summary, summary
    assert "有工单的承办单位" not in summary, summary  # busy - ranked would give the 5
    assert "另有部分承办单位工单少于10件" in summary


@pytest.mark.parametrize(
    "small",
    [
        [("东明县", "城乡建设", 4), ("曹县", "环境保护", 2)],  # 2 units, 6 orders
        [(c, "城乡建设", 3) for c in ("东明县", "巨野县", "曹县")],  # 3 units, 9 orders
    ],
)
def test_a_units_line_that_fixes_nothing_is_published_in_full(
    small: list[tuple[str, str, int]],
) -> None:
    r = report(27, small)
    summary = units_summary_zh(r)
    assert f"另有{len(small)}个承办单位工单少于10件" in summary, summary


def test_no_heat_column_fixes_a_hidden_county() -> None:
    r = report(27, TRIAL)
    categories = dict(r.by_category)
    for i, name in enumerate(r.heat_columns):
        column = [cells[i] for _, cells in r.heat_rows]
        if not hidden(categories[name]):
            assert not exposed(column, K), (name, [c.shown for c in column])


@pytest.mark.parametrize(
    ("parts", "shown"),
    [
        ([27, 1, 1, 1], ["×", "<5", "<5", "<5"]),  # three <5 adding up to 3: each 1
        ([27, 1, 1, 1, 1, 1], ["×", "<5", "<5", "<5", "<5", "<5"]),
        ([20, 4, 4], ["×", "<5", "<5"]),  # two <5 adding up to 8: each 4
        ([20, 3, 3], ["20", "<5", "<5"]),  # 6 = 2+4, 3+3, 4+2: nothing fixed
        ([20, 9, 1, 1, 1, 1, 1], ["20", "×", "<5", "<5", "<5", "<5", "<5"]),
    ],
)
def test_protect_leaves_no_hidden_part_fixed(parts: list[int], shown: list[str]) -> None:
    cells = protect(parts, sum(parts), K)
    assert [c.shown for c in cells] == shown
    assert not exposed(cells, K)


def test_pinned_is_the_interval_of_a_part() -> None:
    assert pinned(5, [(1, 4)] * 5) == [True] * 5
    assert pinned(6, [(1, 4)] * 5) == [False] * 5
    assert pinned(8, [(1, 4)] * 2) == [True, True]
    assert pinned(31, [(1, 4)] * 5 + [(5, 31)]) == [False] * 6
