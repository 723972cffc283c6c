"""Pictures going out, against the local provider doubles: WeChat temporary media then an
image message, Telegram ``sendPhoto``, a link on Weibo; a picture the provider refuses
becomes text with its link, never lost. And the state WeChat shares across processes.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from PIL import Image

from channels.base import ChannelAdapter
from channels.errors import SendError
from channels.messages import Attachment, AttachmentKind, OutboundMessage
from channels.state import LocalState
from channels.telegram import TelegramAdapter
from channels.wechat import WeChatAdapter
from gateway.kv.store import MemoryStore
from gateway.media.outbound import StoreChannelState
from tests.contract import cases
from tests.contract.conftest import FakeProvider


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


PNG = _png()
PICTURE = Attachment(
    kind=AttachmentKind.IMAGE,
    mime="image/png",
    blob_key="ab/" + "a" * 64 + ".png",
    sha256="a" * 64,
    filename="hall-map.png",
    source_url="https://hotline.example.gov.cn/media/out/ab/aaa.png?s=sig",
)


class Store:
    """The gateway's media store, as the adapters see it."""

    def __init__(self) -> None:
        self.reads = 0

    async def read(self, att: Attachment) -> bytes:
        self.reads += 1
        return PNG


def _msg(case: str, recipient: str, text: str = "") -> OutboundMessage:
    return OutboundMessage(channel=case, recipient=recipient, text=text, attachments=(PICTURE,))


@pytest.fixture
async def wechat(provider: FakeProvider) -> AsyncIterator[WeChatAdapter]:
    adapter = cases.wechat_build(provider.base_url)
    assert isinstance(adapter, WeChatAdapter)
    adapter.bind(media=Store())
    yield adapter
    await adapter.aclose()


@pytest.fixture
async def telegram(provider: FakeProvider) -> AsyncIterator[TelegramAdapter]:
    adapter = cases.telegram_build(provider.base_url)
    assert isinstance(adapter, TelegramAdapter)
    yield adapter
    await adapter.aclose()


# -- WeChat ------------------------------------------------------------------------------
async def test_wechat_uploads_temporary_media_then_sends_the_image(
    wechat: WeChatAdapter, provider: FakeProvider
) -> None:
    provider.script("/media/upload", json_body={"type": "image", "media_id": "MEDIA_1"})
    await wechat.send(_msg("wechat", "oCitizen1", "政务服务大厅位置如下图"))
    (upload,) = provider.calls("/media/upload")
    assert upload.query["type"] == "image"
    assert upload.query["access_token"] == "ACCESS"
    assert upload.headers["content-type"].startswith("multipart/form-data")
    assert PNG in upload.body
    assert b'name="media"; filename="hall-map.png"' in upload.body
    text, image = provider.calls("/message/custom/send")
    assert text.json()["text"]["content"] == "政务服务大厅位置如下图"
    assert image.json() == {
        "touser": "oCitizen1",
        "msgtype": "image",
        "image": {"media_id": "MEDIA_1"},
    }
    await wechat.send(_msg("wechat", "oCitizen1"))  # the same picture again
    assert len(provider.calls("/media/upload")) == 1  # its media id is reused


@pytest.mark.parametrize("errcode", [40005, 40009, 40004])
async def test_wechat_refused_picture_goes_as_its_link(
    wechat: WeChatAdapter, provider: FakeProvider, errcode: int
) -> None:
    provider.script("/media/upload", json_body={"errcode": errcode, "errmsg": "invalid file"})
    await wechat.send(_msg("wechat", "oCitizen1"))
    (sent,) = provider.calls("/message/custom/send")
    assert sent.json()["text"]["content"] == f"图片：{PICTURE.source_url}"


async def test_wechat_upload_busy_is_retried_by_delivery(
    wechat: WeChatAdapter, provider: FakeProvider
) -> None:
    provider.script("/media/upload", status=503, body=b"busy")
    with pytest.raises(SendError) as info:
        await wechat.send(_msg("wechat", "oCitizen1"))
    assert info.value.retryable  # the delivery path retries or keeps it: never lost


