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


def test_the_same_matter_said_again_in_other_words_is_found_when_the_citizen_says_so() -> None:
    """第十三条(三), issue 12: "暖气还是不热 前面说了到现在也没人来看"."""
    r = RepeatDetector()
    r.remember(
        "HZ3", "牡丹区丹阳街道富贵小区暖气不热，屋里才十二三度", "web:web:a", category="城乡建设"
    )
    again = "暖气还是不热 前面说了到现在也没人来看"
    assert r.find(again, "web:web:a", category="城乡建设") is None  # few shared words alone
    assert r.find(again, "web:web:a", category="城乡建设", cued=True) == "HZ3"
    assert r.find(again, "web:web:b", cued=True) is None  # only the citizen's own orders
    # said to be the same, though classified apart: found with a little more overlap
    assert r.find("王楼村的暖气还是不热", "web:web:a", category="农村农业", cued=True) == "HZ3"
    # "还是" about another matter of the same citizen is not that matter
    assert r.find("小区门口还是有人乱停车，堵得出不去", "web:web:a", cued=True) is None


def test_the_phone_left_on_an_order_links_a_new_session() -> None:
    """A web citizen's new session (another token) is theirs when they give the phone."""
    r = RepeatDetector()
    r.remember("HZ4", MATTER, "web:web:a", category="城乡建设", phone="13953001377")
    again = "小区门口的路灯坏了很久，晚上出门很不方便"
    assert r.find(again, "web:web:b") is None  # a new token alone is nobody known
    assert r.find(again, "web:web:b", phone="139 5300 1377") == "HZ4"
    assert r.find(again, "web:web:b", phone="+8613953001377") == "HZ4"
    assert r.find(again, "web:web:b", phone="13953001388") is None  # another phone
    assert r.find("楼下饭店油烟太大，每天熏得没法开窗", "web:web:b", phone="13953001377") is None
    # the phone is kept only as a digest
    assert "13953001377" not in repr(vars(r))


def test_a_short_matter_by_the_same_phone_at_the_same_place_is_the_open_order() -> None:
    """Trial3 F10 (第十三条(三)): the same citizen (the phone left on the order) in a new
    session, the same few words ("暖气不热") in the same county: that order's progress.
    Few words are judged strictly: all of them in the order's text; another county or
    another matter of the same few words is a new order."""
    r = RepeatDetector()
    phone, kind, county = "13953001234", "城乡建设", "牡丹区"
    r.remember("HZ5", "家里暖气不热", "web:web:a", category=kind, county=county, phone=phone)
    found = r.find("暖气不热", "web:web:b", category=kind, county=county, phone=phone)
    assert found == "HZ5"
    assert r.find("家里暖气不热", "web:web:b", phone="13953001234") == "HZ5"
    assert r.find("暖气不热", "web:web:b", county="曹县", phone="13953001234") is None
    assert r.find("楼道灯坏了", "web:web:b", phone="13953001234") is None
    assert r.find("暖气不热", "web:web:b") is None  # nobody known without the phone
    # a few words sharing only some of the order's: not the same matter
    r.remember("HZ6", "楼道灯坏了", "web:web:a", category="城乡建设", phone="13953001234")
    assert r.find("路灯坏了", "web:web:b", phone="13953001234") is None


def test_a_short_matter_said_to_be_the_same_again_is_found_in_the_conversation() -> None:
    """ "路灯还是不亮" (还是: said to be the same) in the conversation of the order."""
    r = RepeatDetector()
    r.remember("HZ7", "小区的路灯坏了好几天了", "sms:sms:a", category="城乡建设")
    assert r.find("路灯还是不亮", "sms:sms:a", cued=True) == "HZ7"
    assert r.find("路灯还是不亮", "sms:sms:a") is None  # not cued: few words alone are not enough
