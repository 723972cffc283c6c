"""Safety advice that fits the situation as told (trial8 F21), or none rather than a wrong
one; a wish to die is heard with care before the number (trial8 F02)."""

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
    ("said", "services", "situation", "advice", "wrong"),
    [
        # trial8 F21: a person staring at the river is no one in the water
        ("大桥底下有个人蹲了一下午了 一直往河里看", ("110",), "drowning", "留意对方", "救生圈"),
        (
            "大桥底下有个人蹲了一下午了 一直往河里看",
            ("110",),
            "self_harm",
            "留意对方",
            "您不是一个人",
        ),
        ("俺对象在天台上站着 说不想活了", ("110",), "self_harm", "留意对方", "您不是一个人"),
        ("俺们村东头那个变压器冒黑烟了 还噼里啪啦响", ("119",), "fire", "远离", "湿毛巾"),
        ("哎呀不说了 俺家厨房冒烟了 锅着了", ("119",), "fire", "锅盖", "湿毛巾捂住口鼻"),
        ("路口那个电线杆上的电线着火了 火星子直往下掉", ("119",), "fire", "切勿用水", "电梯"),
        ("俺炒菜油锅起火了 火苗子老高", ("119",), "fire", "关闭燃气灶", "电梯"),
        ("活着真没意思 俺不想再撑了", ("110", "120"), "self_harm", "12356", "救生圈"),
    ],
)
def test_the_advice_fits_what_was_said(
    chat: Chat, said: str, services: tuple[str, ...], situation: str, advice: str, wrong: str
) -> None:
    text = _transfer(chat, said, services, situation)
    assert advice in text
    assert wrong not in text
    assert text.index(advice) < text.index(services[0])  # care and advice before the number


@pytest.mark.parametrize(
    ("said", "advice"),
    [
        ("有个小孩掉河里了 在水里扑腾", "救生圈"),  # someone in the water keeps its advice
        ("俺家楼下那户着火了 烟老大了", "不要乘坐电梯"),  # a building fire keeps its advice
    ],
)
def test_the_standard_advice_still_goes_with_its_situation(
    chat: Chat, said: str, advice: str
) -> None:
    situation = "drowning" if "河" in said else "fire"
    assert advice in _transfer(chat, said, ("119",), situation)


def test_drowning_with_no_water_said_gets_no_wrong_advice(chat: Chat) -> None:
    text = _transfer(chat, "快来人啊 俺家老头子不行了", ("119",), "drowning")
    assert "救生圈" not in text
    assert text.startswith("您反映的情况属于紧急事项")
