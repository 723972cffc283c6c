"""Near-duplicate clusters of appeals from many citizens, for the early-warning rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from casebridge.analytics.facts import AppealFacts
from gateway.clusters import AppealClusterer

T0 = datetime(2025, 7, 1, 8, tzinfo=UTC)


def _appeal(number: str, text: str, minutes: int, county: str = "牡丹区") -> AppealFacts:
    return AppealFacts(
        number=number,
        created_at=T0 + timedelta(minutes=minutes),
        channel="web",
        category="城乡建设",
        county=county,
        text=text,
    )


SAME = [
    "中华路和人民路交叉口的自来水管爆了，路面全是水，车都过不去",
    "人民路中华路路口自来水管爆裂，路上全是水，车辆无法通行",
    "中华路人民路交叉口水管爆了，路面积水很深车过不去",
]


def test_similar_appeals_from_many_citizens_form_one_cluster() -> None:
    appeals = [_appeal(f"A{i}", t, i) for i, t in enumerate(SAME)]
    appeals.append(_appeal("B1", "小区楼下的饭店每天晚上油烟很大，熏得开不了窗", 5))
    found = AppealClusterer()(appeals)
    assert {found.get("A0"), found.get("A1"), found.get("A2")} == {"A0"}
    assert "B1" not in found  # alone: no cluster


def test_other_counties_are_other_matters() -> None:
    appeals = [_appeal("A0", SAME[0], 0), _appeal("C0", SAME[1], 1, county="曹县")]
    assert AppealClusterer()(appeals) == {}


def test_later_runs_place_only_new_appeals_and_keep_ids() -> None:
    clusterer = AppealClusterer()
    first = [_appeal("A0", SAME[0], 0)]
    assert clusterer(first) == {}
    second = [*first, _appeal("A1", SAME[1], 10)]
    assert clusterer(second) == {"A0": "A0", "A1": "A0"}


def test_appeals_that_leave_the_window_are_forgotten_but_ids_stay() -> None:
    clusterer = AppealClusterer()
    a0, a1, a2 = (_appeal(f"A{i}", t, i) for i, t in enumerate(SAME))
    assert clusterer([a0, a1]) == {"A0": "A0", "A1": "A0"}
    # A0 aged out of the window: its cluster keeps its name for the rest
    assert clusterer([a1, a2]) == {"A1": "A0", "A2": "A0"}
    assert "A0" not in clusterer._shingles
