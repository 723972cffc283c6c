"""trial17 kinds of "since when" (issue 11) through the shipped model's NLU.

* a season or a farm time is a start (「夏天就开始了」, 「入冬以后就这样」, 「麦收那会儿」);
* how long something took (「救护车一个多小时才来」, 「等了一个小时」) is no start, and the
  answer to "since when?" is taken;
* a place correction at "since when?" (「不对 是东头」) is never the time: the place is
  corrected and said back, the time asked again; a duration told later is taken;
* 「一直这样」, 「老早就这样了」, 「今天」 are recorded as said, never dropped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.context import DialogContext
from nlu.engine import NluEngine, load_engine
from tests.unit.dialogs.dialog_helpers import Chat, slots, texts

SMELL = "俺们庄的坑塘臭得没法闻了 恁给管管"


@pytest.fixture(scope="module")
def engine() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


def _say(chat: Chat, engine: NluEngine, text: str) -> str:
    return texts(chat.say(text, engine.parse(text)))


@pytest.mark.parametrize(
    ("told", "kept"),
    [
        ("夏天就开始了", "夏天"),
        ("入冬以后就这样", "入冬"),
        ("开春就开始了", "开春"),
        ("秋后就这样了", "秋后"),
        ("麦收那会儿就开始臭了", "麦收那会儿"),
        ("去年冬天就这样", "去年冬天"),
        ("今年夏天开始的", "今年夏天"),
        ("过年前后开始的", "过年前后"),
    ],
)
def test_a_season_is_a_start_told_at_any_question(
    ctx: DialogContext, engine: NluEngine, told: str, kept: str
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, SMELL)
    _say(chat, engine, "巨野县 龙堌镇 大李庄")
    _say(chat, engine, told)
    assert slots(chat).since == kept, slots(chat).since


@pytest.mark.parametrize("told", ["夏天就开始了", "秋收以后就这样", "冬天起就这样"])
def test_a_season_answers_the_since_question(
    since_ctx: DialogContext, engine: NluEngine, told: str
) -> None:
    chat = Chat(since_ctx)
    _say(chat, engine, SMELL)
    _say(chat, engine, "巨野县龙堌镇大李庄村西头")
    assert chat.state.step == "since", chat.state.step
    _say(chat, engine, told)
    since = slots(chat).since or ""
    assert since, since
    assert since in told, since
    assert "开始" not in since, since


def test_a_season_that_recurs_is_no_start(ctx: DialogContext, engine: NluEngine) -> None:
    chat = Chat(ctx)
    _say(chat, engine, "俺们庄的坑塘一到夏天就臭得没法闻 恁给管管")
    assert slots(chat).since is None, slots(chat).since


@pytest.mark.parametrize(
    "matter",
    [
        "俺想投诉 上回打120 救护车一个多小时才来",
        "在医院挂号排了半天队 也没人管",
        "去办事大厅等了一个小时 窗口都没人",
        "报修以后三天才来人 态度还不好",
    ],
)
def test_how_long_it_took_is_no_start_and_the_answer_is_taken(
    since_ctx: DialogContext, engine: NluEngine, matter: str
) -> None:
    chat = Chat(since_ctx)
    _say(chat, engine, matter)
    assert slots(chat).since is None, slots(chat).since
    _say(chat, engine, "牡丹区 吕陵镇 吕陵村")
    for _ in range(2):
        if chat.state.step == "since":
            break
        _say(chat, engine, "就这些")
    _say(chat, engine, "上周五")
    assert slots(chat).since == "上周五", slots(chat).since


@pytest.mark.parametrize("fix", ["不对 是东头", "地点错了 是东头", "不对 应该是村东头"])
def test_a_place_correction_at_the_since_question_is_no_time(
    since_ctx: DialogContext, engine: NluEngine, fix: str
) -> None:
    chat = Chat(since_ctx)
    _say(chat, engine, "郓城县黄安镇刘庄村 村西头的路灯坏了 黑灯瞎火的")
    assert chat.state.step == "since", chat.state.step
    told = _say(chat, engine, fix)
    assert slots(chat).since is None, slots(chat).since
    assert "东头" in (slots(chat).place.address() or ""), slots(chat).place
    assert "地点已改为" in told, told
    assert chat.state.step == "since", told
    _say(chat, engine, "俩月了")
    assert slots(chat).since == "俩月", slots(chat).since


def test_a_place_correction_then_a_duration_at_the_contact_question(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, "郓城县黄安镇刘庄村 村西头的路灯坏了 黑灯瞎火的")
    _say(chat, engine, "不对 是东头")
    for _ in range(2):
        if chat.state.step == "contact":
            break
        _say(chat, engine, "就这些")
    _say(chat, engine, "两个多月了")
    assert slots(chat).since == "两个多月", slots(chat).since
    assert "东头" in (slots(chat).place.address() or "")


@pytest.mark.parametrize(
    ("told", "kept"),
    [
        ("一直这样", "一直这样"),
        ("一直都这样", "一直都这样"),
        ("老早就这样了", "老早就这样"),
        ("很早以前", "很早以前"),
        ("老早以前就有了", "老早以前就有"),
        ("今天", "今天"),
        ("今儿个", "今儿个"),
        ("今天早上", "今天早上"),
    ],
)
def test_long_standing_or_today_is_kept_as_said(
    ctx: DialogContext, engine: NluEngine, told: str, kept: str
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, "俺们小区消防通道天天被车堵着 万一着火了消防车都进不来")
    _say(chat, engine, "牡丹区 牡丹街道 华英小区")
    _say(chat, engine, told)
    assert slots(chat).since == kept, slots(chat).since


@pytest.mark.parametrize(
    ("matter", "kept"),
    [
        ("俺们村的自来水老停 今天又停了", "今天"),
        ("俺们楼下的路灯老坏 今儿个又不亮了", "今儿个"),
        ("今天早上开始俺们小区就停电了", "今天早上"),
    ],
)
def test_today_in_the_matter_is_its_time(
    ctx: DialogContext, engine: NluEngine, matter: str, kept: str
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, matter)
    assert slots(chat).since == kept, slots(chat).since
