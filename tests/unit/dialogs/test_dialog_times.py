"""Deadlines read the way a citizen expects, in Beijing time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from dialogs.common import fmt_dt as _fmt_dt
from dialogs.context import DialogContext
from dialogs.wording import load_wording

CTX = DialogContext.for_channel(
    "web", load_wording(Path(__file__).resolve().parents[3] / "config" / "data")
)


def test_midnight_limit_is_the_end_of_the_previous_day() -> None:
    # 2026-12-04 16:00 UTC is 2026-12-05 00:00 in Asia/Shanghai
    assert _fmt_dt(datetime(2026, 12, 4, 16, 0, tzinfo=UTC), CTX) == "2026年12月4日24时"


def test_hours_and_minutes_in_beijing_time() -> None:
    assert _fmt_dt(datetime(2026, 12, 4, 1, 0, tzinfo=UTC), CTX) == "2026年12月4日9时"
    assert _fmt_dt(datetime(2026, 12, 4, 1, 30, tzinfo=UTC), CTX) == "2026年12月4日9时30分"


def test_unknown_deadline_says_so() -> None:
    assert _fmt_dt(None, CTX) == CTX.say("summary_unknown")
