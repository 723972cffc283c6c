from __future__ import annotations

import pytest

from nlu.entities import extract
from nlu.normalize import normalize
from nlu.territory import Gazetteer

VALID_ID = "371702199001011235"  # synthetic number with a correct check digit


def _types(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in extract(normalize(text)):
        out.setdefault(e.type, []).append(e.value)
    return out


def test_valid_id_card_is_found_and_masked() -> None:
    from nlu.pii import id_checksum_ok

    assert id_checksum_ok(VALID_ID)
    ents = extract(f"我的身份证号{VALID_ID}")
    card = next(e for e in ents if e.type == "id_card")
    assert card.value == VALID_ID
    assert card.masked == "3717**********1235"
    assert VALID_ID not in card.masked


def test_id_card_with_bad_checksum_is_ignored() -> None:
    bad = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")
    assert "id_card" not in _types(f"身份证{bad}")


def test_phones_landlines_full_width() -> None:
    found = _types("手机１３８１２３４５６７８，座机0530-5612345")
    assert found["phone"] == ["13812345678"]
    assert found["landline"] == ["0530-5612345"]
    masked = [e.masked for e in extract("手机13812345678")]
    assert masked == ["138****5678"]


def test_order_number_plate_date_time() -> None:
    found = _types("工单hz20250101-000123，车牌鲁R·12345，2025年3月5日下午3点在路口")
    assert found["order_no"] == ["HZ20250101-000123"]
    assert found["plate"] == ["鲁R12345"]
    assert found["date"] == ["2025年3月5日"]
    assert found["time"] == ["下午3点"]


def test_new_energy_plate_and_relative_date() -> None:
    found = _types("昨天晚上10:30鲁RD12345停在消防通道")
    assert found["plate"] == ["鲁RD12345"]
    assert found["date"] == ["昨天"]
    assert found["time"] == ["晚上10:30"]


def test_names_given_by_the_citizen() -> None:
    assert _types("我叫张伟，电话13812345678")["name"] == ["张伟"]
    assert _types("我姓李")["name"] == ["李"]
    assert "name" not in _types("我是业主，楼上漏水")
    assert "name" not in _types("我是外地的，想问问落户")
    name = next(e for e in extract("我叫王小明,住曹县") if e.type == "name")
    assert name.masked == "王**"


def test_address_and_masking() -> None:
    ents = extract(normalize("我住在牡丹区东城街道和平社区3号楼2单元"))
    addr = next(e for e in ents if e.type == "address")
    assert addr.value.startswith("牡丹区东城街道和平社区")
    assert "3号楼" not in addr.masked


def test_garbage_gives_no_entities() -> None:
    assert extract("") == ()
    assert extract("😀😀😀") == ()
    assert extract(normalize("\x00\xff\ufffd" * 100)) == ()


def test_territory_full_hierarchy() -> None:
    gaz = Gazetteer.load()
    t = gaz.resolve("曹县庄寨镇丁楼村的路坏了")
    assert t is not None
    assert (t.county, t.township, t.village) == ("曹县", "庄寨镇", None) or t.village == "丁楼村"
    assert t.resolved


def test_territory_township_infers_county() -> None:
    t = Gazetteer.load().resolve("郓城的黄安镇有个养殖场很臭")
    assert t is not None
    assert t.county == "郓城县"
    assert t.township == "黄安镇"
    t2 = Gazetteer.load().resolve("鄄城县董口镇李庄村停电了")
    assert t2 is not None
    assert (t2.county, t2.township, t2.village) == ("鄄城县", "董口镇", "李庄村")


def test_ambiguous_township_without_county_means_the_seat_district() -> None:
    # 牡丹区 and 单县 both have a 北城街道; alone it means the city's seat district
    t = Gazetteer.load().resolve("北城街道有个路灯坏了")
    assert t is not None
    assert (t.county, t.township) == ("牡丹区", "北城街道")
    t2 = Gazetteer.load().resolve("单县北城街道有个路灯坏了")
    assert t2 is not None
    assert (t2.county, t2.township) == ("单县", "北城街道")


def test_no_heze_place() -> None:
    gaz = Gazetteer.load()
    assert gaz.resolve("我家停水了") is None
    assert gaz.outside("济南市历下区停水") == "济南"


def _first(text: str, kind: str) -> str | None:
    return next((e.value for e in extract(normalize(text)) if e.type == kind), None)


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("每天晚上十一点以后还在施工，吵得睡不着，已经持续两个星期了", "持续两个星期了"),
        ("暖气从开始供暖就不热", "从开始供暖"),
        ("前天下完雨以后下水道就堵了", "前天下完雨以后"),
        ("门口路灯坏了一个多月", "坏了一个多月"),
        ("这种情况有三年多了", "有三年多了"),
        ("自去年冬天以来一直漏水", "自去年冬天以来"),
        # the start stops before a place word; a season or a household event as the start
        ("从开始供暖屋里就没热过", "从开始供暖"),
        ("入冬以来暖气一直不热", "入冬以来"),
        ("交房以后墙就裂了", "交房以后"),
        ("这都快一个月了还没修", "快一个月了"),
        ("楼下烧烤摊每天晚上十一点以后还在营业，已经两个星期了", "已经两个星期了"),
    ],
)
def test_since_when_is_when_it_started(text: str, since: str) -> None:
    assert _first(text, "since") == since


