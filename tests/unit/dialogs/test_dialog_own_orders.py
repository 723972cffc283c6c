"""Progress asked in words without a number (第九条, 第十三条(三), issue 12): the citizen's
own orders by channel identity; one told, several listed to choose, none said so; a way
out of every prompt; and the conversation goes on after the progress."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from dialogs.context import DialogContext
from dialogs.model import (
    FindOrders,
    LookupOrder,
    OpenWorkOrder,
    OrderFound,
    OrdersFound,
    OwnOrder,
)
from nlu.types import Triage, TriageOutcome
from tests.unit.dialogs.dialog_helpers import T0, Chat, kinds, nlu, slots, texts

LAMP = OwnOrder(number="HZ20260301-000011", summary="桂花园小区的路灯不亮好几天了", at=T0)
WATER = OwnOrder(
    number="HZ20260228-000007", summary="东关社区停水三天了", at=T0 - timedelta(days=2)
)
LISTED = OrdersFound(orders=(LAMP, WATER))


@pytest.mark.parametrize(
    "asked",
    [
        "查查俺那个工单到哪一步了",
        "上回反映的事咋样了",
        "我前几天打的那个有人管没",
        "俺那个事有人管没有",
        "上次的事办了没",
        "你们处理到哪了",
        "我那个投诉有回复没",
        "查查我反映的问题",
        "上回反映的事有信儿没",
    ],
)
def test_progress_in_words_finds_the_citizens_own_orders(chat: Chat, asked: str) -> None:
    acts = chat.say(asked)  # no NLU intent: the words alone
    assert acts == [FindOrders()]
    assert chat.flow == "progress"
    acts = chat.feed(OrdersFound(orders=(LAMP,)))
    # one: told at once, the channel identity that filed it is the proof (no phone asked)
    assert acts == [LookupOrder(number=LAMP.number, own=True)]


def test_several_orders_are_listed_to_choose_from(chat: Chat) -> None:
    chat.say("上回反映的事咋样了")
    acts = chat.feed(LISTED)
    said = texts(acts)
    assert "1. 桂花园小区的路灯不亮好几天了" in said
    assert "HZ20260301-000011" in said
    assert "2. 东关社区停水三天了" in said
    assert "哪一件" in said
    assert "后四位" not in said
    assert [q.payload for q in acts[0].quick_replies] == [LAMP.number, WATER.number]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("answer", "number"),
    [
        ("2", WATER.number),
        ("第二个", WATER.number),
        ("第1件", LAMP.number),
        ("路灯那个", LAMP.number),
        ("灯还不亮的那个", LAMP.number),
        ("停水的事", WATER.number),
        ("东关社区那个", WATER.number),
        ("最近那个", LAMP.number),
        (WATER.number, WATER.number),
    ],
)
def test_the_citizen_chooses_by_place_in_the_list_number_or_meaning(
    chat: Chat, answer: str, number: str
) -> None:
    chat.say("上回反映的事咋样了")
    chat.feed(LISTED)
    acts = chat.say(answer)
    assert acts == [LookupOrder(number=number, own=True)]


@pytest.mark.parametrize("leave", ["算了", "不查了", "好的谢谢", "哦 那谢谢了"])
def test_every_prompt_of_the_query_has_a_way_out(chat: Chat, leave: str) -> None:
    # at the list
    chat.say("上回反映的事咋样了")
    chat.feed(LISTED)
    acts = chat.say(leave)
    assert chat.flow == "idle"
    assert "lookup_order" not in kinds(acts)
    assert "哪一件" not in texts(acts)
    # at "none found, send the number"
    chat.say("我前几天打的那个有人管没")
    acts = chat.feed(OrdersFound())
    assert "暂未查到" in texts(acts)
    assert "工单编号" in texts(acts)
    acts = chat.say(leave)
    assert chat.flow == "idle"
    assert "工单编号" not in texts(acts)


@pytest.mark.parametrize(
    "appeal", ["我的问题是小区路灯坏了好几天了 有人管没", "我想反映一下我的问题"]
)
def test_a_matter_told_is_no_progress_query(chat: Chat, appeal: str) -> None:
    acts = chat.say(appeal)
    assert FindOrders() not in acts
    assert chat.flow != "progress"


def test_a_new_matter_instead_of_a_choice_is_taken_down(chat: Chat) -> None:
    chat.say("上回反映的事咋样了")
    chat.feed(LISTED)
    text = "先不查了 俺再反映个事 桂花园小区门口有人占道摆摊"
    acts = chat.say(text, nlu(text, "appeal", category="城乡建设"))
    assert chat.flow == "intake"
    assert "lookup_order" not in kinds(acts)
    facts = slots(chat)
    assert "摆摊" in facts.matter
    assert "不查了" not in facts.matter


def test_not_a_choice_is_asked_once_more_then_read_afresh(chat: Chat) -> None:
    chat.say("上回反映的事咋样了")
    chat.feed(LISTED)
    acts = chat.say("嗯")
    assert "序号" in texts(acts)
    assert chat.flow == "progress"
    chat.say("嗯")
    assert chat.flow != "progress"  # never the same prompt a third time


def test_none_found_then_the_number_is_looked_up(chat: Chat) -> None:
    chat.say("上回反映的事咋样了")
    chat.feed(OrdersFound())
    acts = chat.say("HZ20260101-000123 电话尾号1234")
    assert acts == [LookupOrder(number="HZ20260101-000123", phone_last4="1234")]


def test_a_new_matter_after_the_progress_is_a_new_intake(chat: Chat) -> None:
    chat.say("上回反映的事咋样了")
    chat.feed(OrdersFound(orders=(LAMP,)))
    acts = chat.feed(
        OrderFound(found=True, number=LAMP.number, state="dispatched", state_label="已派单")
    )
    assert "已派单" in texts(acts)
    assert chat.flow == "idle"
    text = "还有个事 桂花园小区门口的井盖被人偷了"
    acts = chat.say(text, nlu(text, "appeal", county="牡丹区", category="城乡建设"))
    assert chat.flow == "intake"
    assert "井盖" in slots(chat).matter
    assert "如遇危险" not in texts(acts)


def test_a_repeat_found_by_the_gateway_tells_the_earlier_orders_progress(
    ctx: DialogContext,
) -> None:
    """The pipeline marks the same matter again (第十三条(三)); the engine tells its
    progress instead of a second order, and the conversation goes on afterwards."""
    chat = Chat(ctx, channel="sms", phone="13853061034")
    text = "晚上那盏灯还是不着"
    same = Triage(TriageOutcome.REPEAT, f"与工单{LAMP.number}为同一事项", matched=LAMP.number)
    acts = chat.say(text, replace(nlu(text, "appeal", category="城乡建设"), triage=same))
    assert "此前已经受理" in texts(acts)
    assert not any(isinstance(a, OpenWorkOrder) for a in acts)
    assert LookupOrder(number=LAMP.number, phone_last4="1034") in acts
