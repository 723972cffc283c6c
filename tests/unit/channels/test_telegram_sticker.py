"""A Telegram sticker reaches the dialogue as an event (it asks for a description),
instead of being dropped with nothing said (issue 12)."""

from __future__ import annotations

from channels.messages import MessageKind
from channels.telegram import TelegramAdapter
from tests.contract.cases import as_json, telegram_build, telegram_request, telegram_update


def test_a_sticker_is_an_event() -> None:
    adapter = telegram_build("http://127.0.0.1:9")
    assert isinstance(adapter, TelegramAdapter)
    sticker = {
        "file_id": "S1",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "😡",
    }
    (msg,) = adapter.parse(telegram_request(as_json(telegram_update(11, sticker=sticker))))
    assert msg.kind is MessageKind.EVENT
    assert msg.event == "sticker"
    assert msg.text == ""
