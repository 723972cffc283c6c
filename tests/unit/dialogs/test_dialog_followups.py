"""Issue 12: a citizen coming back to what they said before: an earlier appeal's progress
asked in words, "I told you already", "I only wanted to ask" after an online answer."""

from __future__ import annotations

import pytest

from dialogs.model import Handoff, LookupOrder, OrderOpened
from dialogs.state import IdleFlow
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, slots, texts

NUMBER = "HZ20260302-000031"


def file_an_order(chat: Chat) -> None:
    """One appeal filed in this conversation (its number is remembered)."""
    text = "牡丹区南城街道青年路上的井盖丢了，晚上很危险"
    chat.say(text, nlu(text, county="牡丹区", township="南城街道", category="城乡建设"))
    chat.say("刘强 13953001111")
    chat.say("确认")
    chat.feed(OrderOpened(number=NUMBER, unit_name="牡丹区城管局", deadline=None))
    assert isinstance(chat.state.flow, IdleFlow)


# ------------------------------------------------------------ progress asked in words
@pytest.mark.parametrize(
    "asked",
    [
        "上礼拜我投诉的那个问题 现在有进展没",
        "我之前反映的事到底办了没",
        "前天打电话说的那个情况 有消息吗",
        "咱反映过的那个事处理得咋样了啊",
    ],
)
def test_progress_asked_in_words_is_a_progress_query(chat: Chat, asked: str) -> None:
    """Without an order number, and whatever the NLU guessed (an appeal here)."""
    file_an_order(chat)
    acts = chat.say(asked, nlu(asked, "appeal", confidence=0.7))
    assert chat.flow == "progress"
    # filed in this conversation: looked up at once, nothing asked
    assert acts == [LookupOrder(number=NUMBER, phone_last4="1111")]


def test_progress_asked_in_words_by_a_new_citizen_asks_for_the_number(chat: Chat) -> None:
    asked = "我上个月反映的那个问题 现在怎么样了"
    acts = chat.say(asked, nlu(asked, "ask_progress", confidence=0.9))
    assert chat.flow == "progress"
    assert "工单编号" in texts(acts)


@pytest.mark.parametrize("answer", ["单号忘了", "不记得编号了", "没有单号", "不知道"])
def test_a_citizen_without_the_number_is_never_stuck(chat: Chat, answer: str) -> None:
    chat.say("查一下我的工单", nlu("查一下我的工单", "ask_progress"))
    acts = chat.say(answer, nlu(answer, "deny", confidence=0.8))
    assert "handoff" in kinds(acts)
    assert chat.flow == "handoff"
    assert any(isinstance(a, Handoff) and "number" in a.reason for a in acts)


@pytest.mark.parametrize(
    "appeal",
    [
        "我要反映的问题是小区门口的路灯坏了",
        "说的就是这个情况，楼上天天往下扔垃圾",
    ],
)
def test_an_appeal_that_mentions_反映_is_not_a_progress_query(chat: Chat, appeal: str) -> None:
    chat.say(appeal, nlu(appeal, category="城乡建设"))
    assert chat.flow == "intake"
    assert slots(chat).matter
