"""Traffic signals are the traffic police's (trial3 F20): 政法/交通管理, whose unit type is
the traffic police (department:交警: 菏泽市公安局交通警察支队 and each county's
公安局交通警察大队, config/data/units.yaml), never the city management's street furniture
(路灯 stays there)."""

from __future__ import annotations

import pytest

from dialogs.offices import named_office
from nlu.engine import EmbeddedEngine


@pytest.mark.parametrize(
    "said",
    [
        "郓城县南环路和金河路交叉口的红绿灯坏了好几天了，车乱成一锅粥",
        "开发区人民路口的交通信号灯一直闪黄灯，也没人管",
        "学校门口那个红绿灯绿灯时间太短 老人走一半就变红了",
        "巨野县永丰街道中心街上的信号灯不亮了",
    ],
)
def test_a_traffic_signal_goes_to_the_police_traffic_unit_type(
    engine: EmbeddedEngine, said: str
) -> None:
    category = engine.parse(said).category
    assert category is not None
    assert (category.level1, category.level2) == ("政法", "交通管理")
    assert category.unit_type == "department:交警"


@pytest.mark.parametrize(
    "said", ["俺村的路灯坏了一个月了 晚上黑乎乎的", "商场楼顶的霓虹灯广告牌太亮了 晃得睡不着"]
)
def test_street_lights_and_other_lights_are_not_traffic_signals(
    engine: EmbeddedEngine, said: str
) -> None:
    category = engine.parse(said).category
    assert category is None or category.level2 != "交通管理"


def test_a_crash_at_a_signal_is_left_to_the_model_and_triage(engine: EmbeddedEngine) -> None:
    category = engine.parse("红绿灯路口两辆车撞了，有人受伤").category
    assert category is None or category.source != "keyword"


@pytest.mark.parametrize(
    ("said", "unit_type"),
    [
        ("巨野县交警大队的协警开罚单不讲理 态度恶劣", "department:交警"),
        ("车管所窗口的人让俺来回跑了三趟", "department:交警"),
        ("成武县派出所的民警办户口推三阻四", "department:公安"),
    ],
)
def test_a_named_traffic_police_office_is_the_traffic_polices(said: str, unit_type: str) -> None:
    office = named_office(said)
    assert office is not None
    assert office.unit_type == unit_type
