"""Kinds of routing the fresh7 citizens found wrong (branch routing2), each on texts
written for this file (not the scenarios' words):

* a phone in a power message (the contact 电话一八七…, 打电话给供电所) took the power
  override away: the utility still decides;
* a matter denied in a correction ("不是停水 是停气") decides nothing when the right one
  is named; said alone ("这不是第一次停电了") it still does;
* a bus to or in a village is a rural line (交通运输/客货运输), a city bus stays the
  catalogue's 公共汽车 (城乡建设, the transport bureau's unit);
* a land contract matter whose township the county has not configured goes to the
  county's 农业农村局, not to the county government;
* muck trucks spilling on the road are the city administration's, whatever site they
  come from (a demolition is no land matter).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casebridge.catalogue import Catalogue, load_catalogue
from nlu.routing import Routing

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def routing() -> Routing:
    return Routing.load()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(REPO / "config" / "data")


def _decided(routing: Routing, text: str) -> tuple[str, str, str | None] | None:
    o = routing.override(text)
    return (o.level1, o.level2, o.level3) if o else None


POWER = ("城乡建设", "城市建设和市政管理", "电力供应")
GAS = ("城乡建设", "城市建设和市政管理", "燃气供应")
WATER = ("城乡建设", "城市建设和市政管理", "自来水供应")
HEAT = ("城乡建设", "城市建设和市政管理", "冬季采暖")
RURAL_BUS = ("交通运输", "客货运输", None)
CITY_BUS = ("城乡建设", "城市建设和市政管理", "公共汽车")


@pytest.mark.parametrize(
    "text",
    [
        "我们楼这两天电压不稳 灯一闪一闪的 我姓孙 电话一三九零五三零一二三四",
        "小区从早上就断电了 打了好几遍电话问物业也说不清",
        "村里的变压器嗡嗡响还老跳闸 我手机号13805301234",
        "门市房的电表走得飞快 打电话给供电所没人接",
    ],
)
def test_a_phone_in_a_power_message_leaves_it_to_the_power_company(
    routing: Routing, text: str
) -> None:
    assert _decided(routing, text) == POWER


@pytest.mark.parametrize(
    "text",
    ["手机没电了 去哪里充电", "电动车没电了 小区里没有充电桩"],
)
def test_a_phones_or_a_bikes_battery_is_no_power_cut(routing: Routing, text: str) -> None:
    assert _decided(routing, text) != POWER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("刚才说岔了 不是停水 是天然气打不着火", GAS),
        ("不是燃气的事 是暖气片一点都不热", HEAT),
        ("弄错了 不是停电是停水 水龙头一滴都没有", WATER),
        ("不是暖气而是家里的电表跳闸了", POWER),
    ],
)
def test_the_matter_named_after_a_denied_one_decides(
    routing: Routing, text: str, expected: tuple[str, str, str]
) -> None:
    assert _decided(routing, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("这不是头一回停电了 是这个月第四回", POWER),
        ("不是一天两天断水了 是整整一个礼拜", WATER),
    ],
)
def test_a_denial_naming_no_other_matter_keeps_the_matter(
    routing: Routing, text: str, expected: tuple[str, str, str]
) -> None:
    assert _decided(routing, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我们村到镇上一趟公交都没有 赶集全靠三轮",
        "希望把公交线路往南延一延 通到我们村口",
        "农村老人坐公交不方便 车半天才来一趟",
        "咱庄离公交站太远了 能不能加一站",
    ],
)
def test_a_bus_to_a_village_is_a_rural_line(routing: Routing, text: str) -> None:
    assert _decided(routing, text) == RURAL_BUS


@pytest.mark.parametrize(
    "text",
    [
        "12路公交车晚上八点就收车了 下夜班回不了家",
        "公交站台的候车亭玻璃碎了好几天",
        "新村小区门口的公交站牌不见了 也没个通知",
    ],
)
def test_a_city_bus_stays_the_catalogues_public_bus(routing: Routing, text: str) -> None:
    assert _decided(routing, text) == CITY_BUS


@pytest.mark.parametrize(
    ("county", "township", "unit"),
    [
        ("郓城县", "黄安镇", "郓城县农业农村局"),
        ("东明县", None, "东明县农业农村局"),
        ("成武县", "九女集镇", "成武县农业农村局"),
    ],
)
def test_land_contracts_without_a_known_township_go_to_the_agriculture_bureau(
    catalogue: Catalogue, county: str, township: str | None, unit: str
) -> None:
    d = catalogue.dispatch(
        level1="农村农业",
        level2="土地承包经营",
        unit_type="township",
        county=county,
        township=township,
    )
    assert d.unit.name == unit, d.reason
    assert d.fallback is False


def test_land_contracts_go_to_a_configured_township(catalogue: Catalogue) -> None:
    d = catalogue.dispatch(
        level1="农村农业",
        level2="土地承包经营",
        unit_type="township",
        county="曹县",
        township="韩集镇",
    )
    assert d.unit.name == "韩集镇人民政府", d.reason


def test_a_village_matter_without_a_fallback_type_still_goes_to_the_government(
    catalogue: Catalogue,
) -> None:
    d = catalogue.dispatch(
        level1="农村农业", level2="村务管理", unit_type="township", county="单县", township="郭村镇"
    )
    assert d.unit.name == "单县人民政府"
    assert d.fallback is True


@pytest.mark.parametrize(
    "text",
    [
        "开发区那个拆迁工地的渣土车半夜进出 路上掉得全是泥",
        "拉土的车从村里的工地出来 撒了一路的沙土 一刮风满天灰",
        "学校门口的路被土方车弄得一路都是泥 也没人冲洗",
    ],
)
def test_muck_trucks_spilling_are_the_city_administrations(routing: Routing, text: str) -> None:
    assert _decided(routing, text) == ("城乡建设", "城市建设和市政管理", None)
    assert routing.unit_type("城乡建设", "城市建设和市政管理") == "department:城管"


def test_a_muck_truck_in_a_crash_is_left_to_the_model(routing: Routing) -> None:
    assert _decided(routing, "渣土车把骑电动车的撞了 土撒了一路") is None
