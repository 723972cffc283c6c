"""Hotspots, early warnings and hard issues fire on seeded surges and stay quiet otherwise."""

from datetime import UTC, datetime, timedelta

import pytest

from casebridge.analytics.counts import AppealCounts
from casebridge.analytics.early_warning import WarningRules, early_warnings
from casebridge.analytics.errors import ConfigurationError
from casebridge.analytics.facts import AppealFacts
from casebridge.analytics.hotspots import growth, hotspots
from casebridge.analytics.longrunning import hard_issues
from casebridge.analytics.periods import parse_period

_n = iter(range(10**6))


def ap(
    when: datetime, category: str = "城乡建设", county: str = "牡丹区", **kw: object
) -> AppealFacts:
    return AppealFacts(
        number=f"N{next(_n)}",
        created_at=when,
        channel="wechat",
        category=category,
        county=county,
        **kw,  # type: ignore[arg-type]
    )


def at(y: int, m: int, d: int, h: int = 4) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


def test_hotspot_counts_and_growth() -> None:
    items = (
        [ap(at(2025, 3, d)) for d in range(1, 13)]  # 12 in March 2025
        + [ap(at(2025, 2, d)) for d in range(1, 7)]  # 6 in Feb 2025
        + [ap(at(2024, 3, d)) for d in range(1, 5)]  # 4 in March 2024
        + [ap(at(2023, 3, d)) for d in range(1, 9)]  # 8 in March 2023
        + [ap(at(2025, 3, 2), category="教育文体", county="曹县")]
    )
    rows = hotspots(items, parse_period("2025-03"))
    top = rows[0]
    assert top.key == ("城乡建设", "牡丹区")
    assert top.count == 12
    assert (top.previous, top.last_year) == (6, 4)
    assert top.growth_previous == pytest.approx(1.0)
    assert top.growth_last_year == pytest.approx(2.0)
    # baseline: years 2024, 2023 have data (2022 has none): (4 + 8) / 2 = 6
    assert top.baseline == pytest.approx(6.0)
    assert top.vs_baseline == pytest.approx(1.0)
    other = rows[1]
    assert other.key == ("教育文体", "曹县")
    assert other.growth_previous is None
    assert growth(3, 0) is None


def test_hotspots_of_an_empty_period() -> None:
    assert hotspots([], parse_period("2025-03")) == []
    assert AppealCounts.from_facts([], parse_period("2025-02")).daily == [0] * 28
    with pytest.raises(ConfigurationError):
        hotspots([], parse_period("2025-03"), dims=("phone",))


def test_daily_counts_use_shanghai_days() -> None:
    # 23:30 UTC on 1 March is 07:30 on 2 March in Heze
    items = [
        ap(datetime(2025, 3, 1, 23, 30, tzinfo=UTC)),
        ap(datetime(2025, 3, 1, 15, 0, tzinfo=UTC), county="", category=""),
    ]
    counts = AppealCounts.from_facts(items, parse_period("2025-03"))
    assert counts.daily[:3] == [1, 1, 0]
    assert counts.by_county_category == {("牡丹区", "城乡建设"): 1, ("未注明", "未分类"): 1}
    assert counts.total == 2


NOW = datetime(2025, 7, 1, 0, tzinfo=UTC)


def background() -> list[AppealFacts]:
    # 28 quiet days: 2 appeals a day for (城乡建设, 牡丹区)
    return [ap(NOW - timedelta(days=d, hours=h)) for d in range(1, 29) for h in (3, 9)]


def test_spike_alert_fires_on_a_seeded_surge_only() -> None:
    quiet = background() + [ap(NOW - timedelta(hours=h)) for h in (1, 5)]
    assert [a for a in early_warnings(quiet, NOW) if a.rule == "spike"] == []
    surge = background() + [ap(NOW - timedelta(minutes=10 * i + 1)) for i in range(12)]
    (alert,) = [a for a in early_warnings(surge, NOW) if a.rule == "spike"]
    assert alert.subject == ("城乡建设", "牡丹区")
    assert alert.count == 12
    assert alert.baseline == pytest.approx(2.0)
    assert len(alert.numbers) == 12
    assert "激增" in alert.title_zh
    # same input, same key: the scheduler raises it once
    assert early_warnings(surge, NOW)[0].key == alert.key


