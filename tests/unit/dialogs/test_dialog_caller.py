"""The caller's line (issue 12, f080): on a phone call the number is the caller's, not
their consent to be called back. As a 12345 call-taker does, the bot asks once how to
address the caller and whether the result may go to that number; a refusal there or
inside the spoken appeal makes the order anonymous. An SMS number is the reply channel
itself and is taken as it is."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.model import OpenWorkOrder
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import NO_DETAIL, Chat, nlu, slots, texts

CALLER = "15853002222"
APPEAL = "巨野县凤凰街道永安路上的下水井盖碎了 好几天了"


def voice(wording: Wording) -> Chat:
    return Chat(DialogContext.for_channel("voice", wording, NO_DETAIL), "voice", CALLER)


def to_contact(chat: Chat) -> str:
    acts = chat.say(APPEAL, nlu(APPEAL, county="巨野县", township="凤凰街道", category="城乡建设"))
    assert chat.state.step == "contact"
    return texts(acts)


def confirmed(chat: Chat) -> OpenWorkOrder:
    assert chat.state.step == "confirm"
    acts = chat.say("对")
    assert isinstance(acts[0], OpenWorkOrder)
    return acts[0]


def test_a_caller_is_asked_once_for_a_name_and_the_calling_number(wording: Wording) -> None:
    chat = voice(wording)
    asked = to_contact(chat)
    assert "称呼" in asked
    assert "来电号码" in asked
    assert "匿名" in asked
    chat.say("行 我姓孙", nlu("行 我姓孙"))
    draft = confirmed(chat).draft
    assert (draft.contact_name, draft.contact_phone, draft.anonymous) == ("孙", CALLER, False)


@pytest.mark.parametrize("yes", ["可以", "就打这个电话就行", "中 就用这个号"])
def test_consent_to_the_calling_number_keeps_it(wording: Wording, yes: str) -> None:
    chat = voice(wording)
    to_contact(chat)
    chat.say(yes, nlu(yes))
    draft = confirmed(chat).draft
    assert draft.contact_phone == CALLER
    assert not draft.anonymous


@pytest.mark.parametrize("no", ["俺不留名了", "匿名吧", "不想留电话 怕报复"])
def test_a_refusal_makes_the_order_anonymous(wording: Wording, no: str) -> None:
    chat = voice(wording)
    to_contact(chat)
    chat.say(no, nlu(no))
    draft = confirmed(chat).draft
    assert draft.anonymous
    assert draft.contact_phone is None


def test_another_number_replaces_the_calling_one(wording: Wording) -> None:
    chat = voice(wording)
    to_contact(chat)
    chat.say("打我闺女的手机吧 13953004444", nlu("打我闺女的手机吧 13953004444"))
    assert confirmed(chat).draft.contact_phone == "13953004444"


def test_a_refusal_inside_the_spoken_appeal_is_honoured_without_a_question(
    wording: Wording,
) -> None:
    chat = voice(wording)
    said = APPEAL + " 俺不留名啊"
    acts = chat.say(said, nlu(said, county="巨野县", township="凤凰街道", category="城乡建设"))
    assert "称呼" not in texts(acts)
    assert slots(chat).anonymous
    assert confirmed(chat).draft.anonymous


def test_a_caller_who_gave_a_name_is_not_asked(wording: Wording) -> None:
    chat = voice(wording)
    said = "我叫李建国 " + APPEAL
    chat.say(said, nlu(said, county="巨野县", township="凤凰街道", category="城乡建设"))
    assert chat.state.step == "confirm"
    assert confirmed(chat).draft.contact_phone == CALLER


def test_an_sms_number_is_taken_as_it_is(wording: Wording) -> None:
    chat = Chat(DialogContext.for_channel("sms", wording, NO_DETAIL), "sms", CALLER)
    chat.say(APPEAL, nlu(APPEAL, county="巨野县", township="凤凰街道", category="城乡建设"))
    assert chat.state.step == "confirm"
    assert confirmed(chat).draft.contact_phone == CALLER