def test_wechat_inline_reply_keeps_text_and_pushes_the_picture(wechat: WeChatAdapter) -> None:
    request = cases._wechat_text("大厅在哪", "9001", False)
    messages = wechat.parse(request)
    reply = _msg("wechat", "oCitizen1", "位置见下图").model_copy(update={"account": "gh_12345"})
    response = wechat.acknowledge(request, messages, [reply])
    assert b"<![CDATA[text]]>" in response.body
    (follow,) = response.continuations
    assert follow.text == ""
    assert follow.attachments == (PICTURE,)
    image_only = wechat.acknowledge(request, messages, [reply.model_copy(update={"text": ""})])
    assert image_only.body == b"success"
    assert [f.attachments for f in image_only.continuations] == [(PICTURE,)]


# -- Telegram ----------------------------------------------------------------------------
async def test_telegram_send_photo_uploads_the_bytes(
    telegram: TelegramAdapter, provider: FakeProvider
) -> None:
    store = Store()
    telegram.bind(media=store)
    provider.script("/sendPhoto", json_body={"ok": True, "result": {"message_id": 9}})
    result = await telegram.send(_msg("telegram", str(cases.TG_CHAT), "地图"))
    (photo,) = provider.calls("/sendPhoto")
    assert photo.headers["content-type"].startswith("multipart/form-data")
    assert PNG in photo.body
    assert f'name="chat_id"\r\n\r\n{cases.TG_CHAT}'.encode() in photo.body
    assert len(provider.calls("/sendMessage")) == 1  # the words first
    assert result.provider_message_id == "9"
    assert store.reads == 1


async def test_telegram_send_photo_by_url_without_a_store(
    telegram: TelegramAdapter, provider: FakeProvider
) -> None:
    provider.script("/sendPhoto", json_body={"ok": True, "result": {"message_id": 10}})
    await telegram.send(_msg("telegram", str(cases.TG_CHAT)))
    (photo,) = provider.calls("/sendPhoto")
    assert photo.json() == {"chat_id": str(cases.TG_CHAT), "photo": PICTURE.source_url}


async def test_telegram_refused_photo_goes_as_its_link(
    telegram: TelegramAdapter, provider: FakeProvider
) -> None:
    provider.script(
        "/sendPhoto",
        json_body={"ok": False, "error_code": 400, "description": "Bad Request: PHOTO_INVALID"},
    )
    await telegram.send(_msg("telegram", str(cases.TG_CHAT)))
    (note,) = provider.calls("/sendMessage")
    assert note.json()["text"] == f"图片：{PICTURE.source_url}"


# -- channels without pictures ---------------------------------------------------------------
async def test_weibo_shows_the_link(provider: FakeProvider) -> None:
    adapter: ChannelAdapter = cases.weibo_build(provider.base_url)
    try:
        await adapter.send(_msg("weibo", "5001", "位置见图"))
        (call,) = provider.calls("/messages/reply.json")
        from urllib.parse import unquote_plus

        assert f"图片：{PICTURE.source_url}" in unquote_plus(unquote_plus(call.body.decode()))
    finally:
        await adapter.aclose()


# -- state shared by N processes (issue 10) -------------------------------------------------
@pytest.mark.parametrize("backend", ["local", "store"])
async def test_two_processes_share_token_window_and_quota(
    provider: FakeProvider, backend: str
) -> None:
    shared = StoreChannelState(MemoryStore(), "wechat") if backend == "store" else LocalState()
    clock = [1_700_000_000.0]
    built = cases.wechat_build(provider.base_url)
    assert isinstance(built, WeChatAdapter)
    settings = built.settings
    await built.aclose()
    settings.push_quota = 2
    settings.replay_window_seconds = 0
    one, two = (WeChatAdapter(settings, clock=lambda: clock[0]) for _ in range(2))
    for adapter in (one, two):
        adapter.bind(state=shared)
    request = cases.wechat_plain_request(
        cases.wechat_xml("text", "<Content>x</Content>", "77").encode()
    )
    await one.note_inbound(one.parse(request))  # the citizen wrote to process one
    reply = OutboundMessage(channel="wechat", recipient="oCitizen1", text="进展")
    await one.send(reply)
    await two.send(reply)  # process two: same token, same quota
    assert len(provider.calls("/token")) == 1
    with pytest.raises(SendError):
        await two.send(reply)  # the quota of two pushes is used, whichever process sent
    await one.note_inbound(one.parse(request))  # the citizen writes again
    clock[0] += 49 * 3600
    with pytest.raises(SendError) as info:
        await two.send(reply)  # process two knows the window closed
    assert "48-hour" in str(info.value)
    assert len(provider.calls("/message/custom/send")) == 2
    for adapter in (one, two):
        await adapter.aclose()
