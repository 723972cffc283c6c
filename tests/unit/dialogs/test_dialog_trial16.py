"""trial16 kinds through the shipped model's NLU (config/nlu, shared model directory).

* a place, a start time or a new phone told beside the question asked is applied and said
  back, never appended to the matter (「地点已改为：…」, 「开始时间已记下：…」);
* a self-introduction (「对 俺姓马」) at the place question is a name, not a place;
* a building part (地下车库, 单元门口) stays in the place;
* a past date's state (灭火器过期了半年) is no start time; 「半年了」 still is.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.context import DialogContext
from nlu.engine import NluEngine, load_engine
from tests.unit.dialogs.dialog_helpers import Chat, slots, texts

MATTER = "俺们小区门口路灯坏了 晚上黑咕隆咚的"


@pytest.fixture(scope="module")
def engine() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


def _say(chat: Chat, engine: NluEngine, text: str) -> str:
    return texts(chat.say(text, engine.parse(text)))


def _to_contact(chat: Chat, engine: NluEngine) -> None:
    _say(chat, engine, MATTER)
    for answer in ("牡丹区和平路西头和平小区", "一个多礼拜了"):
        if chat.state.step == "contact":
            break
        _say(chat, engine, answer)
    for _ in range(3):
        if chat.state.step == "contact":
            break
        _say(chat, engine, "就这些")


@pytest.mark.parametrize(
    "fix", ["地点不对 是和平路东头", "刚才地方说错了 应该是和平路东段", "不是西头 是东头"]
)
def test_a_place_corrected_at_the_contact_question_is_applied_and_said_back(
    ctx: DialogContext, engine: NluEngine, fix: str
) -> None:
    chat = Chat(ctx)
    _to_contact(chat, engine)
    assert chat.state.step == "contact", chat.state.step
    told = _say(chat, engine, fix)
    assert "地点已改为" in told, told
    assert "东" in (slots(chat).place.address() or "")
    assert "地点" not in slots(chat).matter
    assert "说错" not in slots(chat).matter


@pytest.mark.parametrize("when", ["打昨天就开始了", "上礼拜开始的", "前两天开始的"])
def test_a_start_told_at_the_place_question_is_noted_not_matter_nor_place(
    ctx: DialogContext, engine: NluEngine, when: str
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, MATTER)
    assert chat.state.step == "where", chat.state.step
    _say(chat, engine, when)
    s = slots(chat)
    assert s.since, s
    assert when not in s.matter
    assert "开始" not in s.matter
    assert "开始" not in (s.place.address() or "")


@pytest.mark.parametrize(
    "talk", ["电话换了 新号是13912341607", "别打这个号 打俺老婆的 13912341607"]
)
def test_contact_change_talk_sets_the_phone_and_stays_out_of_the_matter(
    ctx: DialogContext, engine: NluEngine, talk: str
) -> None:
    chat = Chat(ctx)
    _to_contact(chat, engine)
    _say(chat, engine, talk)
    s = slots(chat)
    assert "换" not in s.matter, s.matter
    assert "老婆" not in s.matter, s.matter
    assert s.phone == "13912341607", s


@pytest.mark.parametrize("said", ["对 俺姓马", "俺姓马"])
def test_a_surname_at_the_place_question_is_no_place(
    ctx: DialogContext, engine: NluEngine, said: str
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, MATTER)
    assert chat.state.step == "where"
    _say(chat, engine, said)
    assert "马" not in (slots(chat).place.address() or "")
