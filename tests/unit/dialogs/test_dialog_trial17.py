"""trial17 kinds through the shipped model's NLU (config/nlu, shared model directory).

* a place word alone (「门口」) is the place, never the matter; the matter is asked for and
  the thing told next joins it (「有个坑」); a thing alone given to "where?" after a place word
  alone joins the matter; what happened to a thing named alone is asked once;
* talk about the conversation (「俺想拉呱拉呱」, 「有人没」, 「是热线吧」, 「接着说」) is answered
  briefly and never taken down as the matter nor as the place;
* 「还有一个事」 at the read-back or after the receipt: a second order, not a 「（补充）」;
* 「俺之前反映过 还没人管」 without a number: the earlier order looked for to urge it;
* 「俺不想留电话了」 at the read-back: the phone dropped, the name kept, and said so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dialogs.context import DialogContext
from dialogs.model import (
    DialogState,
    Handoff,
    LookupOrder,
    OpenWorkOrder,
    OrderFound,
    OrderOpened,
    RecordUrging,
    Transfer,
)
from dialogs.state import IntakeFlow, ProgressFlow
from nlu.engine import NluEngine, load_engine
from tests.unit.dialogs.dialog_helpers import T0, Chat, slots, texts

MATTER = "俺们小区门口路灯坏了 晚上黑咕隆咚的"
PLACE = "牡丹区和平路和平小区"


@pytest.fixture(scope="module")
def engine() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


def _say(chat: Chat, engine: NluEngine, text: str) -> str:
    return texts(chat.say(text, engine.parse(text)))


def _order(chat: Chat, engine: NluEngine, *answers: str) -> OpenWorkOrder:
    """Answer the questions with ``answers`` (then 就这些 / 确认) until the order goes out."""
    queue = list(answers)
    for _ in range(12):
        text = "确认" if chat.state.step == "confirm" else queue.pop(0) if queue else "就这些"
        acts = chat.say(text, engine.parse(text))
        opened = [a for a in acts if isinstance(a, OpenWorkOrder)]
        if opened:
            return opened[0]
    raise AssertionError(f"no order: {chat.state.flow}")


def _to_confirm(chat: Chat, engine: NluEngine, contact: str = "张三 13853004466") -> None:
    for text in (MATTER, PLACE, "一个礼拜了", contact):
        if chat.state.step == "confirm":
            break
        _say(chat, engine, text)
    for _ in range(3):
        if chat.state.step == "confirm":
            break
        _say(chat, engine, "就这些")
    assert chat.state.step == "confirm", chat.state.flow


# ------------------------------------------------------------------- fragments
@pytest.mark.parametrize(
    ("where", "what", "word"),
    [
        ("门口", "有个坑", "坑"),
        ("路口", "红绿灯坏了", "红绿灯"),
        ("俺家楼下", "有个大坑 车都过不去", "坑"),
        ("村东头", "有个大坑", "坑"),
        ("小区门口那块", "垃圾堆成山了", "垃圾"),
    ],
)
def test_a_place_word_alone_is_the_place_and_the_matter_is_asked_for(
    ctx: DialogContext, engine: NluEngine, where: str, what: str, word: str
) -> None:
    chat = Chat(ctx)
    asked = _say(chat, engine, where)
    assert chat.state.step == "what", chat.state.flow
    assert "什么问题" in asked, asked
    assert slots(chat).matter == ""
    assert where in (slots(chat).place.address() or "")
    _say(chat, engine, what)
    sl = slots(chat)
    assert word in sl.matter, sl.matter
    assert sl.matter != where
    draft = _order(chat, engine, PLACE, "张三 13853004466").draft
    assert draft.text.strip() != where, draft.text
    assert word in draft.text, draft.text


def test_a_place_word_to_what_happened_is_the_place(ctx: DialogContext, engine: NluEngine) -> None:
    chat = Chat(ctx)
    _say(chat, engine, "我要反映个事")
    asked = _say(chat, engine, "门口")
    assert chat.state.step == "what"
    assert "门口" in asked, asked
    assert "什么问题" in asked, asked
    _say(chat, engine, "有个坑")
    assert "坑" in slots(chat).matter
    assert "有个坑" not in (slots(chat).place.address() or "")


@pytest.mark.parametrize("thing", ["路灯", "井盖", "有个坑", "下水道"])
def test_a_thing_to_where_joins_a_where_only_matter(
    ctx: DialogContext, engine: NluEngine, thing: str
) -> None:
    chat = Chat(ctx)
    chat.state = DialogState(flow=IntakeFlow(step="where"))
    flow = chat.state.flow
    assert isinstance(flow, IntakeFlow)
    flow.slots.matter = "门口"  # a matter that only says where
    _say(chat, engine, thing)
    sl = slots(chat)
    assert thing in sl.matter, sl.matter
    assert thing not in (sl.place.address() or ""), sl.place
    assert "门口" in (sl.place.address() or "")
    assert chat.state.step == "where"


@pytest.mark.parametrize(("thing", "what"), [("路灯", "不亮了"), ("井盖", "丢了好几天了")])
def test_what_happened_to_a_thing_named_alone_is_asked_once(
    ctx: DialogContext, engine: NluEngine, thing: str, what: str
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, thing)
    asked = _say(chat, engine, PLACE)
    assert chat.state.step == "what", chat.state.flow
    assert f"{thing}具体出了什么问题" in asked, asked
    _say(chat, engine, what)
    assert slots(chat).matter.startswith(thing)
    assert what[:2] in slots(chat).matter
    assert chat.state.step != "what"


# ------------------------------------------------------------- talk, not matter
@pytest.mark.parametrize("talk", ["俺想拉呱拉呱", "想跟恁唠唠嗑", "聊会儿天呗"])
def test_a_wish_to_chat_is_answered_and_the_matter_asked_for(
    ctx: DialogContext, engine: NluEngine, talk: str
) -> None:
    chat = Chat(ctx)
    told = _say(chat, engine, talk)
    assert "12345" in told, told
    assert "反映" in told, told
    flow = chat.state.flow
    assert not isinstance(flow, IntakeFlow) or not flow.slots.matter
    _say(chat, engine, MATTER)
    assert "拉呱" not in slots(chat).matter
    assert "唠" not in slots(chat).matter


@pytest.mark.parametrize("opener", ["是12345不", "是热线吧", "这是热线不", "是12345吧"])
def test_is_it_the_hotline_is_answered_never_the_matter(
    ctx: DialogContext, engine: NluEngine, opener: str
) -> None:
    chat = Chat(ctx)
    told = _say(chat, engine, opener)
    assert "12345" in told, told
    _say(chat, engine, MATTER)
    assert slots(chat).matter.startswith("俺们小区门口路灯坏了"), slots(chat).matter


@pytest.mark.parametrize(
    "talk",
    [
        "有人没",
        "在不在",
        "是热线吧",
        "俺想拉呱拉呱",
        "接着说",
        "还是刚才那个事 没说完",
        "接着刚才说",
    ],
)
def test_talk_during_an_intake_is_neither_place_nor_matter(
    ctx: DialogContext, engine: NluEngine, talk: str
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, MATTER)
    assert chat.state.step == "where"
    acts = chat.say(talk, engine.parse(talk))
    assert not any(isinstance(a, (Transfer, Handoff)) for a in acts), acts
    sl = slots(chat)
    assert sl.place.address() is None, sl.place
    assert sl.matter == MATTER
    assert chat.state.step == "where"
    assert "哪里" in texts(acts) or "县区" in texts(acts), texts(acts)


@pytest.mark.parametrize("go_on", ["刚才没说完", "俺刚才还没说完呢", "接着说", "我接着说"])
def test_go_on_resumes_the_intake_where_it_was(
    ctx: DialogContext, engine: NluEngine, go_on: str
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, MATTER)
    _say(chat, engine, PLACE)
    step = chat.state.step
    assert step in ("since", "contact"), step
    acts = chat.say(go_on, engine.parse(go_on))
    assert not any(isinstance(a, Transfer) for a in acts), acts  # no emergency in it
    assert chat.state.step == step
    sl = slots(chat)
    assert sl.matter == MATTER
    assert sl.name is None
    assert sl.since is None
    assert "接着" in texts(acts)


def test_talk_several_times_in_a_row_does_not_end_the_intake(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, MATTER)
    for talk in ("有人没", "在不在", "有人没"):
        _say(chat, engine, talk)
    assert isinstance(chat.state.flow, IntakeFlow)
    _say(chat, engine, PLACE)
    assert slots(chat).place.county == "牡丹区"


# ------------------------------------------------------------- a second matter
@pytest.mark.parametrize("another", ["还有一个事", "另外还有件事", "俺还想反映个别的事"])
def test_another_matter_at_the_read_back_is_a_second_order(
    ctx: DialogContext, engine: NluEngine, another: str
) -> None:
    chat = Chat(ctx)
    _to_confirm(chat, engine)
    told = _say(chat, engine, another)
    assert chat.state.step == "confirm"
    assert "另一件事" in told, told
    assert slots(chat).matter == MATTER
    acts = chat.say("确认", engine.parse("确认"))
    first = [a for a in acts if isinstance(a, OpenWorkOrder)]
    assert first
    assert first[0].draft.text == MATTER
    after = texts(chat.feed(OrderOpened(number="HZ20260302-000001", unit_name="城管", deadline=T0)))
    assert "HZ20260302-000001" in after, after
    assert "还有一件事" in after, after
    assert chat.state.step == "what"
    second = "俺家门口下水道堵了 污水冒得满街都是"
    _say(chat, engine, second)
    assert slots(chat).matter == second


def test_another_matter_told_at_the_read_back_is_kept_for_its_own_order(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx)
    _to_confirm(chat, engine)
    _say(chat, engine, "还有一个事 俺家门口下水道也堵了")
    assert slots(chat).matter == MATTER  # never its 「（补充）」
    chat.say("确认", engine.parse("确认"))
    after = texts(chat.feed(OrderOpened(number="HZ20260302-000002", unit_name="城管", deadline=T0)))
    assert "下水道" in after, after
    assert "下水道也堵了" in slots(chat).matter
    assert "路灯" not in slots(chat).matter


@pytest.mark.parametrize("another", ["还有一个事", "还有个事儿"])
def test_another_matter_after_the_receipt_is_a_new_intake(
    ctx: DialogContext, engine: NluEngine, another: str
) -> None:
    chat = Chat(ctx)
    _to_confirm(chat, engine)
    chat.say("确认", engine.parse("确认"))
    chat.feed(OrderOpened(number="HZ20260302-000003", unit_name="城管", deadline=T0))
    _say(chat, engine, another)
    assert isinstance(chat.state.flow, IntakeFlow)
    assert slots(chat).matter == ""
    _say(chat, engine, "村里的垃圾没人清 臭得很")
    assert "路灯" not in slots(chat).matter


# ------------------------------------------------------------ told before, urged
@pytest.mark.parametrize(
    "urged",
    [
        "俺之前反映过 还没人管",
        "之前投诉过 咋还没人管",
        "俺都反映好几回了 到现在也没人来",
        "上回打过电话了 一直没动静",
    ],
)
def test_an_earlier_appeal_urged_without_a_number_is_looked_for(
    ctx: DialogContext, engine: NluEngine, urged: str
) -> None:
    chat = Chat(ctx)
    asked = _say(chat, engine, urged)
    assert isinstance(chat.state.flow, ProgressFlow), chat.state.flow
    for word in ("工单编号", "手机号", "催办"):
        assert word in asked, asked
    acts = chat.say("HZ20260301-000123", engine.parse("HZ20260301-000123"))
    looked = [a for a in acts if isinstance(a, LookupOrder)]
    assert looked
    assert looked[0].number == "HZ20260301-000123"
    found = OrderFound(
        found=True,
        number="HZ20260301-000123",
        state="dispatched",
        state_label="办理中",
        unit_name="城管局",
        deadline=T0,
    )
    done = chat.feed(found)
    urges = [a for a in done if isinstance(a, RecordUrging)]
    assert urges, done
    assert urges[0].number == "HZ20260301-000123"
    assert "催办" in texts(done)


def test_an_earlier_appeal_urged_with_the_phone_goes_to_an_agent_with_it(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, "俺之前反映过 还没人管")
    acts = chat.say("13853004466", engine.parse("13853004466"))
    handed = [a for a in acts if isinstance(a, Handoff)]
    assert handed, acts
    assert "催办" in handed[0].summary
    assert "电话" in texts(acts)


def test_a_matter_told_before_with_what_it_is_is_still_taken_down(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, "上个月反映过一回 俺们村的路灯坏了 到现在还没人修")
    assert isinstance(chat.state.flow, IntakeFlow)
    assert "路灯" in slots(chat).matter


# -------------------------------------------------------- the phone dropped
@pytest.mark.parametrize("drop", ["俺不想留电话了", "电话就不留了", "电话号码就别留了"])
def test_the_phone_dropped_at_the_read_back_keeps_the_name_and_says_so(
    ctx: DialogContext, engine: NluEngine, drop: str
) -> None:
    chat = Chat(ctx)
    _to_confirm(chat, engine)
    told = _say(chat, engine, drop)
    sl = slots(chat)
    assert sl.name == "张三", sl
    assert sl.contact_phone is None, sl
    assert not sl.anonymous, sl
    assert "张三（未留电话）" in told, told
    assert "电话不留了" in told, told
    draft = _order(chat, engine).draft
    assert draft.contact_name == "张三"
    assert draft.contact_phone is None


def test_the_phone_dropped_on_a_line_that_shows_it_keeps_no_phone(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx, phone="13953001234")  # the line's number: no contact asked
    _to_confirm(chat, engine)
    _say(chat, engine, "俺叫张三")
    assert slots(chat).name == "张三"
    told = _say(chat, engine, "俺不想留电话了")
    assert "1234" not in told.split("联系方式")[-1], told
    draft = _order(chat, engine).draft
    assert draft.contact_name == "张三"
    assert draft.contact_phone is None


def test_the_phone_dropped_without_a_name_is_anonymous_and_said_so(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx)
    _to_confirm(chat, engine, contact="13853004466")
    told = _say(chat, engine, "电话就不留了")
    assert slots(chat).anonymous
    assert "匿名" in told


# ---------------------------------------------------- small talk never the matter
@pytest.mark.parametrize(
    "talk",
    ["想找人说说话", "忙不忙", "等一下", "我问问俺家人", "俺想说道说道", "有空吗", "俺想拉呱拉呱"],
)
def test_small_talk_before_the_matter_is_never_the_matter(
    ctx: DialogContext, engine: NluEngine, talk: str
) -> None:
    chat = Chat(ctx)
    told = _say(chat, engine, talk)
    assert told, "answered"
    flow = chat.state.flow
    assert not isinstance(flow, IntakeFlow) or not flow.slots.matter, flow
    _say(chat, engine, MATTER)
    assert slots(chat).matter.startswith("俺们小区门口路灯坏了"), slots(chat).matter


@pytest.mark.parametrize(
    "talk", ["吃了吗", "哈哈哈", "你是谁", "稍等", "等一下", "我问问俺家人", "想找人说说话"]
)
def test_small_talk_to_where_is_neither_place_nor_matter(
    ctx: DialogContext, engine: NluEngine, talk: str
) -> None:
    chat = Chat(ctx)
    _say(chat, engine, MATTER)
    _say(chat, engine, talk)
    sl = slots(chat)
    assert sl.place.address() is None, sl.place
    assert sl.matter == MATTER, sl.matter
    assert chat.state.step == "where"
    _say(chat, engine, PLACE)
    assert slots(chat).place.county == "牡丹区"


def test_the_other_matter_told_after_announcing_it_waits_for_its_own_order(
    ctx: DialogContext, engine: NluEngine
) -> None:
    chat = Chat(ctx)
    _to_confirm(chat, engine)
    _say(chat, engine, "还有个事儿")
    told = _say(chat, engine, "俺家门口下水道堵了 臭得很")
    assert "记下" in told, told
    assert slots(chat).matter == MATTER
    acts = chat.say("确认", engine.parse("确认"))
    opened = [a for a in acts if isinstance(a, OpenWorkOrder)]
    assert opened
    assert opened[0].draft.text == MATTER
    chat.feed(OrderOpened(number="HZ20260302-000004", unit_name="城管", deadline=T0))
    assert slots(chat).matter == "俺家门口下水道堵了 臭得很"
    assert chat.state.step == "where"
