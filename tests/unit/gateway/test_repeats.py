"""Repeat detection (第十三条(三)): the same citizen, the same matter by meaning (key object,
place, category), within the window; and the citizen's own orders for a progress query
without a number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gateway.pipeline.repeats import RepeatDetector

MATTER = "我们小区门口的路灯坏了一个多月了，晚上出行很不方便"
LAMP = "牡丹区西城街道海棠苑小区的路灯不亮好几天了"


def test_same_citizen_same_matter_is_found() -> None:
    r = RepeatDetector()
    r.remember("HZ20250101-000001", MATTER, "web:web:a", category="城乡建设")
    assert r.find("小区门口的路灯坏了很久，晚上出门很不方便", "web:web:a") == "HZ20250101-000001"
    assert r.find("路灯坏了", "web:web:a") == "HZ20250101-000001"  # short, yet the same lamp


def test_other_citizens_and_other_matters_are_not_repeats() -> None:
    r = RepeatDetector()
    r.remember("HZ20250101-000001", MATTER, "web:web:a", category="城乡建设")
    assert r.find("小区门口的路灯坏了很久，晚上出门很不方便", "web:web:b") is None
    assert r.find("楼下饭店油烟太大，每天熏得没法开窗", "web:web:a") is None
    assert r.find("小区门口的垃圾桶满了好几天没人清", "web:web:a") is None
    assert r.find("灯坏", "web:web:a") is None  # too short to judge


def test_the_same_lamp_in_other_words_is_the_earlier_order() -> None:
    """路灯不亮 / 灯黑了好几天 / 晚上那盏灯还是不着: one street light, few shared characters."""
    r = RepeatDetector()
    r.remember("HZ1", LAMP, "wechat:gh:a", category="城乡建设", county="牡丹区")
    for again in ("海棠苑那边灯黑了好几天了", "晚上那盏灯还是不着", "灯一直不亮 晚上走路看不见"):
        assert r.find(again, "wechat:gh:a") == "HZ1", again
    # whatever the classifier makes of the new words
    assert r.find("晚上那盏灯还是不着", "wechat:gh:a", category="公共安全") == "HZ1"


def test_another_matter_at_the_same_place_is_no_repeat() -> None:
    """A stolen manhole cover in the estate of an earlier street-light order is a new one."""
    r = RepeatDetector()
    r.remember("HZ1", LAMP, "wechat:gh:a", category="城乡建设", county="牡丹区")
    for other in (
        "海棠苑小区门口的井盖被人偷了 黑灯瞎火的怕有人掉下去",
        "海棠苑小区物业还乱收停车费",
        "海棠苑小区楼道灯也坏了",  # a stairwell lamp is not the street light
        "海棠苑小区门口的路灯还是不亮 红绿灯也坏了 井盖也丢了",  # mostly new things
    ):
        assert r.find(other, "wechat:gh:a", cued=True) is None, other


def test_the_same_kind_of_thing_at_another_place_is_no_repeat() -> None:
    r = RepeatDetector()
    r.remember("HZ1", LAMP, "wechat:gh:a", category="城乡建设", county="牡丹区")
    assert r.find("中华路和人民路路口那个路灯也不亮", "wechat:gh:a") is None
    assert r.find("曹县的路灯也不亮", "wechat:gh:a", county="曹县") is None
    assert r.find("海棠苑的路灯还是不亮", "wechat:gh:a", county="牡丹区") == "HZ1"


def test_old_orders_fall_out_of_the_window() -> None:
    r = RepeatDetector(window=timedelta(days=30))
    old = datetime.now(UTC) - timedelta(days=45)
    r.remember("HZ1", MATTER, "web:web:a", at=old)
    assert r.find(MATTER, "web:web:a") is None
    assert r.theirs("web:web:a") == []


def test_the_same_matter_said_again_in_other_words() -> None:
    """第十三条(三), issue 12: "暖气还是不热 前面说了到现在也没人来看"."""
    r = RepeatDetector()
    r.remember(
        "HZ3", "牡丹区丹阳街道富贵小区暖气不热，屋里才十二三度", "web:web:a", category="城乡建设"
    )
    again = "暖气还是不热 前面说了到现在也没人来看"
    assert r.find(again, "web:web:a", category="城乡建设") == "HZ3"
    assert r.find("屋里冷得跟冰窖似的 片子摸着冰凉", "web:web:a") == "HZ3"
    assert r.find(again, "web:web:b", cued=True) is None  # only the citizen's own orders
    # a named other place is another matter, even said to be the same again
    assert r.find("王楼村的暖气还是不热", "web:web:a", category="农村农业", cued=True) is None
    # "还是" about another matter of the same citizen is not that matter
    assert r.find("小区门口还是有人乱停车，堵得出不去", "web:web:a", cued=True) is None


def test_without_a_named_object_the_words_and_the_kind_decide() -> None:
    r = RepeatDetector()
    text = "邻居家长期占用公共楼道堆放私人物品，协调多次无果"
    r.remember("HZ5", text, "web:web:a", category="城乡建设")
    assert r.find("邻居长期占用公共楼道堆放私人物品 协调无果", "web:web:a") == "HZ5"
    assert r.find("邻居长期占用公共楼道堆放私人物品", "web:web:a", category="政法") is None
    assert r.find("上回反映的事咋样了", "web:web:a") is None  # a progress query, no matter


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
    # the phone is kept only as a digest (and its last four, for the owner's own list)
    assert "13953001377" not in repr(vars(r))


def test_the_citizens_own_orders_are_listed_newest_first_and_masked() -> None:
    r = RepeatDetector(listed=2)
    now = datetime.now(UTC)
    r.remember("HZ1", LAMP, "sms:a:1", at=now - timedelta(days=3), phone="13953001377")
    r.remember("HZ2", "单县北园街道锦华小区停水两天了", "sms:a:1", at=now - timedelta(days=1))
    r.remember("HZ3", "曹县青菏街道楼道灯坏了 联系13953001377", "sms:a:1", at=now)
    r.remember("HZ9", "别人的事", "sms:a:2")
    mine = r.theirs("sms:a:1")
    assert [o.number for o in mine] == ["HZ3", "HZ2"]  # newest first, at most ``listed``
    assert mine[1].summary.startswith("锦华小区停水")  # the matter, not the county first
    assert "13953001377" not in mine[0].summary
    assert r.owns("sms:a:1", "HZ1") == (True, "1377")
    assert r.owns("sms:a:2", "HZ1") == (False, None)  # another's order is never theirs
    assert r.owns("sms:a:1", "HZ2") == (True, None)  # no phone on it
    assert r.theirs("sms:a:3") == []


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
    # not cued, the same key object (路灯) in the conversation of its order: the same matter
    # by meaning (nlu.dedup.same_matter), as repeat6 decided
    assert r.find("路灯还是不亮", "sms:sms:a") == "HZ7"


def test_the_channels_own_number_finds_the_web_order_left_with_it() -> None:
    """Trial12 P07: an SMS sender's number is the phone the web-chat order was left with:
    the same matter from it is the earlier order (第十三条(三) on every channel)."""
    from gateway.pipeline.repeats import mark_repeat
    from nlu.types import Intent, NluResult, TriageOutcome

    r = RepeatDetector()
    r.remember(
        "HZ7",
        "牡丹区南城街道和平小区南门的烧烤摊天天闹到后半夜",
        "web:web:tok1",
        category="生态环境",
        phone="13853001122",
    )

    def marked(text: str, sender: str, vouched: str | None) -> str | None:
        result = NluResult(text=text, intent=Intent("appeal", 0.9))
        tri = mark_repeat(r, result, text, sender, ("还是",), vouched).triage
        return tri.matched if tri is not None and tri.outcome == TriageOutcome.REPEAT else None

    sms = "sms:+8612345:+8613853001122"
    for again in (
        "俺还是反映那个烧烤摊 天天闹到后半夜两三点 牡丹区南城街道和平小区南门",
        "和平小区南门烧烤摊又闹到后半夜了",
    ):
        assert marked(again, sms, "+8613853001122") == "HZ7", again
        assert marked(again, sms, None) is None  # no number: nobody to link it to
        assert marked(again, "sms:+8612345:+8613853009999", "+8613853009999") is None
    # another matter from the same number is a new appeal
    assert marked("俺们村的路灯全坏了 黑咕隆咚的", sms, "+8613853001122") is None
