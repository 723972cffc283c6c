"""A hazard with nobody in danger now (trial10 N01): a short fitting safety line first, then
the intake as usual (no transfer, the order's content the citizen's words); ordinary
appeals get no line, true emergencies still get the numbers first (dialogs/hazards.py).

The NLU results are the shipped model's (trained from config/nlu, shared model directory);
none of the hazards below was used to tune the word lists (trial10's own inputs aside).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.model import Action, Reply, Transfer
from dialogs.state import IntakeFlow
from nlu.engine import NluEngine, load_engine
from tests.unit.dialogs.dialog_helpers import Chat

HINT = "温馨提示"


@pytest.fixture(scope="module")
def engine() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


def _say(chat: Chat, engine: NluEngine, text: str) -> list[Action]:
    return chat.say(text, engine.parse(text))


def _replies(acts: list[Action]) -> list[str]:
    return [a.text for a in acts if isinstance(a, Reply)]


@pytest.mark.parametrize(
    ("said", "fits"),
    [
        # power: keep away, 95598
        ("村口那根电线杆子让大风刮斜了 还没人来扶", "95598"),
        ("路边高压线耷拉下来了 离地没多高 附近没人", "95598"),
        ("俺们胡同口的变压器箱门一直开着 也没个人管", "95598"),
        ("大风把电线刮断了 耷拉在路上 没伤着人", "95598"),  # trial10 F21
        # something that may fall: do not stand under it, others kept away
        ("小区外面那棵老槐树歪得厉害 树根都翘起来了", "不要在下方"),
        ("商场门口的招牌松动了 风一吹就晃", "不要在下方"),
        ("学校旁边那堵围墙裂了好几道口子", "不要在下方"),
        ("街上那个广告牌摇摇晃晃的 早晚得掉下来", "不要在下方"),  # trial10 F09
        # gas told with no emergency: the gas company's line, 119 if the smell is strong
        ("小区天然气管道那块老是有点跑气 燃气公司不来修", "燃气公司的抢修电话"),
        # a worry with no line of its own (the NLU's hazard_report): keep away
        ("楼下饭店的煤气罐就摆在人行道上 说不定哪天就炸了", "远离"),
    ],
)
def test_a_hazard_gets_a_fitting_line_then_the_intake(
    chat: Chat, engine: NluEngine, said: str, fits: str
) -> None:
    acts = _say(chat, engine, said)
    assert not any(isinstance(a, Transfer) for a in acts)  # no emergency numbers
    replies = _replies(acts)
    assert len(replies) == 2, replies
    line, question = replies
    assert line.startswith(HINT)
    assert fits in line
    assert "110" not in line
    assert "120" not in line
    assert "哪" in question  # the intake goes on: where is it?
    assert chat.flow == "intake"
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow)
    slots = flow.slots
    assert slots.matter is not None
    assert said.split()[0] in slots.matter


@pytest.mark.parametrize(
    "said",
    [
        "小区门口的路灯坏了 晚上黑乎乎的",
        "楼上天天半夜装修 吵得睡不着",
        "小区停电一下午了",
        "村里的树让人砍了好几棵",
        "俺们村的自来水发黄 好几天了",
        "小区的暖气到现在还不热",
    ],
)
def test_an_ordinary_appeal_gets_no_line(chat: Chat, engine: NluEngine, said: str) -> None:
    replies = _replies(_say(chat, engine, said))
    assert replies
    assert not any(HINT in r for r in replies)
    assert chat.flow == "intake"


@pytest.mark.parametrize(
    "said",
    ["路边电线掉地上了 还冒火星子", "俺家楼下那户着火了 烟老大了"],
)
def test_a_true_emergency_still_gets_the_numbers_first(
    chat: Chat, engine: NluEngine, said: str
) -> None:
    acts = _say(chat, engine, said)
    assert isinstance(acts[0], Transfer)
    assert "119" in acts[0].text
    assert not any(HINT in r for r in _replies(acts))


def test_the_line_goes_with_the_matter_not_with_a_later_answer(
    chat: Chat, engine: NluEngine
) -> None:
    first = _replies(_say(chat, engine, "小区门口的路灯坏了"))
    assert not any(HINT in r for r in first)
    # the place answered with a pole beside it: an answer, no line
    later = _replies(_say(chat, engine, "牡丹区 西城街道 电线杆子旁边 那根杆子歪了"))
    assert not any(HINT in r for r in later)


def test_an_opener_then_the_hazard_gets_the_line(chat: Chat, engine: NluEngine) -> None:
    assert not any(HINT in r for r in _replies(_say(chat, engine, "喂 俺这有个事得说道说道")))
    replies = _replies(_say(chat, engine, "路边那根电线杆子让车撞歪了 好几天了"))
    assert replies[0].startswith(HINT)
    assert "95598" in replies[0]
