"""Telegram against the shared vectors (aiogram 3 validates the updates)."""

from __future__ import annotations

import json

import pytest

from channels.errors import PayloadError, SendError, VerificationError
from channels.messages import AttachmentKind, MessageKind, OutboundMessage, QuickReply
from channels.telegram import TelegramAdapter, TelegramSettings
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import (
    TG_CHAT,
    TG_SECRET,
    TG_TOKEN,
    as_json,
    telegram_build,
    telegram_request,
    telegram_update,
)
from tests.contract.conftest import VECTORS, FakeProvider

T = VECTORS / "telegram"


adapter = adapter_fixture(TelegramAdapter, telegram_build)


def _vector(adapter: TelegramAdapter, name: str):  # type: ignore[no-untyped-def]
    request = telegram_request((T / name).read_bytes())
    adapter.verify(request)
    return adapter.parse(request)


def test_vector_text(adapter: TelegramAdapter) -> None:
    (msg,) = _vector(adapter, "update_text_aiogram_test.json")
    assert (msg.kind, msg.text, msg.sender, msg.external_id) == (
        MessageKind.TEXT,
        "test",
        "42",
        "42",
    )
    assert msg.received_at.timestamp() == 1582324717


def test_vector_photo(adapter: TelegramAdapter) -> None:
    (msg,) = _vector(adapter, "update_photo_from_aiogram_fixture.json")
    assert msg.kind is MessageKind.IMAGE
    assert msg.attachments[0].kind is AttachmentKind.IMAGE
    assert msg.attachments[0].source_id == "file id"


def test_vector_voice(adapter: TelegramAdapter) -> None:
    (msg,) = _vector(adapter, "update_voice_from_aiogram_fixture.json")
    assert msg.kind is MessageKind.VOICE
    assert msg.attachments[0].kind is AttachmentKind.AUDIO
    assert msg.attachments[0].transcript is None  # the media service or an agent takes it


def test_vector_video(adapter: TelegramAdapter) -> None:
    (msg,) = _vector(adapter, "update_video_from_aiogram_fixture.json")
    assert msg.kind is MessageKind.VIDEO
    assert msg.attachments[0].kind is AttachmentKind.VIDEO


@pytest.mark.parametrize(
    "name",
    [
        "update_text_official_guide.json",
        "update_voice_official_guide.json",
        "update_document_official_guide.json",
        "update_callback_query_official_guide.json",
    ],
)
def test_official_guide_samples_are_invalid_updates(adapter: TelegramAdapter, name: str) -> None:
    with pytest.raises(PayloadError) as info:
        _vector(adapter, name)
    assert info.value.status_code == 400


def test_secret_is_mandatory(adapter: TelegramAdapter) -> None:
    body = (T / "update_text_aiogram_test.json").read_bytes()
    for secret in (None, "", TG_SECRET + "x", TG_SECRET.upper()):
        with pytest.raises(VerificationError):
            adapter.verify(telegram_request(body, secret))
    assert not TelegramSettings(bot_token=TG_TOKEN).is_enabled()


def test_location_contact_and_document(adapter: TelegramAdapter) -> None:
    loc = adapter.parse(
        telegram_request(
            as_json(telegram_update(1, location={"latitude": 35.25, "longitude": 115.44}))
        )
    )[0]
    assert loc.kind is MessageKind.LOCATION
    assert loc.location is not None
    assert loc.location.latitude == 35.25
    own = adapter.parse(
        telegram_request(
            as_json(
                telegram_update(
                    2,
                    contact={
                        "phone_number": "+8613800138000",
                        "first_name": "李",
                        "user_id": TG_CHAT,
                    },
                )
            )
        )
    )[0]
    assert own.kind is MessageKind.CONTACT
    assert own.contact_phone == "+8613800138000"
    other = adapter.parse(
        telegram_request(
            as_json(
                telegram_update(
                    3, contact={"phone_number": "+8613900000000", "first_name": "王", "user_id": 1}
                )
            )
        )
    )[0]
    assert other.contact_phone is None  # someone else's card vouches for nothing
    doc = adapter.parse(
        telegram_request(
            as_json(
                telegram_update(
                    4,
                    document={
                        "file_id": "D1",
                        "file_unique_id": "d1",
                        "file_name": "通知.pdf",
                        "mime_type": "application/pdf",
                    },
                    caption="请看附件",
                )
            )
        )
    )[0]
    assert doc.kind is MessageKind.FILE
    assert doc.text == "请看附件"
    assert doc.attachments[0].filename == "通知.pdf"


