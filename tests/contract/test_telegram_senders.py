"""trial5 F18: an update whose sender is a bot (``from.is_bot: true``) started an intake
as if a citizen had written. Bots, and chats speaking as themselves (``sender_chat``),
are ignored like group chats. Updates start from the shared vector
``vectors/telegram/update_text_aiogram_test.json``."""

from __future__ import annotations

import json
from typing import Any

import pytest

from channels.telegram import TelegramAdapter
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import as_json, telegram_build, telegram_request
from tests.contract.conftest import VECTORS

T = VECTORS / "telegram"


adapter = adapter_fixture(TelegramAdapter, telegram_build)


def _update(text: str, **sender: Any) -> dict[str, Any]:
    update: dict[str, Any] = json.loads((T / "update_text_aiogram_test.json").read_text())
    update["message"]["text"] = text
    update["message"]["from"].update(sender)
    return update


@pytest.mark.parametrize("text", ["路灯坏了", "/start", "我要投诉噪音扰民"])
def test_a_message_from_a_bot_is_ignored(adapter: TelegramAdapter, text: str) -> None:
    bot = _update(text, is_bot=True, first_name="SpamBot", username="spam_bot")
    assert adapter.parse(telegram_request(as_json(bot))) == []


def test_a_message_sent_on_behalf_of_a_chat_is_ignored(adapter: TelegramAdapter) -> None:
    update = _update("路灯坏了")
    update["message"]["sender_chat"] = {"id": -1001, "type": "channel", "title": "某频道"}
    assert adapter.parse(telegram_request(as_json(update))) == []


def test_a_button_pressed_by_a_bot_is_ignored(adapter: TelegramAdapter) -> None:
    update = {
        "update_id": 43,
        "callback_query": {
            "id": "1",
            "from": {"id": 77, "is_bot": True, "first_name": "B"},
            "chat_instance": "c",
            "data": "1",
        },
    }
    assert adapter.parse(telegram_request(as_json(update))) == []


def test_a_person_is_still_read(adapter: TelegramAdapter) -> None:
    (msg,) = adapter.parse(telegram_request(as_json(_update("路灯坏了", is_bot=False))))
    assert msg.text == "路灯坏了"
    assert msg.sender == "42"
