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


@pytest.mark.parametrize(
    ("village", "township", "line"),
    [
        ("李新庄村", "青堌集镇", "曹县青堌集镇李新庄村"),
        ("李新庄村", "曹县青堌集镇", "曹县青堌集镇李新庄村"),
    ],
)
def test_a_township_told_after_a_village_alone_replaces_the_guessed_county(
    ctx: DialogContext, engine: NluEngine, village: str, township: str, line: str
) -> None:
    """The village alone was read as 单县李新庄镇's by its name; the township the citizen
    tells next (曹县's) is where it is: no question whether 青堌集镇 is 单县's."""
    chat = Chat(ctx)
    matter = "俺们那水管子爆了 停水三天了"
    chat.say(matter, engine.parse(matter))
    chat.say(village, engine.parse(village))
    told = texts(chat.say(township, engine.parse(township)))
    assert slots(chat).place.address() == line
    assert "是曹县的" not in told
    assert "单县" not in told


def test_a_village_said_with_its_county_is_not_guessed(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx)
    matter = "单县李新庄镇李新庄村的自来水停了三天了"
    chat.say(matter, engine.parse(matter))
    assert slots(chat).place.guessed is False
    assert slots(chat).place.county == "单县"


@pytest.mark.parametrize(
    ("said", "fix", "line"),
    [
        ("牡丹区高庄镇刘楼村村东头", "不对 是村南头", "刘楼村南头"),
        ("郓城县黄安镇刘庄村村西头", "地点不对 是村东头", "刘庄村东头"),
        ("曹县韩集镇张庄村村口", "不对 不是村口 是村北头", "张庄村北头"),
    ],
)
def test_a_spot_of_the_same_village_corrected_keeps_the_village(
    ctx: DialogContext, engine: NluEngine, said: str, fix: str, line: str
) -> None:
    chat = Chat(ctx)
    matter = f"{said}的路上有个大坑 电动车都摔了好几个"
    chat.say(matter, engine.parse(matter))
    chat.say(fix, engine.parse(fix))
    assert line in (slots(chat).place.address() or ""), slots(chat).place


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("东明县城关 幸福小区", "东明县城关街道幸福小区"),
        ("东明县城关的幸福小区", "东明县城关街道幸福小区"),
    ],
)
def test_a_township_by_its_stem_is_not_repeated_in_the_spot(
    ctx: DialogContext, engine: NluEngine, where: str, line: str
) -> None:
    chat = Chat(ctx)
    matter = "俺们小区没暖气 屋里冷得很"
    chat.say(matter, engine.parse(matter))
    chat.say(where, engine.parse(where))
    assert slots(chat).place.address() == line


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("单县浮岗镇 俺们村叫孟庄", "单县浮岗镇孟庄村"),
        ("单县浮岗镇 村名叫孟庄 在村东头", "单县浮岗镇孟庄村东头"),
    ],
)
def test_a_village_told_by_its_name_is_the_village_not_words_of_the_spot(
    ctx: DialogContext, engine: NluEngine, where: str, line: str
) -> None:
    """trial17 32: 「村口那块 不对 是村头 俺们村叫孟庄」 gave 「单县浮岗镇村头 俺们村叫孟庄」."""
    chat = Chat(ctx)
    matter = "俺们村的路灯全坏了 晚上黑乎乎的"
    chat.say(matter, engine.parse(matter))
    chat.say(where, engine.parse(where))
    assert slots(chat).place.address() == line
    assert slots(chat).name is None
