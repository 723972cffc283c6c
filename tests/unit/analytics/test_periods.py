from datetime import UTC, date, datetime

import pytest

from casebridge.analytics.errors import PeriodError
from casebridge.analytics.periods import parse_period


def test_month_is_shanghai_local_and_half_open() -> None:
    p = parse_period("2025-03")
    assert p.start_utc == datetime(2025, 2, 28, 16, 0, tzinfo=UTC)
    assert p.end_utc == datetime(2025, 3, 31, 16, 0, tzinfo=UTC)
    # 00:30 on 1 March in Heze is still February in UTC
    assert p.contains(datetime(2025, 2, 28, 16, 30, tzinfo=UTC))
    assert not p.contains(datetime(2025, 2, 28, 15, 59, 59, tzinfo=UTC))
    assert not p.contains(datetime(2025, 3, 31, 16, 0, tzinfo=UTC))
    assert p.title_zh == "2025年3月"
    assert p.days == 31


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2025-Q1", "quarter", date(2025, 1, 1), date(2025, 4, 1)),
        ("2024", "year", date(2024, 1, 1), date(2025, 1, 1)),
        ("2025-W10", "week", date(2025, 3, 3), date(2025, 3, 10)),
        ("2025-03-05", "day", date(2025, 3, 5), date(2025, 3, 6)),
        ("2025-03-01..2025-03-15", "range", date(2025, 3, 1), date(2025, 3, 16)),
        ("2024-12", "month", date(2024, 12, 1), date(2025, 1, 1)),
    ],
)
def test_forms(text: str, kind: str, start: date, end: date) -> None:
    p = parse_period(text)
    assert (p.kind, p.start, p.end) == (kind, start, end)


@pytest.mark.parametrize(
    "text", ["", "2025-13", "2025-02-30", "March", "2025-03-10..2025-03-01", "2025-W60"]
)
def test_bad_periods_are_clear_errors(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_previous_and_same_period_last_year() -> None:
    assert parse_period("2025-01").previous().label == "2024-12"
    assert parse_period("2025-Q1").previous().label == "2024-Q4"
    assert parse_period("2025-03").shift_years(-1).label == "2024-03"
    leap = parse_period("2024-02-29").shift_years(1)
    assert leap.start == date(2025, 2, 28)
    r = parse_period("2025-03-01..2025-03-10").previous()
    assert (r.start, r.end) == (date(2025, 2, 19), date(2025, 3, 1))
    assert [m.label for m in parse_period("2025-Q1").months()] == ["2025-01", "2025-02", "2025-03"]


@pytest.mark.parametrize(
    "text",
    [
        "0001",
        "0001-01",
        "0001-Q1",
        "0001-W01",
        "0001-01-01",
        "0001-01-01..0001-01-31",
        "9999",
        "9999-12",
        "9999-Q4",
        "9999-W52",
        "9999-12-31",
        "2025-03-01..9999-12-31",
        "1999-12-31..2000-01-02",
        "1000",
        "1969-07",
        "2100-01",
        "2099-W53",
    ],
)
def test_periods_outside_the_hotlines_years_are_period_errors(text: str) -> None:
    """D1: the calendar's edges overflowed (OverflowError, a 500); every form outside
    FIRST_YEAR..LAST_YEAR is a PeriodError."""
    with pytest.raises(PeriodError, match="2000"):
        parse_period(text)


@pytest.mark.parametrize("text", ["2000", "2000-01", "2000-W01", "2099-12-31", "2099-Q4"])
def test_the_edge_years_themselves_work_with_their_comparisons(text: str) -> None:
    p = parse_period(text)
    # what every report computes: 环比, 同比, and the UTC bounds
    assert p.previous().end == p.start
    assert p.shift_years(-1).start < p.start
    assert p.start_utc < p.end_utc
