"""The December 2026 report the small-count test files build (test_report_small_counts,
test_report_complementary, test_report_units_total): the analytics configuration, the
period, one order's facts and the report of a set of appeals and orders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from casebridge.analytics.config import load_config
from casebridge.analytics.facts import AppealFacts, AssignmentFacts, UnitRef
from casebridge.analytics.figures import from_facts
from casebridge.analytics.periods import parse_period
from casebridge.reports import build_report
from casebridge.reports.model import PublicReport
from config.settings import DATA_DIR

CFG = load_config(DATA_DIR)
DEC = parse_period("2026-12")
AS_OF = datetime(2027, 1, 10, tzinfo=UTC)
#: When every appeal of these files comes in (2 December, 09:00 Beijing time).
BASE = datetime(2026, 12, 2, 1, tzinfo=UTC)
#: The small-count rule's ``k`` of the default report.
K = 5


def order(i: int, unit: str) -> AssignmentFacts:
    """Order ``W<i>`` for ``unit``, signed in an hour and replied to on time (day 4 of 5)."""
    return AssignmentFacts(
        order_number=f"W{i}",
        unit_id=unit,
        unit_name=f"单位{unit}",
        dispatched_at=BASE,
        sign_deadline=BASE + timedelta(hours=2),
        signed_at=BASE + timedelta(hours=1),
        deadline=BASE + timedelta(days=5),
        replied_at=BASE + timedelta(days=4),
    )


def december_report(
    appeals: Sequence[AppealFacts],
    orders: Sequence[AssignmentFacts],
    *,
    trend: Sequence[tuple[str, int]] = (),
    previous_total: int = 0,
    last_year_total: int | None = None,
) -> PublicReport:
    """The December report of ``appeals`` and ``orders``, with one more unit that had no
    order (单县水务局) and the default assessment."""
    f = from_facts(
        appeals,
        orders,
        DEC,
        CFG,
        AS_OF,
        units=[UnitRef("idle", "单县水务局")],
        trend=trend,
        previous_total=previous_total,
        last_year_total=last_year_total,
    )
    return build_report(f, config=CFG.assessment)
