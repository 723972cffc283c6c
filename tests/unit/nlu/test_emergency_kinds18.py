"""Eighteenth emergency round (第十三条(一), trial14 T02 T03 T10 T14): words of an emergency
inside an ordinary property, vehicle, parking or dispute appeal; the trial's inputs and
fresh ones of the same kinds, each beside near twins that stay emergencies.

Kinds: a vehicle or a door blocked in ("堵着俺的车出不去") read as someone trapped (119);
a facility hit by a vehicle some time ago ("消防栓让车撞歪了") read as a traffic accident
(122); property taken by a known party ("物业给俺把锁剪了 车也推走了") read as a theft
going on (110); past falls on an icy road ("好几个老人都摔倒过") told 110. The first three
get no finding at all (``nlu.emergency_property``, ``nlu.emergency_things``), the last at
most a possible danger told 120, never 110.
"""

from __future__ import annotations

import pytest

from nlu.emergency_property import property_kind
from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import assert_no_number, numbers_told

#: A vehicle, a garage or a door blocked in, nobody shut in: a parking appeal.
BLOCKED = [
    "有个车天天锁在俺家车库门口 堵着俺的车出不去 打电话也不接",  # trial14 T03
    # fresh, same kind: other wordings, places, dialect
    "俺家大门让人堵上了 车出不去",
    "谁家的车停俺家门口 俺的车开不出来",
    "车库门口让人堆了一堆沙子 俺家车出不来",
    "俺家车库门口让人堵了 车开不出来 打电话也不接",
    "俺家车位让一辆外地车占了三天了 俺的车停不进去 啥人啊",
    "恁管管吧 对门那辆面包车天天横在俺家院门口 俺的车咋也开不出去",
    "楼下那个三轮天天堵着俺家车库 打电话也不接 恁给协调一下中不",
    "俺们胡同口叫人堆了一堆砖 车进不来出不去 都好几天了",
]

#: A facility hit by a vehicle some time ago, nobody hurt: a repair.
HIT = [
    "俺们村那个消防栓让车撞歪了 一直往外滋水",  # trial14 T02
    # fresh, same kind
    "路口的消火栓叫车撞坏了 水哗哗往外冒",
    "俺家门口的消防栓不知道叫谁的车撞断了 水淌了一街",
    "俺们村口那个消防栓叫大车撞飞了 水滋得老高",
    "俺们庄的院墙叫拉砖的车撞塌了一块 好几天了",
    "恁看看 村口那根电线杆子叫收麦的车撞歪了 到现在也没人扶",
    "小区门口的护栏让车撞坏了 好几天了没人修",
    "桥头的护栏让车撞弯了 恁找人来修修",
    "俺家门口的路灯杆子让大车撞断了 恁给报报修",
    "俺们胡同那个配电箱叫三轮撞瘪了 门都关不上",
]

#: Property taken by a known party (物业, 城管, 交警, 单位, 房东 ...): a dispute.
TAKEN = [
    "俺的电动车锁在楼道里 物业给俺把锁剪了 车也推走了",  # trial14 T10
    # fresh, same kind
    "单位把俺的车扣下了",
    "交警把俺的车拖走了 也不说拖哪去了",
    "俺在路边摆摊 城管把俺的三轮连秤都拉走了 咋要回来",
    "房东把俺屋里的东西都搬走了 锁也换了 俺咋办",
    "物业把俺停在楼下的电动车剪了锁推走了 说是乱停",
    "小区保安把俺的车锁剪了 车给扣下了 恁说这中不中",
    "村委把俺家门口的柴火垛拉走了 也没跟俺说一声",
]

#: Past falls on an icy road: a possible danger at most, told 120, never 110.
PAST_FALLS = [
    "小区门口那段路结冰了 好几个老人都摔倒过 恁叫人来撒点盐中不中",  # trial14 T14
    # fresh, same kind
    "俺们楼门口那个坡一到冬天就结冰 俺娘都摔过两回了 恁叫物业来铲铲冰",
    "桥上结冰了 好几个骑车的都摔过 能不能撒点盐",
    "村口那段路上冻了 滑得很 好几个人骑车都摔倒过",
]

