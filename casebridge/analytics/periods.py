"""Reporting periods in Asia/Shanghai local dates, as half-open aware-UTC ranges.

Everything is stored in UTC; a "March 2025" report means local (China Standard Time)
dates 2025-03-01 to 2025-03-31, i.e. 2025-02-28T16:00Z up to 2025-03-31T16:00Z.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from casebridge.analytics.errors import PeriodError
from casebridge.sla import SHANGHAI, local_day

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEARS = re.compile(r"(?:^|\.\.)(\d{4})")  # the year(s) every form begins with
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\.\.(\d{4}-\d{1,2}-\d{1,2})$")


FIRST_YEAR = 2000
"""No hotline data can be older (12345 hotlines date from the 2000s): earlier periods are
refused, which also keeps every comparison (环比, 同比) inside the calendar."""
LAST_YEAR = 2099
"""The last year a period may reach (a project choice; ``9999-12-31`` has no next day)."""


def check_years(start: date, end: date, raw: str) -> None:
    """PeriodError unless local dates ``start``..``end`` (exclusive) lie within
    :data:`FIRST_YEAR` .. :data:`LAST_YEAR`."""
    if start < date(FIRST_YEAR, 1, 1) or end > date(LAST_YEAR + 1, 1, 1):
        raise _outside(raw)


def _outside(raw: str) -> PeriodError:
    return PeriodError(
        f"period {raw!r} is outside the years {FIRST_YEAR}-{LAST_YEAR} "
        f"(统计周期须在{FIRST_YEAR}年至{LAST_YEAR}年之间)"
    )


def check_moment(moment: datetime, raw: str) -> datetime:
    """``moment`` itself when it lies within :data:`FIRST_YEAR` .. :data:`LAST_YEAR`
    (an ``--as-of`` time, say), else PeriodError."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise PeriodError(f"time {raw!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return moment


def local_midnight_utc(day: date) -> datetime:
    """The aware UTC instant at which ``day`` begins in Asia/Shanghai."""
    return datetime.combine(day, time(0), tzinfo=SHANGHAI).astimezone(UTC)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


@dataclass(frozen=True)
class Period:
    """Local dates ``start`` (inclusive) to ``end`` (exclusive) with a readable label."""

    kind: str  # day | week | month | quarter | year | range
    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise PeriodError(f"empty period {self.start}..{self.end}")

    @property
    def start_utc(self) -> datetime:
        """The first instant of the period (aware UTC)."""
        return local_midnight_utc(self.start)

    @property
    def end_utc(self) -> datetime:
        """The first instant after the period (aware UTC)."""
        return local_midnight_utc(self.end)

    @property
    def days(self) -> int:
        """Number of local calendar days."""
        return (self.end - self.start).days

    @property
    def title_zh(self) -> str:
        """The period as written in a Chinese report title."""
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "year":
            return f"{self.start.year}年"
        last = self.end - timedelta(days=1)
        if self.kind == "day":
            return f"{self.start.year}年{self.start.month}月{self.start.day}日"
        return (
            f"{self.start.year}年{self.start.month}月{self.start.day}日至"
            f"{last.year}年{last.month}月{last.day}日"
        )

    def contains(self, moment: datetime) -> bool:
        """True when the aware instant falls inside the period."""
        return self.start_utc <= moment.astimezone(UTC) < self.end_utc

    def shift_years(self, years: int) -> Period:
        """The same calendar span ``years`` earlier (negative) or later (positive)."""
        if self.kind == "week":
            return _week(self.start.isocalendar().year + years, self.start.isocalendar().week)
        start = _shift_date_years(self.start, years)
        end = _shift_date_years(self.end, years)
        label = self.label
        m = re.match(r"^\d{4}", label)
        if m and self.kind in ("month", "quarter", "year"):
            label = f"{int(m.group(0)) + years:04d}{label[4:]}"
        elif self.kind == "day":
            label = start.isoformat()
        else:
            label = f"{start.isoformat()}..{(end - timedelta(days=1)).isoformat()}"
        return Period(self.kind, start, end, label)

    def previous(self) -> Period:
        """The period just before this one, of the same kind (环比)."""
        if self.kind == "month":
            return month_period(_add_months(self.start, -1))
        if self.kind == "quarter":
            s = _add_months(self.start, -3)
            return Period("quarter", s, self.start, f"{s.year}-Q{(s.month - 1) // 3 + 1}")
        if self.kind == "year":
            return Period(
                "year", date(self.start.year - 1, 1, 1), self.start, f"{self.start.year - 1}"
            )
        span = self.end - self.start
        s = self.start - span
        return Period(self.kind, s, self.start, _range_label(s, self.start))

    def head(self, days: int) -> Period:
        """The first ``days`` local days of the period (the whole period when it has no
        more): what a running period is compared with (like with like)."""
        end = min(self.start + timedelta(days=max(days, 1)), self.end)
        if end >= self.end:
            return self
        return Period("range", self.start, end, _range_label(self.start, end))

    def elapsed_days(self, as_of: datetime) -> int | None:
        """How many local days of the period have begun at ``as_of`` when the period is
        still running (进行中), else ``None`` (over, or not begun)."""
        if not self.contains(as_of):
            return None
        return (local_day(as_of) - self.start).days + 1

    def span_zh(self) -> str:
        """The local dates covered, as written in a note (``2025年3月1日至3月15日``)."""
        last = self.end - timedelta(days=1)
        head = f"{self.start.year}年{self.start.month}月{self.start.day}日"
        if last == self.start:
            return head
        tail = f"{last.month}月{last.day}日"
        if last.year != self.start.year:
            tail = f"{last.year}年{tail}"
        return f"{head}至{tail}"

    def months(self) -> list[Period]:
        """The calendar months that make up (or overlap) this period."""
        out = []
        m = date(self.start.year, self.start.month, 1)
        while m < self.end:
            out.append(month_period(m))
            m = _add_months(m, 1)
        return out

    def local_days(self) -> list[date]:
        """Every local date in the period."""
        return [self.start + timedelta(days=i) for i in range(self.days)]


def _shift_date_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _range_label(start: date, end: date) -> str:
    return f"{start.isoformat()}..{(end - timedelta(days=1)).isoformat()}"


def month_period(first: date) -> Period:
    """The calendar month containing ``first``."""
    s = date(first.year, first.month, 1)
    return Period("month", s, _add_months(s, 1), f"{s.year:04d}-{s.month:02d}")


def _week(year: int, week: int) -> Period:
    try:
        s = date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise PeriodError(f"no ISO week {week} in {year}") from exc
    return Period("week", s, s + timedelta(days=7), f"{year:04d}-W{week:02d}")


def parse_period(text: str) -> Period:
    """Read ``2025-03``, ``2025-Q1``, ``2025``, ``2025-W10``, ``2025-03-05`` or a range.

    A range is ``2025-03-01..2025-03-15`` (both dates included). Every period lies within
    the years :data:`FIRST_YEAR` .. :data:`LAST_YEAR`. Raises PeriodError (the routes
    answer 422, the CLI exits 2) for anything else.
    """
    raw = (text or "").strip()
    for year in _YEARS.findall(raw):
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise _outside(raw)
    period = _parse(raw)
    check_years(period.start, period.end, raw)
    return period


def _parse(raw: str) -> Period:
    try:
        if m := _MONTH.match(raw):
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise PeriodError(f"month out of range in {raw!r}")
            return month_period(date(year, month, 1))
        if m := _QUARTER.match(raw):
            year, q = int(m.group(1)), int(m.group(2))
            s = date(year, 3 * (q - 1) + 1, 1)
            return Period("quarter", s, _add_months(s, 3), f"{year:04d}-Q{q}")
        if m := _YEAR.match(raw):
            year = int(m.group(1))
            return Period("year", date(year, 1, 1), date(year + 1, 1, 1), f"{year:04d}")
        if m := _WEEK.match(raw):
            return _week(int(m.group(1)), int(m.group(2)))
        if m := _DAY.match(raw):
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return Period("day", d, d + timedelta(days=1), d.isoformat())
        if m := _RANGE.match(raw):
            a = date.fromisoformat(_pad(m.group(1)))
            b = date.fromisoformat(_pad(m.group(2)))
            if b < a:
                raise PeriodError(f"range ends before it starts: {raw!r}")
            return Period("range", a, b + timedelta(days=1), _range_label(a, b + timedelta(days=1)))
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"not a valid date in {raw!r}: {exc}") from exc
    raise PeriodError(
        f"unknown period {raw!r}; use 2025-03, 2025-Q1, 2025, 2025-W10, 2025-03-05 "
        "or 2025-03-01..2025-03-15"
    )


def _pad(text: str) -> str:
    y, m, d = text.split("-")
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
