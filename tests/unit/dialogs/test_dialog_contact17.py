"""trial17 contact kinds (conversations 01, 16, 33) through the shipped model's NLU.

* a place, a start time or more of the matter told at the contact question is no failed
  answer: taken, and the contact asked again; only a refusal makes the appeal anonymous;
* a bare name at the contact question is the name, the phone asked next, both kept;
* a second matter in the same conversation is offered the contact given before (masked):
  yes keeps it, no asks afresh, a new number is taken.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.context import DialogContext, Thresholds
from dialogs.model import OrderOpened
from dialogs.wording import Wording
from nlu.engine import NluEngine, load_engine
from tests.unit.dialogs.dialog_helpers import Chat, slots, texts

MATTER = "小区门口的垃圾箱满了好几天没人清 臭得很"
SECOND = "还有个事 俺们小区楼道灯坏了一个月了"


@pytest.fixture
def ctx(wording: Wording) -> DialogContext:
    """The shipped thresholds (the spot asked, "since when?" when there is room)."""
    return DialogContext.for_channel("web", wording, Thresholds())


@pytest.fixture(scope="module")
def engine() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


def _say(chat: Chat, engine: NluEngine, text: str) -> str:
    return texts(chat.say(text, engine.parse(text)))


def _to_contact(chat: Chat, engine: NluEngine, matter: str = MATTER) -> None:
    _say(chat, engine, matter)
    for answer in ("郓城县唐塔街道", "水浒小区", "有半个月了", "就这些", "就这些"):
        if chat.state.step == "contact":
            return
        _say(chat, engine, answer)
    assert chat.state.step == "contact", chat.state.step


@pytest.mark.parametrize(
    "others",
    [
        ["东门那个垃圾箱", "靠着3号楼"],
        ["8号楼2单元门口", "有半个多月了"],
        ["夏天苍蝇蚊子也多", "上礼拜就开始了"],
    ],
)
def test_other_facts_at_the_contact_question_never_make_it_anonymous(
    ctx: DialogContext, engine: NluEngine, others: list[str]
) -> None:
    chat = Chat(ctx)
    _to_contact(chat, engine)
    for said in others:
        told = _say(chat, engine, said)
        assert "匿名受理" not in told, told
        assert not slots(chat).anonymous
        assert chat.state.step == "contact", (said, told)
    back = _say(chat, engine, "周丽 13698761234")
    assert "周丽 136****1234" in back, back


@pytest.mark.parametrize("refusal", ["匿名", "不留了", "不想留电话"])
def test_only_a_refusal_leaves_the_contact_out(
    ctx: DialogContext, engine: NluEngine, refusal: str
) -> None:
    chat = Chat(ctx)
    _to_contact(chat, engine)
    _say(chat, engine, "水浒小区东门")  # a place first: not a refusal
    assert not slots(chat).anonymous
    back = _say(chat, engine, refusal)
    assert "请您核对" in back, back
    assert slots(chat).anonymous or slots(chat).phone_refused
    assert slots(chat).phone is None


@pytest.mark.parametrize("name", ["韩梅", "王建国", "李娜", "孙德明"])
def test_a_bare_name_at_the_contact_question_is_kept_and_the_phone_asked(
    ctx: DialogContext, engine: NluEngine, name: str
) -> None:
    chat = Chat(ctx)
    _to_contact(chat, engine)
    _say(chat, engine, "就在东门")  # the place first, as in conversation 33
    asked = _say(chat, engine, name)
    assert slots(chat).name == name
    assert chat.state.step == "contact"
    assert "电话" in asked, asked
    assert "匿名受理" not in asked, asked
    back = _say(chat, engine, "15866661234")
    assert f"{name} 158****1234" in back, back


@pytest.mark.parametrize("word", ["好的", "没有", "知道了"])
def test_an_answer_word_at_the_contact_question_is_no_name(
    ctx: DialogContext, engine: NluEngine, word: str
) -> None:
    chat = Chat(ctx)
    _to_contact(chat, engine)
    _say(chat, engine, word)
    assert slots(chat).name is None


def _first_order(chat: Chat, engine: NluEngine) -> None:
    _to_contact(chat, engine)
    back = _say(chat, engine, "刘伟 15012345678")
    assert "请您核对" in back, back
    _say(chat, engine, "确认")
    chat.feed(OrderOpened(number="HZ20261205-000001", unit_name="郓城县城管局", deadline=None))


def _second_to_contact(chat: Chat, engine: NluEngine) -> str:
    told = _say(chat, engine, SECOND)
    for answer in ("郓城县唐塔街道", "水浒小区", "就这些", "就这些"):
        if chat.state.step == "contact":
            return told
        told = _say(chat, engine, answer)
    assert chat.state.step == "contact", chat.state.step
    return told


@pytest.mark.parametrize("yes", ["是", "对", "用吧", "还用这个", "可以"])
def test_a_second_matter_is_offered_the_contact_given_before(
    ctx: DialogContext, engine: NluEngine, yes: str
) -> None:
    chat = Chat(ctx)
    _first_order(chat, engine)
    offered = _second_to_contact(chat, engine)
    assert "刘伟 150****5678" in offered, offered
    assert "15012345678" not in offered
    back = _say(chat, engine, yes)
    assert "请您核对" in back, back
    assert "刘伟 150****5678" in back
    assert not slots(chat).anonymous


def test_a_second_matter_contact_declined_is_asked_afresh(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx)
    _first_order(chat, engine)
    _second_to_contact(chat, engine)
    asked = _say(chat, engine, "不用")
    assert chat.state.step == "contact", asked
    assert "姓名和手机号码" in asked, asked
    assert slots(chat).phone is None
    assert not slots(chat).anonymous
    back = _say(chat, engine, "王芳 13912340000")
    assert "王芳 139****0000" in back, back


@pytest.mark.parametrize("new", ["13912340000", "换个号 13912340000"])
def test_a_second_matter_with_a_new_number_takes_it(
    ctx: DialogContext, engine: NluEngine, new: str
) -> None:
    chat = Chat(ctx)
    _first_order(chat, engine)
    _second_to_contact(chat, engine)
    _say(chat, engine, new)
    assert slots(chat).phone == "13912340000"


def test_a_place_at_the_offer_brings_the_offer_again(ctx: DialogContext, engine: NluEngine) -> None:
    chat = Chat(ctx)
    _first_order(chat, engine)
    _second_to_contact(chat, engine)
    again = _say(chat, engine, "在5号楼楼道")
    assert "刘伟 150****5678" in again, again
    back = _say(chat, engine, "是")
    assert "刘伟 150****5678" in back, back


@pytest.mark.parametrize(
    "said",
    [
        "孙莉 13905302222 哦说错了 是13905302223",
        "孙莉 电话13905302222 不对 应该是13905302223",
        "13905302222 打错了 13905302223 孙莉",
    ],
)
def test_a_phone_taken_back_in_the_same_message_is_the_later_one(
    ctx: DialogContext, engine: NluEngine, said: str
) -> None:
    chat = Chat(ctx)
    _to_contact(chat, engine)
    back = _say(chat, engine, said)
    assert "孙莉 139****2223" in back, back
