"""Trial 9 N09: the report printed 「转办工单 36」, the one listed unit's 32 and
「另有部分承办单位…（合计<5件）」: 36 - 32 gives the hidden 4 back. The units' orders are
the parts of the published orders total, and are protected like every other table's parts
(complementary suppression: docs/analytics.md "One rule for small counts")."""

from __future__ import annotations

import pytest

from casebridge.analytics.facts import AppealFacts, AssignmentFacts
from casebridge.reports import render_html
from casebridge.reports.model import PublicReport
from casebridge.reports.suppression import WITHHELD, Cell, exposed, hidden
from tests.unit.reports.december import BASE, K, december_report, order


def report(units: list[int]) -> PublicReport:
    """One appeal with an order per order; unit ``u`` gets ``units[u]`` of them."""
    appeals: list[AppealFacts] = []
    orders: list[AssignmentFacts] = []
    for u, n in enumerate(units):
        for _ in range(n):
            i = len(appeals)
            appeals.append(
                AppealFacts(f"A{i}", BASE, "web", "城乡建设", county="牡丹区", state="replied")
            )
            orders.append(order(i, f"u{u}"))
    return december_report(appeals, orders)


def unit_parts(r: PublicReport) -> list[Cell]:
    """The units' orders as published: each listed unit's, and the small units' sum."""
    cells = [u.orders for u in r.units] + [u.orders for u in r.listed_unranked]
    return cells + ([r.small_units.orders] if r.small_units and r.small_units.count else [])


@pytest.mark.parametrize(
    "units",
    [
        [32, 2, 1, 1],  # the trial: 36 orders, 32 for one unit, 4 for three others
        [27, 3],
        [40, 15, 1],
        [12, 11, 2, 2],
        [20, 10, 4],
    ],
)
def test_the_small_units_sum_cannot_be_worked_out_from_the_orders_total(
    units: list[int],
) -> None:
    r = report(units)
    assert r.orders.value == sum(units)
    assert not hidden(r.orders)
    cells = unit_parts(r)
    assert sum(c.value for c in cells) == sum(units)
    printed = sum(c.value for c in cells if not hidden(c))
    assert not 0 < r.orders.value - printed < K, [c.shown for c in cells]
    assert not exposed(cells, K), [c.shown for c in cells]
    # the page says no more than the cells: no listed unit's count behind the ×
    page = render_html(r)
    for c in cells:
        if c.shown == WITHHELD:
            assert f"<td>{c.value}</td>" not in page


@pytest.mark.parametrize("units", [[30, 12, 6], [25, 20], [18, 7, 6]])
def test_units_with_nothing_to_give_back_are_printed_in_full(units: list[int]) -> None:
    r = report(units)
    assert all(not hidden(c) for c in unit_parts(r)), [c.shown for c in unit_parts(r)]
