"""Every channel end to end through the real gateway: webhook → pipeline → reply → order.

The app is the lead's ``create_app`` with every adapter enabled by overrides and pointed at
the local fake provider; requests are signed as the providers sign them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as ET
import httpx
import pytest
from wechatpy.crypto import WeChatCrypto

from channels.base import RawRequest
from config.settings import Settings
from gateway.app import create_app
from tests.contract import cases
from tests.contract.conftest import FakeProvider, served

pytestmark = pytest.mark.slow

# A citizen's intake: the matter, the place, since when, anonymous, confirm.
SCRIPT = [
    "你好，我们小区门口的路灯坏了一个多月了，晚上出行很不方便",
    "在牡丹区西城街道桂陵社区",
    "上个月开始的",
    "匿名",
    "确认",
    "确认",
]


def overrides(base: str) -> dict[str, dict[str, Any]]:
    return {
        "wechat": {
            "token": cases.TOKEN,
            "app_id": cases.APP_ID,
            "app_secret": "secret",
            "aes_key": cases.AES_KEY,
            "api_base_url": base + "/cgi-bin/",
        },
        "sms": cases.twilio_settings(base),
        "voice": cases.twilio_settings(base),
        "telegram": {
            "bot_token": cases.TG_TOKEN,
            "secret": cases.TG_SECRET,
            "api_base_url": base + "/",
        },
        "weibo": {
            "app_secret": cases.WEIBO_SECRET,
            "access_token": "weibo-access",
            "api_base_url": base + "/2/",
            "upload_base_url": base + "/upload/2/",
        },
    }


@pytest.fixture
async def gateway(
    provider: FakeProvider, tmp_path: Path, var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    # Each test its own database (var_dir: a copy of one migrated file), so nothing one
    # app leaves behind reaches another test's writes. The NLU model is shared through
    # HOTLINE_NLU_MODEL_DIR (tests/conftest.py), so a fresh var folder trains nothing.
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("HOTLINE_OCR_ENABLED", "false")
    settings = Settings(
        var_dir=var_dir,
        env="test",
        public_base_url=cases.PUBLIC,
        rate_limit_per_minute=1000,
        max_body_bytes=64 * 1024,
    )
    app = create_app(settings, channel_overrides=overrides(provider.base_url))
    async with served(app) as client:
        yield client, app


async def post(client: httpx.AsyncClient, raw: RawRequest) -> httpx.Response:
    path = raw.url.removeprefix(cases.PUBLIC).split("?")[0]
    return await client.request(
        raw.method, path, params=dict(raw.query), content=raw.body, headers=dict(raw.headers)
    )


def wechat_text(text: str, mid: str, sender: str = "oCitizen1") -> RawRequest:
    xml = cases.wechat_xml("text", f"<Content><![CDATA[{text}]]></Content>", mid, sender)
    return cases.wechat_aes_request(xml.encode())


def wechat_reply(resp: httpx.Response, raw: RawRequest) -> str:
    if resp.content == b"success":
        return ""
    root = ET.fromstring(resp.content)
    crypto = WeChatCrypto(cases.TOKEN, cases.AES_KEY, cases.APP_ID)
    plain = crypto.decrypt_message(
        resp.text, root.findtext("MsgSignature"), root.findtext("TimeStamp"), raw.query["nonce"]
    )
    return ET.fromstring(plain).findtext("Content") or ""


def sms_reply(resp: httpx.Response, raw: RawRequest) -> str:
    return "".join(m.text or "" for m in ET.fromstring(resp.content).iter("Message"))


def voice_reply(resp: httpx.Response, raw: RawRequest) -> str:
    return "".join(s.text or "" for s in ET.fromstring(resp.content).iter("Say"))


def telegram_reply(resp: httpx.Response, raw: RawRequest) -> str:
    return str(json.loads(resp.content)["text"]) if resp.content else ""


def weibo_reply(resp: httpx.Response, raw: RawRequest) -> str:
    from urllib.parse import unquote

    return (
        str(json.loads(unquote(json.loads(resp.content)["data"]))["text"]) if resp.content else ""
    )


Channel = tuple[str, Callable[[str, int], RawRequest], Callable[[httpx.Response, RawRequest], str]]
CHANNELS: list[Channel] = [
    ("wechat", lambda text, i: wechat_text(text, str(5000 + i)), wechat_reply),
    (
        "sms",
        lambda text, i: cases.twilio_signed("/webhooks/sms", cases.sms_pairs(text, f"E{i}")),
        sms_reply,
    ),
    (
        "voice",
        lambda text, i: cases.voice_signed("gather", i, SpeechResult=text, Confidence="0.9"),
        voice_reply,
    ),
    (
        "telegram",
        lambda text, i: cases.telegram_request(
            cases.as_json(cases.telegram_update(7000 + i, text=text))
        ),
        telegram_reply,
    ),
    (
        "weibo",
        lambda text, i: cases.weibo_request(
            cases.as_json(cases.weibo_push("text", text, {}, offset=100 - i))
        ),
        weibo_reply,
    ),
]


@pytest.mark.parametrize("channel", CHANNELS, ids=[c[0] for c in CHANNELS])
async def test_a_conversation_ends_in_a_work_order(
    gateway: tuple[httpx.AsyncClient, Any], channel: Channel
) -> None:
    from gateway import metrics

    client, _app = gateway
    name, make, read = channel
    before = metrics.WORK_ORDERS.labels(name)._value.get()
    answers = []
    for i, text in enumerate(SCRIPT):
        raw = make(text, i)
        resp = await post(client, raw)
        assert resp.status_code == 200, resp.text
        answers.append(read(resp, raw))
        if metrics.WORK_ORDERS.labels(name)._value.get() > before:
            break
    assert metrics.WORK_ORDERS.labels(name)._value.get() == before + 1, answers
    assert any("工单" in a for a in answers), answers
    # the provider's retry of the last message: the same answer, no second order
    again = await post(client, raw)
    assert read(again, raw) == answers[-1]
    assert metrics.WORK_ORDERS.labels(name)._value.get() == before + 1


async def test_forged_requests_are_403_and_counted(gateway: tuple[httpx.AsyncClient, Any]) -> None:
    from gateway import metrics

    client, _ = gateway
    for name, make, _read in CHANNELS:
        # the gateway's WeChat account runs in safe mode: msg_signature is what counts
        case = next(c for c in cases.CASES if c.id == ("wechat-aes" if name == "wechat" else name))
        before = metrics.REJECTED.labels(name, "signature")._value.get()
        resp = await post(client, case.forge(make("你好", 90)))
        assert resp.status_code == 403, name
        assert metrics.REJECTED.labels(name, "signature")._value.get() == before + 1
        assert (await post(client, case.strip_signature(make("你好", 91)))).status_code == 403


async def test_concurrent_duplicates_make_one_answer(
    gateway: tuple[httpx.AsyncClient, Any],
) -> None:
    from gateway import metrics

    client, _ = gateway
    raws = [wechat_text("楼下烧烤店油烟太大", "8888", sender="oDup") for _ in range(3)]
    before = metrics.MESSAGES.labels("wechat", "processed")._value.get()
    responses = await asyncio.gather(*(post(client, r) for r in raws))
    texts = {wechat_reply(resp, raw) for resp, raw in zip(responses, raws, strict=True)}
    assert len(texts) == 1
    assert metrics.MESSAGES.labels("wechat", "processed")._value.get() == before + 1


async def test_bad_input_is_4xx_never_500(gateway: tuple[httpx.AsyncClient, Any]) -> None:
    client, _ = gateway
    xxe = cases.wechat_aes_request(  # the account runs in safe mode: XXE inside the envelope
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml/>'
    )
    assert (await post(client, xxe)).status_code == 400
    big = cases.telegram_request(b"{" + b" " * (70 * 1024) + b"}")
    assert (await post(client, big)).status_code == 413
    assert (await client.post("/webhooks/nochannel", content=b"x")).status_code == 404
    bad_json = cases.weibo_request(b"{not json")
    assert (await post(client, bad_json)).status_code == 400


async def test_handshakes(gateway: tuple[httpx.AsyncClient, Any]) -> None:
    import time

    client, _ = gateway
    ts, nonce = str(int(time.time())), "77"
    q = {"signature": cases._sha1(cases.TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce}
    resp = await client.get("/webhooks/wechat", params={**q, "echostr": "abc123"})
    assert resp.text == "abc123"
    forged = await client.get(
        "/webhooks/wechat", params={**q, "signature": "0" * 40, "echostr": "x"}
    )
    assert forged.status_code == 403
    ms = str(int(time.time() * 1000))
    wq = {"signature": cases._sha1(cases.WEIBO_SECRET, ms, nonce), "timestamp": ms, "nonce": nonce}
    resp = await client.get("/webhooks/weibo", params={**wq, "echostr": "weibo-echo"})
    assert resp.text == "weibo-echo"


async def test_picture_lands_as_a_stored_attachment(
    gateway: tuple[httpx.AsyncClient, Any], provider: FakeProvider
) -> None:
    from tests.unit.channels.test_media_normalize import jpeg_with_exif

    client, app = gateway
    provider.script("/media/get", body=jpeg_with_exif(), content_type="image/jpeg")
    xml = cases.wechat_xml(
        "image",
        "<PicUrl><![CDATA[http://x/p.jpg]]></PicUrl><MediaId><![CDATA[PHOTO1]]></MediaId>",
        "6001",
        "oPhoto",
    )
    resp = await post(client, cases.wechat_aes_request(xml.encode()))
    assert resp.status_code == 200
    assert provider.calls("/media/get")[0].query["media_id"] == "PHOTO1"
    blobs = list((app.state.services.settings.blob_dir).rglob("*.jpg"))
    assert blobs
    for blob in blobs:
        assert b"TestCam" not in blob.read_bytes()  # EXIF stripped before storing


AMR = b"#!AMR\n" + bytes(range(256)) * 8
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 512
OGG = b"OggS\x00\x02" + b"\x00" * 512
WAV = b"RIFF\x24\x08\x00\x00WAVEfmt " + b"\x00" * 512


def _jpeg() -> bytes:
    from tests.unit.channels.test_media_normalize import jpeg_with_exif

    return jpeg_with_exif()


def _wechat_media(msg_type: str, body: str, msg_id: str) -> Callable[[str], RawRequest]:
    def make(base: str) -> RawRequest:
        xml = cases.wechat_xml(msg_type, body, msg_id, "oMedia")
        return cases.wechat_aes_request(xml.encode())

    return make


# (id, channel, sender of the text turns, media request, provider path suffix, bytes, kind)
MEDIA: list[tuple[str, str, Callable[[str], RawRequest], str, bytes, str, str]] = [
    (
        "wechat-image",
        "wechat",
        _wechat_media("image", "<PicUrl>http://x/p.jpg</PicUrl><MediaId>IMG1</MediaId>", "8101"),
        "/media/get",
        b"",
        "image/jpeg",
        "image",
    ),
    (
        "wechat-voice",
        "wechat",
        _wechat_media("voice", "<MediaId>VOI1</MediaId><Format>amr</Format>", "8102"),
        "/media/get",
        AMR,
        "audio/amr",
        "audio",
    ),
    (
        "wechat-video",
        "wechat",
        _wechat_media("video", "<MediaId>VID1</MediaId><ThumbMediaId>T</ThumbMediaId>", "8103"),
        "/media/get",
        MP4,
        "video/mp4",
        "video",
    ),
    (
        "sms-mms",
        "sms",
        lambda base: cases.twilio_signed(
            "/webhooks/sms",
            cases.sms_pairs("", "MMS1", [(f"{base}/Media/MMS1.jpg", "image/jpeg")]),
        ),
        "/Media/MMS1.jpg",
        b"",
        "image/jpeg",
        "image",
    ),
    (
        "telegram-voice",
        "telegram",
        lambda base: cases.telegram_request(
            cases.as_json(
                cases.telegram_update(
                    7900, voice={"file_id": "V1", "file_unique_id": "v1", "duration": 3}
                )
            )
        ),
        "/photos/file_1.jpg",
        OGG,
        "audio/ogg",
        "audio",
    ),
    (
        "weibo-image",
        "weibo",
        lambda base: cases.weibo_request(
            cases.as_json(cases.weibo_push("image", "", {"tovfid": 4242}, offset=50))
        ),
        "/mss/msget",
        b"",
        "image/jpeg",
        "image",
    ),
    (
        "voice-recording",
        "voice",
        lambda base: cases.voice_signed(
            "recording",
            40,
            RecordingUrl=f"{base}/Recordings/REC1",
            RecordingSid="REC1",
            RecordingDuration="9",
        ),
        "/Recordings/REC1",
        WAV,
        "audio/x-wav",
        "audio",
    ),
]


MATTERS = [
    "你好，我们小区门口的路灯坏了一个多月了，晚上出行很不方便",
    "小区东门的下水道堵了好几天，污水漫到路上，味道很大",
    "楼下广场舞的音响每天晚上十点以后还放，声音特别大，影响休息",
    "我们村通往镇上的那段水泥路塌了一个大坑，电动车经常摔倒",
    "小区里有人私搭乱建，在楼顶加盖了一层彩钢房",
    "路边的垃圾桶已经满了三天没人清运，苍蝇很多",
    "公园里的健身器材坏了好几件，螺丝都松了，孩子玩很危险",
]


@pytest.mark.parametrize("media", MEDIA, ids=[m[0] for m in MEDIA])
async def test_each_media_kind_lands_on_the_appeal(
    gateway: tuple[httpx.AsyncClient, Any],
    provider: FakeProvider,
    var_dir: Path,
    media: tuple[str, str, Callable[[str], RawRequest], str, bytes, str, str],
) -> None:
    import sqlite3

    client, _ = gateway
    _id, name, make_media, suffix, data, mime, kind = media
    provider.script(suffix, body=data or _jpeg(), content_type="application/octet-stream")
    make = next(c[1] for c in CHANNELS if c[0] == name)

    # message ids unique per case (each case has its own database; kept apart anyway)
    first = 100 + 20 * [m[0] for m in MEDIA].index(_id)

    def turn(text: str, i: int) -> RawRequest:
        if name == "wechat":  # the same citizen as the media message
            return wechat_text(text, str(9000 + first + i), sender="oMedia")
        return make(text, first + i)

    # one matter per case: the same citizen raising the same matter again would rightly be
    # told its progress (第十三条(三)) instead of getting a new appeal
    matter = MATTERS[[m[0] for m in MEDIA].index(_id)]
    assert (await post(client, turn(matter, 0))).status_code == 200
    resp = await post(client, make_media(provider.base_url))
    assert resp.status_code == 200, resp.text
    for i, text in enumerate(SCRIPT[1:], start=1):
        assert (await post(client, turn(text, i))).status_code == 200
    db = sqlite3.connect(var_dir / "hotline.db")
    try:
        row = db.execute(
            "SELECT attachments FROM appeals WHERE channel = ? ORDER BY id DESC LIMIT 1", (name,)
        ).fetchone()
    finally:
        db.close()
    assert row is not None, "no appeal was written"
    atts = json.loads(row[0])
    assert any(
        a.get("kind") == kind and a.get("mime") == mime and a.get("blob_key") for a in atts
    ), atts


@pytest.mark.parametrize(
    "channel",
    [c for c in CHANNELS if c[0] != "voice"],
    ids=[c[0] for c in CHANNELS if c[0] != "voice"],
)
async def test_an_agent_takes_over_a_provider_chat_and_hands_it_back(
    gateway: tuple[httpx.AsyncClient, Any], provider: FakeProvider, channel: Channel
) -> None:
    """Any channel: the citizen asks for a person, an agent claims the chat, the bot falls
    silent, the agent's words reach the citizen through the provider's API, and the bot
    takes over again after the hand-back."""
    from gateway.console.service import AgentView

    client, app = gateway
    services = app.state.services
    name, make, read = channel
    base = 900 + 10 * [c[0] for c in CHANNELS].index(name)
    assert (await post(client, make("我要转人工服务", base))).status_code == 200
    await services.pipeline.delivery.drain()
    supervisor = AgentView(username="admin", display_name="值班长", role="supervisor")
    queued = [q for q in await services.console.queue(supervisor) if q.channel == name]
    assert queued, "the chat did not reach the agents' queue"
    key = queued[-1].key
    assert await services.console.claim(key, "agent-li")

    raw = make("你好，有人在吗", base + 1)
    resp = await post(client, raw)
    assert resp.status_code == 200
    await services.pipeline.delivery.drain()
    assert read(resp, raw) == ""  # the bot is silent while the agent holds the chat

    sent_before = len(provider.requests)
    await services.pipeline.send_to_citizen(
        key, "您好，我是热线工作人员小李，请讲。", author="agent-li"
    )
    outgoing = [_decoded(r.body) for r in provider.requests[sent_before:]]
    assert any("小李" in body for body in outgoing), outgoing

    # the hand-back, as the console's button does it
    await services.console.release(key, supervisor)
    await services.pipeline.release(key, "admin")
    assert await services.console.holder(key) is None
    sent_before = len(provider.requests)
    raw = make("我要查询工单进度", base + 2)
    resp = await post(client, raw)
    await services.pipeline.delivery.drain()
    assert resp.status_code == 200
    answered = read(resp, raw) + "".join(_decoded(r.body) for r in provider.requests[sent_before:])
    assert "工单" in answered, answered  # the bot answers again


def _decoded(body: bytes) -> str:
    """A provider request body with every layer of URL encoding undone."""
    from urllib.parse import unquote_plus

    text = body.decode("utf-8", "replace")
    for _ in range(3):
        text = unquote_plus(text)
    return text
