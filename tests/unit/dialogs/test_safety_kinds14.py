"""Safety advice of the fourteenth round (第十三条(一), issue 11): a field, straw-stack or
forest fire and a vehicle on fire are got away from, never fought alone; domestic violence
is told the way to safety and the 12338 line of the women's federation (妇联维权热线)
beside 110. The advice comes before the number, on every channel (short on SMS)."""

from __future__ import annotations

import pytest

from dialogs.model import Transfer
from nlu.types import Emergency, Intent, NluResult, Triage, TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat


def _alarm(text: str, services: tuple[str, ...], situation: str) -> NluResult:
    return NluResult(
        text=text,
        intent=Intent("appeal", 0.9),
        triage=Triage(TriageOutcome.EMERGENCY, "规则", service=services[0], services=services),
        emergency=Emergency("emergency", services, situation, "规则", 0.99, source="model"),
    )


def _transfer(chat: Chat, said: str, services: tuple[str, ...], situation: str) -> str:
    acts = chat.say(said, _alarm(said, services, situation))
    return next(a for a in acts if isinstance(a, Transfer)).text


@pytest.mark.parametrize(
    "said",
    [
        "村西头麦地着火了 风一吹往这边跑",
        "俺家柴火垛着了 火苗子老高",
        "山坡上的荒草烧起来了 烟老大",
    ],
)
def test_a_field_fire_is_got_away_from_and_not_fought_alone(chat: Chat, said: str) -> None:
    text = _transfer(chat, said, ("119",), "fire")
    assert "远离着火点" in text
    assert "不要独自扑救" in text
    assert "电梯" not in text  # a building's advice does not fit a field
    assert text.index("不要独自扑救") < text.index("119")


@pytest.mark.parametrize(
    "said",
    [
        "俺开着开着车头冒火了 人已经下来了",
        "路边一辆小轿车着火了 司机在打电话",
        "拉货的大货车车厢着了 还在往前开",
    ],
)
def test_a_vehicle_fire_is_got_away_from_and_not_fought_alone(chat: Chat, said: str) -> None:
    text = _transfer(chat, said, ("119",), "fire")
    assert "远离着火的车辆" in text
    assert "不要独自扑救" in text
    assert text.index("远离") < text.index("119")


def test_a_building_fire_keeps_its_own_advice(chat: Chat) -> None:
    text = _transfer(chat, "俺家楼下那户着火了 烟老大了", ("119",), "fire")
    assert "不要乘坐电梯" in text
    assert "不要独自扑救" not in text


@pytest.mark.parametrize(
    ("said", "situation"),
    [
        ("俺男人喝了酒又在打俺 俺躲在厕所里", "domestic_violence"),
        ("他拿着刀说要砍俺 孩子吓得直哭", "domestic_violence"),
        ("俺老公打俺 打得俺鼻子流血", "violence"),  # the words tell it is at home
    ],
)
def test_domestic_violence_is_told_12338_beside_110(chat: Chat, said: str, situation: str) -> None:
    text = _transfer(chat, said, ("110",), situation)
    assert "12338" in text
    assert "妇联" in text
    assert "110" in text
    assert "安全的地方" in text
    assert text.index("安全的地方") < text.index("110")


def test_a_street_fight_gets_no_domestic_violence_line(chat: Chat) -> None:
    text = _transfer(chat, "饭店门口两伙人打起来了 有人拿着酒瓶子", ("110",), "violence")
    assert "12338" not in text
