"""Repeat detection: the same citizen, the same matter, within the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gateway.pipeline.repeats import RepeatDetector

MATTER = "我们小区门口的路灯坏了一个多月了，晚上出行很不方便"


def test_same_citizen_same_matter_is_found() -> None:
    r = RepeatDetector()
    r.remember("HZ20250101-000001", MATTER, "web:web:a", category="城乡建设")
    assert r.find("小区门口的路灯坏了很久，晚上出门很不方便", "web:web:a") == "HZ20250101-000001"


def test_other_citizens_and_other_matters_are_not_repeats() -> None:
    r = RepeatDetector()
    r.remember("HZ20250101-000001", MATTER, "web:web:a", category="城乡建设")
    assert r.find("小区门口的路灯坏了很久，晚上出门很不方便", "web:web:b") is None
    assert r.find("楼下饭店油烟太大，每天熏得没法开窗", "web:web:a") is None
    assert r.find("路灯坏了", "web:web:a") is None  # too short to judge
    assert r.find("小区门口的垃圾桶满了好几天没人清", "web:web:a") is None
    # the same words, classified as another kind of matter
    assert r.find(MATTER, "web:web:a", category="交通运输") is None


def test_a_short_restatement_of_a_long_appeal_is_a_repeat() -> None:
    r = RepeatDetector()
    r.remember("HZ2", "你好，" + MATTER + "，希望尽快修好", "web:web:a")
    assert r.find("小区门口的路灯一直坏着，晚上出行很不方便", "web:web:a") == "HZ2"


def test_old_orders_fall_out_of_the_window() -> None:
    r = RepeatDetector(window=timedelta(days=30))
    old = datetime.now(UTC) - timedelta(days=45)
    r.remember("HZ1", MATTER, "web:web:a", at=old)
    assert r.find(MATTER, "web:web:a") is None