def test_new_cluster_and_keyword_surge() -> None:
    items = background() + [
        ap(NOW - timedelta(hours=i + 1), cluster_id="c42", text="小区停水三天无人处理")
        for i in range(6)
    ]
    alerts = {a.rule: a for a in early_warnings(items, NOW)}
    assert alerts["cluster"].subject == ("c42",)
    assert alerts["cluster"].count == 6
    assert "新出现" in alerts["cluster"].title_zh
    assert alerts["keyword"].subject == ("停水",)
    assert alerts["keyword"].count == 6
    # a cluster that was already as big yesterday is not "growing fast"
    steady = items + [ap(NOW - timedelta(hours=30 + i), cluster_id="c42") for i in range(6)]
    assert "cluster" not in {a.rule for a in early_warnings(steady, NOW)}


def test_warning_rules_validate() -> None:
    with pytest.raises(ConfigurationError):
        WarningRules(window=timedelta(0))
    with pytest.raises(ConfigurationError):
        WarningRules(spike_min_count=0)
    assert early_warnings([], NOW) == []


def test_hard_issues_listed_for_special_study() -> None:
    now = at(2025, 6, 1)
    same_place = [
        ap(
            at(2025, 1, 5),
            township="丹阳街道",
            subcategory="噪音扰民",
            state="closed",
            citizen_key="a",
        ),
        ap(
            at(2025, 2, 20),
            township="丹阳街道",
            subcategory="噪音扰民",
            state="closed",
            citizen_key="b",
        ),
        ap(
            at(2025, 4, 1),
            township="丹阳街道",
            subcategory="噪音扰民",
            state="in_progress",
            citizen_key="a",
        ),
    ]
    reopened = [
        ap(at(2025, 5, 1), township="南城街道", subcategory="物业", state="closed", reopen_count=2)
    ]
    long_open = [ap(at(2025, 1, 2), township="东城街道", subcategory="拆迁", state="in_progress")]
    quiet = [ap(at(2025, 5, 20), township="西城街道", subcategory="路灯", state="closed")]
    issues = hard_issues(same_place + reopened + long_open + quiet, now)
    # biggest first, then the most reopened
    assert [i.township for i in issues] == ["丹阳街道", "南城街道", "东城街道"]
    first = issues[0]
    assert (first.appeals, first.citizens, first.open_orders) == (3, 2, 1)
    assert first.reasons_zh == ("86天内反复反映3次",)
    assert issues[1].reasons_zh == ("重办2次",)
    assert issues[2].reasons_zh == ("有工单超过90天未办结",)


def test_one_row_per_hotspot_however_its_name_is_written() -> None:
    march = parse_period("2025-03")
    items = (
        [ap(at(2025, 3, d), county="牡丹区") for d in range(1, 6)]
        + [ap(at(2025, 3, d), county="菏泽市牡丹区") for d in range(1, 4)]
        + [ap(at(2025, 3, d), county=" 牡丹区 ", category="城乡建设\u3000") for d in range(1, 3)]
        + [ap(at(2025, 3, 9), county="", category="")]
        + [ap(at(2025, 3, 9), county=None, category="未分类")]  # type: ignore[arg-type]
        + [ap(at(2025, 2, 9), county="菏泽市 牡丹区")]
    )
    rows = hotspots(items, march)
    keys = [r.key for r in rows]
    assert len(keys) == len(set(keys))
    top = rows[0]
    assert (top.key, top.count, top.previous) == (("城乡建设", "牡丹区"), 10, 1)
    assert ("未注明", "未注明") in keys
    assert next(r for r in rows if r.key == ("未注明", "未注明")).count == 2
    # counts made elsewhere (the roll-up's SQL) merge the same way
    from collections import Counter

    from casebridge.analytics.hotspots import hotspot_rows

    merged_rows = hotspot_rows(
        Counter({("城乡建设", "牡丹区"): 3, ("城乡建设 ", "菏泽市牡丹区"): 2}), Counter(), []
    )
    assert [(r.key, r.count) for r in merged_rows] == [(("城乡建设", "牡丹区"), 5)]
