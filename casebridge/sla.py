"""Deadlines on the mainland public-holiday calendar (chinesecalendar).

Working days follow the State Council's yearly arrangement, adjusted working weekends
included. Counting starts the day after dispatch and ends at 24:00 Asia/Shanghai of the
last working day. Hour limits (utilities, 第二十条) run round the clock.
Years the calendar package does not know yet fall back to Monday–Friday.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


@functools.lru_cache(maxsize=8192)
def is_working_day(day: date) -> bool:
    """True on a mainland working day (holidays off, adjusted weekends on)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the package has no arrangement for yet
        return day.weekday() < 5


def local_day(moment: datetime) -> date:
    """The Asia/Shanghai calendar day of an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(SHANGHAI).date()


def add_working_days(start: datetime, days: int) -> datetime:
    """End (24:00 Shanghai, as aware UTC) of the ``days``-th working day after ``start``."""
    if days < 1:
        raise ValueError("days must be at least 1")
    day = local_day(start)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=SHANGHAI)
    return end.astimezone(UTC)


def extend_deadline(deadline: datetime, days: int) -> datetime:
    """A deadline moved by ``days`` working days (an approved extension, 延期).

    A deadline at 24:00 belongs to the day that ends there, not to the next one.
    """
    return add_working_days(deadline - timedelta(microseconds=1), days)


def working_days_between(start: datetime, end: datetime) -> int:
    """Whole working days strictly after ``start``'s day up to and including ``end``'s day."""
    a, b = local_day(start), local_day(end)
    n = 0
    while a < b:
        a += timedelta(days=1)
        if is_working_day(a):
            n += 1
    return n


@dataclass(frozen=True)
class Limit:
    """A time limit: a number of hours or of working days."""

    hours: int | None = None
    working_days: int | None = None

    def __post_init__(self) -> None:
        if (self.hours is None) == (self.working_days is None):
            raise ValueError("a limit has exactly one of hours or working_days")
        value = self.hours if self.hours is not None else self.working_days
        if value is None or value < 1:
            raise ValueError("a limit must be positive")

    def due(self, start: datetime) -> datetime:
        """The deadline for something that starts at ``start`` (aware UTC)."""
        if start.tzinfo is None:
            raise ValueError("naive datetime")
        if self.hours is not None:
            return (start + timedelta(hours=self.hours)).astimezone(UTC)
        assert self.working_days is not None
        return add_working_days(start, self.working_days)

    def label(self) -> str:
        """Chinese wording, e.g. ``5个工作日`` or ``24小时``."""
        if self.hours is not None:
            return f"{self.hours}小时"
        return f"{self.working_days}个工作日"
