"""催办 (trial14 T11, T19): dissatisfaction with the speed of an order whose progress was
just told is recorded on that order and the citizen told so, never a knowledge article on
time limits; a matter found to be an earlier order and told with 「咋还没人管」 urges it, in
one line that agrees with the progress after it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from dialogs.model import (
    Action,
    LookupOrder,
    OrderFound,
    RecordEvaluation,
    RecordUrging,
    SearchKnowledge,
)
from dialogs.state import IntakeFlow
from nlu.types import TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat, nlu, texts

NUMBER = "HZ20261204-000001"


def _told(chat: Chat, result: str | None = None) -> None:
    acts = chat.say(f"查询{NUMBER} 7701")
    assert any(isinstance(a, LookupOrder) for a in acts)
    state, label = ("replied", "已办结") if result else ("dispatched", "已派单")
    found = OrderFound(found=True, number=NUMBER, state=state, state_label=label, result=result)
    assert NUMBER in texts(chat.feed(found))


@pytest.mark.parametrize(
    "said",
    [
        "恁这办得也太慢了 啥时候能有人来管",  # trial14 T11
        "咋还没人来",
        "都半个月了还没动静",
        "能不能快点",
        "俺都等了这么久了 到底啥时候来修",
        "恁给催催呗 俺家门口天天淹水",
        "这都几天了还没人管 忒慢了",
    ],
)
def test_slowness_after_the_progress_urges_that_order(chat: Chat, said: str) -> None:
    _told(chat)
    acts = chat.say(said, nlu(said, "ask_info"))
    urged = [a for a in acts if isinstance(a, RecordUrging)]
    assert [a.number for a in urged] == [NUMBER]
    told = texts(acts)
    assert "催办" in told
    assert NUMBER in told
    assert not any(isinstance(a, SearchKnowledge) for a in acts)  # no 时限 article
    assert not isinstance(chat.state.flow, IntakeFlow)


def test_a_result_told_makes_nobody_came_a_rating_not_an_urging(chat: Chat) -> None:
    _told(chat, result="已安排人员清理")
    acts = chat.say("恁这处理结果不行 垃圾还是没人清")
    assert not any(isinstance(a, RecordUrging) for a in acts)
    assert any(isinstance(a, RecordEvaluation) for a in acts)


def test_long_after_the_progress_nothing_is_urged(chat: Chat) -> None:
    _told(chat)
    chat.at += timedelta(hours=2)
    acts = chat.say("咋还没人来", nlu("咋还没人来", "ask_info"))
    assert not any(isinstance(a, RecordUrging) for a in acts)


@pytest.mark.parametrize(
    "said",
    ["还有个事 俺们村路灯坏了 黑咕隆咚的", "牡丹区 西城街道 这边下水道没人管"],
)
def test_a_new_matter_after_the_progress_urges_nothing(chat: Chat, said: str) -> None:
    _told(chat)
    parsed = nlu(said, county="牡丹区" if "牡丹区" in said else None)
    acts = chat.say(said, parsed)
    assert not any(isinstance(a, RecordUrging) for a in acts)


def test_thanks_after_the_progress_urges_nothing(chat: Chat) -> None:
    _told(chat)
    acts = chat.say("好的 谢谢")
    assert not any(isinstance(a, RecordUrging) for a in acts)


# ------------------------------------------- T19: a repeat told with 「咋还没人管」
def _repeat(chat: Chat, matter: str) -> list[Action]:
    # the NLU reads 「咋还没人管」 as a grievance (``asks="matter"``), not a question
    chat.say(matter, replace(nlu(matter, county="牡丹区"), asks="matter"))
    contact = "秦岚 13853061007"
    found = nlu(contact, triage=TriageOutcome.REPEAT, reason="同一诉求")
    assert found.triage is not None
    return chat.say(contact, replace(found, triage=replace(found.triage, matched=NUMBER)))


@pytest.mark.parametrize(
    "matter",
    [
        "俺邻居家那条狗又叫唤了一宿 俺上回反映过了咋还没人管",  # trial14 T19
        "楼下烧烤的油烟又熏了一晚上 反映过两回了还是没人来",
    ],
)
def test_a_repeat_with_nobody_come_urges_the_earlier_order(chat: Chat, matter: str) -> None:
    acts = _repeat(chat, matter)
    urged = [a for a in acts if isinstance(a, RecordUrging)]
    assert [a.number for a in urged] == [NUMBER]
    told = texts(acts)
    assert "催办" in told
    assert "此前已经受理" in told
    assert "也为您登记" not in told


def test_a_repeat_without_urging_words_urges_nothing(chat: Chat) -> None:
    acts = _repeat(chat, "俺邻居家那条狗天天晚上叫唤")
    assert not any(isinstance(a, RecordUrging) for a in acts)
    assert "此前已经受理" in texts(acts)
