"""Heze addresses (issue 11): every failing input of the issue as a table row, and the
kinds they stand for (lead words, repeated levels, landmarks, zones, coordinates)."""

from __future__ import annotations

import pytest

from nlu.address import find_address, parse_address
from nlu.coordinates import locate
from tests.unit.nlu.places import levels

# (input, county, township, detail)
TABLE = [
    ("牡丹区西城街道和平小区南门", "牡丹区", "西城街道", "和平小区南门"),
    ("地址是牡丹区中华路与人民路交叉口", "牡丹区", None, "中华路与人民路交叉口"),
    ("曹县第二中学初中部", "曹县", None, "第二中学初中部"),
    ("牡丹区 菏泽市立医院", "牡丹区", None, "菏泽市立医院"),
    ("开发区长江东路佳和城11号楼", "菏泽经济技术开发区", None, "长江东路佳和城11号楼"),
    ("南城街道", "牡丹区", "南城街道", None),
    ("山东省菏泽市牡丹区中华路与人民路交叉口", "牡丹区", None, "中华路与人民路交叉口"),
    # the same kinds, other words
    ("正确地址是单县北城街道园艺路18号", "单县", "北城街道", "园艺路18号"),
    ("在郓城县张营街道王庄村东头", "郓城县", "张营街道", "东头"),
    ("我家住在定陶区天中街道", "定陶区", "天中街道", None),
    ("俺是沙土镇的", "牡丹区", "沙土镇", None),
    ("高新区万福街道", "菏泽高新技术产业开发区", "万福街道", None),
    ("地点是 巨野县 人民医院 急诊楼", "巨野县", None, "人民医院急诊楼"),
    ("鄄城 古泉街道 幸福小区3号楼2单元", "鄄城县", "古泉街道", "幸福小区3号楼2单元"),
    ("菏泽市东明县城关街道黄河路与五四路路口", "东明县", "城关街道", "黄河路与五四路路口"),
    ("中华路与人民路交叉口", None, None, "中华路与人民路交叉口"),
    ("菏泽市人民医院", None, None, "菏泽市人民医院"),
]


@pytest.mark.parametrize(("text", "county", "township", "detail"), TABLE)
def test_address_table(
    text: str, county: str | None, township: str | None, detail: str | None
) -> None:
    found = parse_address(text)
    assert levels(found) == (county, township, detail)
    # no level is repeated in the detail, no lead word kept
    for level in (found.county, found.township, "地址是", "正确地址"):
        if level and found.detail:
            assert level not in found.detail


def test_road_and_place_are_split_in_the_citizens_words() -> None:
    found = parse_address("开发区长江东路佳和城11号楼")
    assert (found.road, found.place) == ("长江东路", "佳和城11号楼")
    found = parse_address("牡丹区西城街道和平小区南门")
    assert (found.road, found.place) == (None, "和平小区南门")
    found = parse_address("地址是牡丹区中华路与人民路交叉口")
    assert (found.road, found.place) == ("中华路与人民路交叉口", None)


def test_composed_text_never_doubles_a_level() -> None:
    found = parse_address("牡丹区西城街道和平小区南门")
    assert found.text() == "牡丹区西城街道和平小区南门"
    assert found.territory().detail == "和平小区南门"


def test_township_shared_by_two_counties_is_flagged() -> None:
    alone = parse_address("南城街道")
    assert alone.ambiguous
    named = parse_address("单县南城街道")
    assert (named.county, named.ambiguous) == ("单县", False)


def test_roads_named_after_counties_are_roads() -> None:
    found = parse_address("东明路")
    assert found.county is None
    assert found.road == "东明路"


def test_address_inside_a_message() -> None:
    found = find_address("我家住在牡丹区西城街道和平小区南门，楼下饭店油烟太大")
    assert (found.county, found.township, found.detail) == ("牡丹区", "西城街道", "和平小区南门")
    found = find_address("曹县第二中学初中部门口天天堵车")
    assert (found.county, found.detail) == ("曹县", "第二中学初中部门口")
    assert find_address("暖气不热").empty
    assert find_address("济宁市任城区有人占道").outside == "济宁"


def test_wechat_location_label_is_parsed_like_an_answer() -> None:
    found = parse_address("山东省菏泽市牡丹区中华路与人民路交叉口")
    assert (found.province, found.city, found.county) == ("山东省", "菏泽市", "牡丹区")
    assert found.detail == "中华路与人民路交叉口"


@pytest.mark.parametrize(
    ("lat", "lon", "system", "county"),
    [
        (35.2336, 115.4807, "wgs84", "牡丹区"),  # the city centre (Open311 lat/long)
        (35.6000, 115.9400, "wgs84", "郓城县"),
        (34.8300, 115.5400, "wgs84", "曹县"),
        (35.2350, 115.4870, "gcj02", "牡丹区"),  # a WeChat location report
    ],
)
def test_coordinates_resolve_to_the_county(
    lat: float, lon: float, system: str, county: str
) -> None:
    found = locate(lat, lon, system)
    assert found is not None
    assert found.county == county


@pytest.mark.parametrize(
    ("lat", "lon"), [(36.65, 117.0), (39.9, 116.4), (float("nan"), 1.0), (200.0, 10.0)]
)
def test_coordinates_outside_heze_or_invalid(lat: float, lon: float) -> None:
    assert locate(lat, lon) is None


def test_township_from_the_nearest_known_point(tmp_path: object) -> None:
    from nlu.address import Gazetteer

    gaz = Gazetteer.load()
    gaz.township_at[("西城街道", "牡丹区")] = (35.2430, 115.4500)
    gaz.township_at[("东城街道", "牡丹区")] = (35.2400, 115.5100)
    found = locate(35.2420, 115.4550, gazetteer=gaz)
    assert found is not None
    assert (found.county, found.township) == ("牡丹区", "西城街道")
    far = locate(35.38, 115.62, gazetteer=gaz)  # 牡丹区, but far from both points
    assert far is not None
    assert far.township is None
