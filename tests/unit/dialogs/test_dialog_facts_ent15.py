"""The readers of one message's facts (ent15 kinds), with the shipped model's NLU where the
place is read (trained from config/nlu, shared model directory).

* places: a facility after a road or estate (trial13 Q09: 「曹县 磐石街道 青年路公厕」 was
  stored 「曹县磐石街道青年路」) stays in the place read back;
* since when: a duration that measures the matter (拖欠三个月工资, 欠了两年的物业费) is no
  start; one said as the time (三个月了, 从三个月前) still is.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.context import DialogContext
from dialogs.reading import read
from dialogs.wording import Wording
from nlu.engine import NluEngine, load_engine
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots


@pytest.fixture(scope="module")
def engine() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


@pytest.mark.parametrize(
    ("said", "detail"),
    [
        ("曹县 磐石街道 青年路公厕", "青年路公厕"),  # trial13 Q09
        ("东明县城关街道黄河路桥头", "黄河路桥头"),
        ("单县 北城街道 人民路公交站牌那", "人民路公交站牌"),
        ("巨野县永丰街道麟州路菜场后头", "麟州路菜场后头"),
    ],
)
def test_a_facility_stays_in_the_place_answered(
    ctx: DialogContext, engine: NluEngine, said: str, detail: str
) -> None:
    chat = Chat(ctx)
    matter = "公共厕所脏得没法进 也没人打扫"
    chat.say(matter, nlu(matter, category="城乡建设"))
    assert chat.state.step == "where", chat.state.step
    chat.say(said, engine.parse(said))
    place = slots(chat).place
    assert place.detail == detail
    assert place.county is not None
    assert place.county in said


@pytest.mark.parametrize(
    "said",
    [
        "老板拖欠三个月工资 一直不给",
        "包工头欠俺俩月工钱 电话也不接",
        "物业让俺一下交两年的物业费",
        "干了一年的活 工钱一分没给",
        "房东扣了俺三个月的押金不退",
        "恁给问问 厂里欠俺半年工资咋弄",
    ],
)
def test_a_duration_measuring_the_matter_is_no_start(wording: Wording, said: str) -> None:
    assert read(said, None, wording, expecting="matter").since is None


@pytest.mark.parametrize(
    ("said", "since"),
    [
        ("公司拖欠工资三个月了", "三个月"),
        ("水管漏水三个月了还没修", "三个月"),
        ("从三个月前就开始漏水", "三个月前"),
        ("老板欠俺三个月工资 都快一年了", "快一年"),
    ],
)
def test_a_duration_said_as_the_time_is_the_start(wording: Wording, said: str, since: str) -> None:
    assert read(said, None, wording, expecting="matter").since == since