def test_group_chats_and_other_updates_are_ignored(adapter: TelegramAdapter) -> None:
    group = telegram_update(5, text="hi")
    group["message"]["chat"] = {"id": -100, "type": "group", "title": "g"}
    assert adapter.parse(telegram_request(as_json(group))) == []
    # a citizen's edit is an event the dialogue answers (trial11 N14), its text not read
    edited = {"update_id": 6, "edited_message": telegram_update(6, text="x")["message"]}
    (event,) = adapter.parse(telegram_request(as_json(edited)))
    assert (event.kind, event.event, event.text) == (MessageKind.EVENT, "edited", "")
    # a group's edit stays ignored like the group's messages
    group_edit = {"update_id": 7, "edited_message": group["message"]}
    assert adapter.parse(telegram_request(as_json(group_edit))) == []


def test_inline_reply_is_a_webhook_method(adapter: TelegramAdapter) -> None:
    request = telegram_request(as_json(telegram_update(7, text="查询进度")))
    messages = adapter.parse(request)
    reply = OutboundMessage(
        channel="telegram",
        recipient=str(TG_CHAT),
        text="请选择：",
        quick_replies=(
            QuickReply(title="查询进度", payload="p"),
            QuickReply(title="转人工", payload="a"),
        ),
    )
    body = json.loads(adapter.acknowledge(request, messages, [reply]).body)
    assert body["method"] == "sendMessage"
    assert body["chat_id"] == str(TG_CHAT)
    assert body["reply_markup"]["keyboard"] == [[{"text": "查询进度"}], [{"text": "转人工"}]]
    assert adapter.acknowledge(request, messages, []).body == b""


async def test_blocked_bot_is_not_retryable(
    adapter: TelegramAdapter, provider: FakeProvider
) -> None:
    provider.script(
        "/sendMessage",
        status=403,
        json_body={
            "ok": False,
            "error_code": 403,
            "description": "Forbidden: bot was blocked by the user",
        },
    )
    with pytest.raises(SendError) as info:
        await adapter.send(OutboundMessage(channel="telegram", recipient="1", text="x"))
    assert not info.value.retryable


async def test_send_calls_the_bot_api_path(
    adapter: TelegramAdapter, provider: FakeProvider
) -> None:
    await adapter.send(OutboundMessage(channel="telegram", recipient="1", text="您好"))
    (call,) = provider.calls("/sendMessage")
    assert call.path == f"/bot{TG_TOKEN}/sendMessage"
    assert call.json() == {"chat_id": "1", "text": "您好"}


async def test_media_downloads_through_get_file(
    adapter: TelegramAdapter, provider: FakeProvider
) -> None:
    data = await adapter.fetch_media("PH1", None)
    assert data.startswith(b"\xff\xd8")
    assert provider.calls("/getFile")[0].json() == {"file_id": "PH1"}
    assert provider.calls("/photos/file_1.jpg")[0].path == f"/file/bot{TG_TOKEN}/photos/file_1.jpg"


async def test_set_webhook_sends_the_secret(
    adapter: TelegramAdapter, provider: FakeProvider
) -> None:
    provider.script("/setWebhook", json_body={"ok": True, "result": True})
    await adapter.set_webhook("https://12345.example/webhooks/telegram")
    (call,) = provider.calls("/setWebhook")
    body = call.json()
    assert body["url"] == "https://12345.example/webhooks/telegram"
    assert body["secret_token"] == TG_SECRET
