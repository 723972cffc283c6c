"""The levels above a village told after it (trial16's left-alone notes, 2026-12-04):
「李新庄村口的路坏了」 and then 「曹县青堌集镇」 lost the village and asked again which
village; the NLU had placed 李新庄村 in 单县 by its name (a guess: names repeat)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.context import DialogContext
from dialogs.intake_place import merge_place
from dialogs.state import Place
from nlu.engine import NluEngine, load_engine
from tests.unit.dialogs.dialog_helpers import Chat, slots, texts


@pytest.fixture(scope="module")
def engine() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


@pytest.mark.parametrize(
    ("matter", "levels", "county", "line"),
    [
        ("李新庄村口的路坏了 坑坑洼洼的", "曹县青堌集镇", "曹县", "青堌集镇李新庄村口"),
        ("王庄村口的路灯不亮了 黑乎乎的", "郓城县张营镇", "郓城县", "张营镇王庄村口"),
        ("张楼村头的大坑里倒满了垃圾 臭得很", "鄄城县旧城镇", "鄄城县", "旧城镇张楼村头"),
    ],
)
def test_levels_told_after_a_village_keep_the_village(
    ctx: DialogContext, engine: NluEngine, matter: str, levels: str, county: str, line: str
) -> None:
    chat = Chat(ctx)
    chat.say(matter, engine.parse(matter))
    told = texts(chat.say(levels, engine.parse(levels)))
    place = slots(chat).place
    assert place.county == county
    assert line in (place.address() or ""), place
    assert "哪个村" not in told


def test_a_correction_still_replaces_the_spot() -> None:
    old = Place(county="单县", township="李新庄镇", village="李新庄村", detail="村口")
    new = Place(county="曹县", township="青堌集镇")
    kept = merge_place(old, new, replace=False, text="曹县青堌集镇")
    assert (kept.village, kept.detail) == ("李新庄村", "村口")
    fixed = merge_place(old, new, replace=True, text="不对 地点改成曹县青堌集镇")
    assert fixed.village is None
    assert fixed.detail is None


@pytest.mark.parametrize(
    ("matter", "more", "part"),
    [
        ("开发区佳和城小区的电梯老坏 上下楼得爬", "11号楼2单元", "11号楼2单元"),
        ("牡丹区和平小区的路灯坏了一排", "7号楼前面", "7号楼"),
    ],
)
def test_a_place_completed_beside_the_question_is_said_back_as_added(
    ctx: DialogContext, engine: NluEngine, matter: str, more: str, part: str
) -> None:
    chat = Chat(ctx)
    chat.say(matter, engine.parse(matter))
    assert chat.state.step != "where"
    told = texts(chat.say(more, engine.parse(more)))
    assert "地点已补充为" in told, told
    assert "地点已改为" not in told
    assert part in (slots(chat).place.address() or "")
    assert more not in slots(chat).matter