@pytest.mark.parametrize(
    ("text", "recurring"),
    [
        ("每天晚上十一点以后还在施工，已经持续两个星期了", "每天晚上十一点以后"),
        ("天天凌晨三点开始装货，吵死了", "天天凌晨三点"),
        ("一下雨就积水", "一下雨"),
        ("每逢周末早上六点就开始施工", "每逢周末早上六点"),
        # a time of day with 以后 and 还在: when it happens, even without 每天
        ("晚上十一点以后还在施工", "晚上十一点以后"),
    ],
)
def test_when_it_happens_is_not_since(text: str, recurring: str) -> None:
    found = extract(normalize(text))
    assert _first(text, "recurring") == recurring
    # the time of day inside the recurring span is not reported as a time or a date
    assert not any(e.type in ("time", "date") for e in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("李四 13912345678", "李四"),
        ("13912345678 王小明", "王小明"),
        ("联系人：赵敏，手机13700001111", "赵敏"),
        ("张强，13812345678", "张强"),
        ("王芳，13812345678", "王芳"),
        ("电话13812345678 刘建国", "刘建国"),
        ("联系人 张三 13912345678", "张三"),
    ],
)
def test_name_given_bare_beside_a_phone(text: str, name: str) -> None:
    assert _first(text, "name") == name


@pytest.mark.parametrize(
    "text",
    [
        "名字就不留了",
        "不留了",
        "匿名",
        "名字不方便说，电话13812345678",
        "我不留名字了",
        "姓名保密",
        "好的 13812345678",
        "不用留 13812345678",
        "就这样吧13812345678",
        "名字就不留了，电话13812345678",
        "姓名就算了 13912345678",
        "名字就不留了吧，有事打我电话",
    ],
)
def test_refusals_and_fillers_never_become_names(text: str) -> None:
    assert _first(text, "name") is None


@pytest.mark.parametrize(
    "text",
    ["过年以后我想去办社保", "明天下午三点以后我在家"],
)
def test_a_plan_is_not_when_a_problem_started(text: str) -> None:
    assert _first(text, "since") is None
    assert _first(text, "recurring") is None


def test_address_entity_has_no_lead_words_and_keeps_the_intersection() -> None:
    assert _first("地址是牡丹区中华路与人民路交叉口", "address") == "牡丹区中华路与人民路交叉口"
    assert _first("我家住在中华路与人民路交叉口附近", "address") == "中华路与人民路交叉口附近"
