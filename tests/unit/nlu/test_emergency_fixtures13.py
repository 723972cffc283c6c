"""False alarms of issue 11 found by CI on a1bd8f6 (fresh3 f3-008, f3-022, f3-049), kind by kind.

* ``manhole_gone``: a manhole cover missing on an ordinary road, nobody in it: an appeal to
  城管/市政 (trial11 N05's kind). "井盖没了" names no vehicle stopped on the carriageway, so it
  is no word of the ``stopped`` state any more; a motorway with cars jolting over it stays 122.
* ``signals_flashing``: signals flashing yellow (黄闪) work in their designed fallback: the
  junction is not dark, an appeal to 交警 unless someone is hurt.
* ``fall_behind_repair``: a broken light blamed for a fall told in the perfective, nobody
  lying there now: the fall is the repair's reason (nlu/emergency_appeal.py ``_FELL_ONCE``).

Each line below is written anew; the scenario lines of fresh3 are in the simulated suite.
Their near twins, with someone in danger now, stay emergencies.
"""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import assert_no_number, assert_not_in_training, assert_number_told

ORDINARY: dict[str, list[str]] = {
    "manhole_gone": [
        "路上有个井盖没了 就剩个大窟窿",
        "俺们村东头大路上的井盖丢了 一个黑窟窿在那敞着",
        "开发区长江路上少了个井盖 骑车的都得绕着走",
    ],
    "signals_flashing": [
        "路口红绿灯坏了 一直闪黄灯 车都抢着走",
        "中华路那个路口的信号灯光闪黄灯 也不变红绿 车都乱开",
        "十字路口红绿灯不好使了 黄灯一直闪 谁也不让谁",
    ],
    "fall_behind_repair": [
        "我们楼道的声控灯全坏了 老人上下楼摔了一跤",
        "单元楼里的感应灯坏了好几个 俺娘下楼摔了一下",
        "楼道灯不亮 黑咕隆咚的 邻居家孩子摔过好几回",
    ],
}

#: Near twins: someone in danger now (text, a number that must be told).
EMERGENCIES: list[tuple[str, str]] = [
    ("井盖没了 一个小孩掉进去了 在下面哭", "119"),
    ("红绿灯坏了 一直闪黄灯 刚才两辆车撞了 有人流血", "120"),
    ("楼道灯坏了 俺娘刚摔了一跤 起不来了", "120"),
    ("这个大路口的信号灯全灭了 车堵成一团 行人在车缝里穿", "122"),
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


def test_a_manhole_gone_is_a_hazard_to_report(engine: EmbeddedEngine) -> None:
    """The veto names its kind, so the dialogue tells the keep-away line before the intake."""
    assert engine.parse("路上有个井盖没了 就剩个大窟窿").hazard == "fixture_gone"
