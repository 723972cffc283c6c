"""The bot sends pictures (issue 14): a knowledge-base answer with a picture (the demo entry
``qy-021``, the service hall's map) goes out as an image where the channel can and as a
link elsewhere, through the real gateway and the local provider doubles: WeChat uploads
temporary media, Telegram ``sendPhoto``, SMS carries it as MMS ``<Media>``, the web chat
shows it. The picture's link opens the published bytes and nothing else."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from defusedxml import ElementTree
from fastapi import FastAPI
from starlette.testclient import TestClient

from config.settings import Settings
from gateway.app import create_app
from tests.contract import cases
from tests.contract.conftest import FakeProvider, served

pytestmark = pytest.mark.slow

QUESTION = "请问市民服务中心在哪里？大厅里各个窗口怎么走"
MAP = Path(__file__).resolve().parents[2] / "config/knowledge/media/service-hall-map.png"


def _app(provider: FakeProvider, tmp: Path) -> FastAPI:
    settings = Settings(
        var_dir=tmp, env="test", public_base_url=cases.PUBLIC, rate_limit_per_minute=1000
    )
    wechat = {
        "token": cases.TOKEN,
        "app_id": cases.APP_ID,
        "app_secret": "secret",
        "api_base_url": provider.base_url + "/cgi-bin/",
        "http_timeout_seconds": 0.5,
    }
    telegram = {
        "bot_token": cases.TG_TOKEN,
        "secret": cases.TG_SECRET,
        "api_base_url": provider.base_url + "/",
        "http_timeout_seconds": 0.5,
    }
    return create_app(
        settings,
        channel_overrides={
            "sms": cases.twilio_settings(provider.base_url),
            "wechat": wechat,
            "telegram": telegram,
        },
    )


@pytest.fixture
async def gateway(
    provider: FakeProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    monkeypatch.setenv("HOTLINE_OCR_ENABLED", "false")
    app = _app(provider, tmp_path)
    async with served(app, cases.PUBLIC) as client:
        yield app, client


async def _post(client: httpx.AsyncClient, raw: Any) -> httpx.Response:
    return await client.post(raw.url, content=raw.body, headers=dict(raw.headers))


async def _opens_the_map(client: httpx.AsyncClient, url: str) -> None:
    link = urlsplit(url)
    assert f"{link.scheme}://{link.netloc}" == cases.PUBLIC
    assert link.path.startswith("/media/out/")
    served = await client.get(link.path + "?" + link.query)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/png"
    assert served.content[:8] == b"\x89PNG\r\n\x1a\n"
    forged = await client.get(link.path + "?s=" + "0" * 32)
    assert forged.status_code == 404


async def test_each_channel_gets_the_map_as_it_can(
    gateway: tuple[FastAPI, httpx.AsyncClient], provider: FakeProvider
) -> None:
    """One gateway (start-up is the slow part), every webhook channel in turn."""
    await _sms_gets_the_answer_and_the_map_as_mms_in_one_message(gateway)
    await _wechat_uploads_the_map_as_temporary_media_after_the_text(gateway, provider)
    await _telegram_sends_the_map_with_send_photo(gateway, provider)
    await _an_answer_without_a_picture_sends_none(gateway)


async def _sms_gets_the_answer_and_the_map_as_mms_in_one_message(
    gateway: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = gateway
    raw = cases.twilio_signed("/webhooks/sms", cases.sms_pairs(QUESTION, "KB1"))
    answer = await _post(client, raw)
    assert answer.status_code == 200
    root = ElementTree.fromstring(answer.content)
    (message,) = root.findall("Message")  # one message: the words and the picture
    body = "".join(message.itertext())
    assert "A区综合受理" in body
    assert "附图：市民服务中心一楼大厅平面示意图" in body
    (media,) = message.findall("Media")
    await _opens_the_map(client, media.text or "")


async def _wechat_uploads_the_map_as_temporary_media_after_the_text(
    gateway: tuple[FastAPI, httpx.AsyncClient], provider: FakeProvider
) -> None:
    app, client = gateway
    provider.script("/media/upload", json_body={"type": "image", "media_id": "MAP_1"})
    answer = await _post(client, cases._wechat_text(QUESTION, "77001", False))
    assert answer.status_code == 200
    assert "A区综合受理" in answer.content.decode()  # the words inline, passive reply
    await app.state.services.pipeline.delivery.drain()
    (upload,) = provider.calls("/media/upload")
    assert upload.query["type"] == "image"
    assert MAP.read_bytes()[:8] in upload.body
    sent = [c.json() for c in provider.calls("/message/custom/send")]
    assert {"touser": "oCitizen1", "msgtype": "image", "image": {"media_id": "MAP_1"}} in sent


async def _telegram_sends_the_map_with_send_photo(
    gateway: tuple[FastAPI, httpx.AsyncClient], provider: FakeProvider
) -> None:
    app, client = gateway
    provider.script("/sendPhoto", json_body={"ok": True, "result": {"message_id": 11}})
    update = cases.telegram_update(5101, text=QUESTION)
    answer = await _post(client, cases.telegram_request(cases.as_json(update)))
    assert answer.status_code == 200
    await app.state.services.pipeline.delivery.drain()
    (photo,) = provider.calls("/sendPhoto")
    assert photo.headers["content-type"].startswith("multipart/form-data")
    assert b"\x89PNG" in photo.body  # the stored bytes, uploaded
    words = [c.json()["text"] for c in provider.calls("/sendMessage")]
    words += [answer.json().get("text", "")] if answer.content else []
    assert any("A区综合受理" in w for w in words), words


def test_web_chat_shows_the_map(provider: FakeProvider, tmp_path: Path) -> None:
    app = _app(provider, tmp_path)
    with (
        TestClient(app, base_url=cases.PUBLIC) as client,
        client.websocket_connect("/chat/ws") as ws,
    ):
        assert ws.receive_json()["type"] == "hello"
        ws.send_text(json.dumps({"type": "message", "id": "q1", "text": QUESTION}))
        frames = []
        while (frame := ws.receive_json())["type"] != "done":
            frames.append(frame)
        (shown,) = [f for f in frames if f.get("images")]
        assert "A区综合受理" in shown["text"]
        (url,) = shown["images"]
        assert url in shown["text"]  # the link stays in the words, for copying
        link = urlsplit(url)
        served = client.get(link.path + "?" + link.query)
        assert served.status_code == 200
        assert served.content[:8] == b"\x89PNG\r\n\x1a\n"


async def _an_answer_without_a_picture_sends_none(
    gateway: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = gateway
    raw = cases.twilio_signed("/webhooks/sms", cases.sms_pairs("政务服务中心几点上班", "KB2"))
    answer = await _post(client, raw)
    root = ElementTree.fromstring(answer.content)
    (message,) = root.findall("Message")
    assert message.findall("Media") == []
    assert "附图" not in "".join(message.itertext())
