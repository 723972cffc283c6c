"""Trial12 P16: a contact the citizen types after an agent took the chat over is kept in
the session (the bot stays silent), where the console's prefill and order read it."""

from __future__ import annotations

import pytest

from dialogs.context import DialogContext
from dialogs.state import appeal_facts
from tests.unit.dialogs.dialog_helpers import Chat, nlu


def _held(chat: Chat) -> None:
    lamp = "俺们小区门口的路灯坏了一个多月了"
    chat.say(lamp, nlu(lamp, county="牡丹区", category="城乡建设"))
    chat.say("俺要找真人 转人工", nlu("转人工", "human"))
    assert chat.flow == "handoff"
    chat.state = chat.state.model_copy(update={"agent": "liming"})


@pytest.mark.parametrize(
    ("text", "name", "phone"),
    [
        ("俺叫赵红梅 电话是 139 5300 7722 恁看着登记吧", "赵红梅", "13953007722"),
        ("电话 138.5300.1122 我叫钱大勇", "钱大勇", "13853001122"),
        ("手机号１３８５３００４４６６", None, "13853004466"),
        ("我姓孔", "孔", None),
    ],
)
def test_a_contact_typed_to_the_agent_is_kept_silently(
    ctx: DialogContext, text: str, name: str | None, phone: str | None
) -> None:
    chat = Chat(ctx)
    _held(chat)
    assert chat.say(text) == []  # the agent holds the chat: the bot says nothing
    facts = appeal_facts(chat.state)
    assert facts is not None
    assert (facts.name, facts.phone) == (name, phone)
    assert facts.matter  # the appeal told before the takeover is still there


def test_words_without_a_contact_change_nothing(ctx: DialogContext) -> None:
    chat = Chat(ctx)
    _held(chat)
    before = appeal_facts(chat.state)
    assert chat.say("好的 你们快点来修吧") == []
    assert appeal_facts(chat.state) == before


def test_a_chat_claimed_while_idle_keeps_the_contact_too(ctx: DialogContext) -> None:
    chat = Chat(ctx)
    chat.state = chat.state.model_copy(update={"agent": "liming"})
    assert chat.say("俺叫赵红梅 电话13953007722") == []
    facts = appeal_facts(chat.state)
    assert facts is not None
    assert (facts.name, facts.phone) == ("赵红梅", "13953007722")
