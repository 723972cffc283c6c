"""False alarms of issue 11 (emergency precision), kind by kind: who is in danger, is it now,
is it a thing or a person, is help already there (nlu/emergency_veto.py).

Kinds (from fresh7's false alarms, the sentences here written anew, none of them tuned on):

* ``overflow_smell``: a sewer overflowing, water that smells or changes colour, with no fire
  or gas named and nobody in the water;
* ``vehicle_stuck``: 出不去 / 进不来 of a car (a road dug up, a gate locked);
* ``fixture_wanted``: a road-safety fixture missing and traffic fast: a request;
* ``near_miss``: it almost happened, nobody hurt;
* ``days_old``: damage to a thing days or weeks old;
* ``hazard``: a thing fallen on the wires, nobody there;
* ``cared_for``: the injured already in hospital, the cause is what is reported;
* ``figurative``: despair as a degree complement beside a concrete grievance.

Their near twins, told in the same words with someone in danger now, stay emergencies.
"""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import assert_no_number, assert_not_in_training, assert_number_told

ORDINARY: dict[str, list[str]] = {
    "overflow_smell": [
        "小区的污水井又满了 脏水往外冒 一股臭味",
        "俺村的井水这阵子有股怪味 烧开了还发浑",
        "河里的水发黑发臭 有人天天往里排污水",
        "俺们胡同的下水道堵了 污水往外漫",
        "小区化粪池漫出来了 冒着泡往外溢",
    ],
    "vehicle_stuck": [
        "俺家胡同口让人堆了一堆沙子 车开不出去了",
        "物业把小区后门锁了 车子都出不去",
        "门口修路 挖得乱七八糟 俺的车进不来了",
    ],
    "fixture_wanted": [
        "俺们村口那个十字路口没有红绿灯 大车开得飞快",
        "幼儿园门口没有斑马线 车都开得飞快 接孩子太吓人了",
        "这段路没装减速带 那些车开得飞快 能不能给装个",
    ],
    "near_miss": [
        "开发区那条路上的井盖没了 俺骑车差点掉进去",
        "桥上的栏杆断了一截 昨天俺家孩子差点从那掉下去",
        "路中间有个大坑 晚上看不见 好几个骑车的差点摔了",
    ],
    "days_old": [
        "小区门口的路灯杆让车撞歪了 都半个月了也没人来修",
        "村头的电线杆被大车刮倒了 好几天了没人管",
        "路口的红绿灯杆被撞断了 一个星期了还躺在那",
    ],
    "hazard": [
        "村西头一棵大杨树刮倒了 搭在电线上",
        "大风把广告牌刮下来了 挂在电线上",
        "刮大风 一根树杈子砸在电线上了 耷拉着",
    ],
    "cared_for": [
        "前天晚上有个老人在那个没盖的机井边上摔了 已经住院了 那口井得赶紧封上",
        "昨天有人骑车掉进那个坑里 已经送到医院了 路政得赶紧把坑填上",
    ],
    "figurative": [
        "停水三天了 渴得俺们都不想活了 自来水公司到底管不管",
        "楼下烧烤店天天吵到半夜 吵得俺都想死了",
        "暖气一直不热 冻得俺都不想活了 热力公司快来看看吧",
    ],
}

#: Near twins: someone in danger now (text, a number that must be told).
EMERGENCIES: list[tuple[str, str]] = [
    ("污水井里有个工人晕倒了 叫不醒", "120"),
    ("屋里一股煤气味 俺媳妇说头疼恶心", "119"),
    ("小区门口的路被挖断了 消防车进不来 楼上着火了", "119"),
    ("路让人挖了 救护车过不来 俺娘犯病了喘不上气", "120"),
    ("学校门口一辆车撞了个孩子 孩子躺地上不动", "120"),
    ("大树倒了 把一个过路的压在底下了", "119"),
    ("井盖没了 一个孩子掉进去了 还没捞上来", "119"),
    ("热得俺不想活了 俺把农药都买好了", "110"),
    ("俺爹已经送医院了 打他的那几个人还在俺家门口砸东西", "110"),
    ("河里有个人在扑腾 快不行了", "119"),
]


def test_lines_are_not_in_the_training_data() -> None:
    held = {t for lines in ORDINARY.values() for t in lines} | {t for t, _ in EMERGENCIES}
    assert_not_in_training(held)


@pytest.mark.parametrize(
    "text", [pytest.param(t, id=f"{k}-{i}") for k, ts in ORDINARY.items() for i, t in enumerate(ts)]
)
def test_ordinary_appeal_is_no_emergency(engine: EmbeddedEngine, text: str) -> None:
    assert_no_number(engine.parse(text), text)


@pytest.mark.parametrize(("text", "service"), EMERGENCIES)
def test_near_twin_stays_an_emergency(engine: EmbeddedEngine, text: str, service: str) -> None:
    assert_number_told(engine, text, service)