#: Near twins: a person shut in, hurt, in a fire, a crash or a theft now; each stays an
#: emergency, the number expected among those told.
TWINS = [
    # someone shut in, not a vehicle
    ("电梯里困着人", "119"),
    ("俺被锁在屋里出不去了 着火了", "119"),
    ("孩子反锁在车里", "119"),
    ("车门锁死了 孩子在车里出不来", "119"),
    ("车库门让人堵了 俺爹在里头犯病了 出不来", "119"),
    ("一个车把俺家门口堵了 俺娘心脏病犯了 救护车进不来", "120"),
    ("俺家门让人堵了 俺跟孩子都出不去 外头有人砸门", "110"),
    ("有人把俺堵在车库里不让出去 还拿着刀", "110"),
    ("俺家车库着火了 车出不来", "119"),
    # a crash now, a person hurt in it
    ("刚撞了人", "122"),
    ("车撞了 人躺地上", "120"),
    ("两辆车撞一块了 有人卡在里头", "122"),
    ("一辆车把护栏撞断了 司机卡在车里出不来", "122"),
    ("有辆车撞到墙上了 车里的人满头是血", "120"),
    ("刚才一辆车把路边的护栏撞飞了 俩人躺地上了", "122"),
    ("消防栓刚让车撞歪了 水呲得老高", "122"),
    ("大车撞了电线杆 电线掉下来冒火花", "119"),
    # a thief, or a known party hurting someone
    ("俺的电动车刚让人偷了", "110"),
    ("有人在撬俺家门", "110"),
    ("俺的车让人撬了 东西都偷走了", "110"),
    ("物业说俺的电动车叫人偷了", "110"),
    ("物业的人把俺打了 车也拖走了", "110"),
    ("城管拉俺的三轮 把俺爹推倒了 头磕破了流血", "120"),
    ("房东把俺锁在屋里了 不让出去", "110"),
    # a fall on the ice now
    ("路上结冰 俺娘刚摔倒了 起不来了", "120"),
    ("门口结冰了 一个老头摔倒了 躺地上不动", "120"),
    ("桥上结冰了 刚才一个骑电动车的摔倒了 腿断了", "120"),
]


@pytest.mark.parametrize("text", BLOCKED + HIT + TAKEN)
def test_property_blocked_hit_or_taken_is_no_emergency(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    assert result.emergency is None, (text, result.emergency)


@pytest.mark.parametrize("text", PAST_FALLS)
def test_past_falls_on_ice_are_never_told_110(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    found = result.emergency
    assert found is None or found.services == ("120",), (text, found)


@pytest.mark.parametrize(("text", "service"), TWINS)
def test_near_twins_stay_emergencies(engine: EmbeddedEngine, text: str, service: str) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert service in told, (text, told)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("有个车天天锁在俺家车库门口 堵着俺的车出不去 打电话也不接", "blocked_in"),
        ("俺家大门让人堵上了 车出不去", "blocked_in"),
        ("俺的电动车锁在楼道里 物业给俺把锁剪了 车也推走了", "taken_by_party"),
        ("交警把俺的车拖走了 也不说拖哪去了", "taken_by_party"),
        # a person blocked or shut in, a thief, an accident, a road in danger: no such kind
        ("俺儿在网吧门口叫几个人堵住了 不让走", None),
        ("俺被锁在屋里出不去了", None),
        ("车库门让人堵了 俺爹在里头犯病了 出不来", None),
        ("物业说俺的电动车叫人偷了", None),
        ("物业的人把俺打了 车也拖走了", None),
        ("路口俩车撞一块了 把路都堵死了", None),
        ("高速上一辆大车停在超车道上 车出不去", None),
        ("俺家车库着火了 车出不来", None),
    ],
)
def test_property_kind_reads_who_is_blocked_and_who_took(text: str, kind: str | None) -> None:
    assert property_kind(text) == kind, text
