"""Trial12 P05 (第十三条(一) 「在线转至相应热线」): after an emergency's numbers, a citizen
who cannot call gets a person at once, and what they add (place, phone) goes to the
emergency record, never into an ordinary appeal."""

from __future__ import annotations

import pytest

from dialogs.alarm_follow import cannot_call
from dialogs.context import DialogContext
from dialogs.model import Handoff, NoteEmergency, Transfer
from dialogs.state import HandoffFlow
from dialogs.wording import Wording
from nlu.types import TriageOutcome
from tests.unit.dialogs.dialog_helpers import Chat, kinds, nlu, texts

STROKE = "俺爹刚才吃着饭突然一头栽桌子上了 嘴歪了 说话也说不清"


def _told_120(chat: Chat) -> None:
    acts = chat.say(STROKE, nlu(STROKE, triage=TriageOutcome.EMERGENCY, service="120"))
    assert any(isinstance(a, Transfer) and a.service == "120" for a in acts)


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        ("恁帮俺叫个救护车吧 俺手抖得拨不了号 俺在曹县 青菏街道 万福小区6号楼", True),
        ("俺没法打电话", False),
        ("手机没话费了 打不出去", False),
        ("俺这手机打不了电话 恁帮俺打120吧", False),
    ],
)
def test_a_citizen_who_cannot_call_gets_a_person_at_once(
    ctx: DialogContext, text: str, alarm: bool
) -> None:
    chat = Chat(ctx)
    _told_120(chat)
    result = (
        nlu(
            text,
            triage=TriageOutcome.EMERGENCY,
            service="120",
            county="曹县",
            entities=(("address", "曹县 青菏街道 万福小区6号楼"),),
        )
        if alarm
        else nlu(text)
    )
    acts = chat.say(text, result)
    assert "transfer" not in kinds(acts)  # not the same canned numbers again
    noted = [a for a in acts if isinstance(a, NoteEmergency)]
    assert [n.service for n in noted] == ["120"]
    handoff = [a for a in acts if isinstance(a, Handoff)]
    assert [h.reason for h in handoff] == ["emergency:120"]
    said = texts(acts)
    assert "工作人员" in said
    assert "保持在线" in said
    assert isinstance(chat.state.flow, HandoffFlow)
    # the phone sent next goes to the record: no appeal, no read-back, no name 个救护车
    acts = chat.say("电话13853004499", nlu("电话13853004499", entities=(("phone", "13853004499"),)))
    assert [type(a).__name__ for a in acts] == ["NoteEmergency", "Reply"]
    assert "诉求内容" not in texts(acts)
    assert chat.flow == "handoff"
    acts = chat.say(
        "俺在曹县青菏街道万福小区6号楼", nlu("俺在曹县青菏街道万福小区6号楼", county="曹县")
    )
    assert "note_emergency" in kinds(acts)
    assert chat.flow == "handoff"


def test_without_an_emergency_not_being_able_to_call_is_no_alarm(ctx: DialogContext) -> None:
    chat = Chat(ctx)
    text = "俺家座机打不出去好几天了 电信也不来修"
    acts = chat.say(text, nlu(text, county="牡丹区", category="城乡建设"))
    assert "note_emergency" not in kinds(acts)
    assert "handoff" not in kinds(acts)


def test_after_the_person_is_offered_the_emergency_lapses(ctx: DialogContext) -> None:
    """A matter told long after the emergency is an ordinary appeal again."""
    from datetime import timedelta

    chat = Chat(ctx)
    _told_120(chat)
    chat.at += timedelta(hours=1)
    text = "另外俺们小区门口的路灯坏了 电话13853004499"
    acts = chat.say(text, nlu(text, county="牡丹区", category="城乡建设"))
    assert "note_emergency" not in kinds(acts)


@pytest.mark.parametrize(
    "text",
    [
        "恁帮俺叫个救护车吧 俺手抖得拨不了号",
        "俺没法打电话",
        "手机没话费了 打不出去",
        "恁帮俺报个警吧",
        "120打不通啊",
        "俺手机欠费了",
    ],
)
def test_cannot_call_words(text: str) -> None:
    assert cannot_call(text)


@pytest.mark.parametrize(
    "text", ["好的 我这就打120", "已经打了120了", "救护车来了", "俺叫张秀兰 电话13853001122"]
)
def test_words_that_are_no_inability_to_call(text: str) -> None:
    assert not cannot_call(text)


@pytest.mark.parametrize(
    "text",
    [
        "快帮俺叫个救护车 俺爹晕倒了 俺手抖拨不了号",
        "俺家着火了 手机没话费了打不出去 恁帮俺叫消防车",
    ],
)
def test_an_emergency_that_says_it_cannot_call_gets_the_numbers_and_a_person(
    ctx: DialogContext, text: str
) -> None:
    chat = Chat(ctx)
    service = "119" if "着火" in text else "120"
    acts = chat.say(text, nlu(text, triage=TriageOutcome.EMERGENCY, service=service))
    assert [a.service for a in acts if isinstance(a, Transfer)] == [service]
    assert [a.reason for a in acts if isinstance(a, Handoff)] == [f"emergency:{service}"]
    assert "保持在线" in texts(acts)
    assert chat.flow == "handoff"


def test_the_phone_line_puts_the_call_through_instead(wording: Wording) -> None:
    voice = DialogContext.for_channel("voice", wording)
    chat = Chat(voice, channel="voice")
    text = "快帮俺叫个救护车 俺爹晕倒了"
    acts = chat.say(text, nlu(text, triage=TriageOutcome.EMERGENCY, service="120"))
    assert "handoff" not in kinds(acts)
    assert "transfer" in kinds(acts)


def test_a_new_alarm_while_waiting_for_the_person_keeps_the_place_in_the_queue(
    ctx: DialogContext,
) -> None:
    chat = Chat(ctx)
    _told_120(chat)
    chat.say("俺没法打电话", nlu("俺没法打电话"))
    worse = "俺爹不喘气了"
    acts = chat.say(worse, nlu(worse, triage=TriageOutcome.EMERGENCY, service="120"))
    assert "transfer" in kinds(acts)  # the numbers again for what is new
    assert chat.flow == "handoff"
    acts = chat.say("电话13853004499", nlu("电话13853004499", entities=(("phone", "13853004499"),)))
    assert "note_emergency" in kinds(acts)
