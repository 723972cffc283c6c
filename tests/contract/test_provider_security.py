"""Issue 13 on the provider surfaces, adapter by adapter: signatures reused for another
body, dedup across citizens, media URLs to inside addresses, hostile numbers and times.

The providers are played by their official libraries (wechatpy's ``WeChatCrypto``,
twilio's ``RequestValidator``) through ``tests/contract/cases.py``.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from casebridge.webhooks.urlpolicy import UrlPolicy
from channels.base import ChannelAdapter, RawRequest
from channels.errors import PayloadError, SendError, VerificationError
from channels.state import LocalState
from channels.wechat import WeChatAdapter, WeChatSettings
from gateway.media.urlgate import PolicyGate
from tests.contract import cases
from tests.contract.cases import CASES, Case
from tests.contract.conftest import FakeProvider, listening, local_gate

PLAIN_XML = (
    b"<xml><ToUserName>gh_12345</ToUserName><FromUserName>o_any</FromUserName>"
    b"<MsgType>text</MsgType><CreateTime>1</CreateTime><Content>\xe4\xbc\xaa\xe9\x80\xa0"
    b"</Content><MsgId>2</MsgId></xml>"
)


def _with_body(req: RawRequest, body: bytes, **query: str | None) -> RawRequest:
    q = {k: v for k, v in {**req.query, **query}.items() if v is not None}
    return RawRequest(req.method, req.url, req.headers, q, body)


# -- 1. signatures that do not cover the body ---------------------------------------------
def _wechat(*, aes: bool, allow_plaintext: bool = False) -> WeChatAdapter:
    settings = WeChatSettings(
        token=cases.TOKEN,
        app_id=cases.APP_ID,
        app_secret="secret",
        aes_key=cases.AES_KEY if aes else None,
        allow_plaintext=allow_plaintext,
    )
    return WeChatAdapter(settings)


def test_with_an_aes_key_a_plaintext_body_is_refused() -> None:
    """The issue's forgery: a safe-mode request's signature with a plaintext body."""
    adapter = _wechat(aes=True)
    genuine = cases.wechat_aes_request(
        cases.wechat_xml("text", "<Content>你好</Content>", "1").encode()
    )
    adapter.verify(genuine)
    forged = _with_body(genuine, PLAIN_XML, encrypt_type=None, msg_signature=None)
    with pytest.raises(VerificationError, match="plaintext"):
        adapter.verify(forged)


async def test_compatible_mode_still_refuses_a_second_body_for_one_nonce() -> None:
    adapter = _wechat(aes=True, allow_plaintext=True)
    genuine = cases.wechat_aes_request(
        cases.wechat_xml("text", "<Content>你好</Content>", "1").encode()
    )
    adapter.verify(genuine)
    await adapter.check_replay(genuine)
    forged = _with_body(genuine, PLAIN_XML, encrypt_type=None, msg_signature=None)
    adapter.verify(forged)  # compatible mode: the plaintext is allowed as such ...
    with pytest.raises(VerificationError):
        await adapter.check_replay(forged)  # ... but not with a used (timestamp, nonce)


async def test_a_safe_mode_retry_encrypted_afresh_is_the_same_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WeChat may re-encrypt a retry (new IV) under the same (timestamp, nonce)."""
    now = cases._now()
    monkeypatch.setattr(cases, "_now", lambda: now)
    adapter = _wechat(aes=True)
    xml = cases.wechat_xml("text", "<Content>你好</Content>", "21").encode()
    first = cases.wechat_aes_request(xml, nonce="777")
    again = cases.wechat_aes_request(xml, nonce="777")
    assert first.body != again.body  # another IV, another ciphertext
    for request in (first, again):
        adapter.verify(request)
        await adapter.check_replay(request)
    other = cases.wechat_aes_request(
        cases.wechat_xml("text", "<Content>另一条</Content>", "22").encode(), nonce="777"
    )
    adapter.verify(other)  # genuinely signed by the token ...
    with pytest.raises(VerificationError):
        await adapter.check_replay(other)  # ... but a second message for one nonce


UNSIGNED_BODY = [c for c in CASES if c.id in ("wechat", "weibo")]


@pytest.mark.parametrize("case", UNSIGNED_BODY, ids=[c.id for c in UNSIGNED_BODY])
async def test_a_timestamp_and_nonce_serve_one_body_across_processes(
    case: Case, provider: FakeProvider
) -> None:
    """Two gateway processes share the store: the second sees the first's body."""
    shared = LocalState()
    first, second = case.build(provider.base_url), case.build(provider.base_url)
    first.bind(state=shared)
    second.bind(state=shared)
    genuine = case.text_request("路灯坏了", "11")
    first.verify(genuine)
    await first.check_replay(genuine)
    retry = _with_body(genuine, genuine.body)
    second.verify(retry)
    await second.check_replay(retry)  # the provider's retry: same body, allowed
    other = case.text_request("伪造的诉求", "12").body
    forged = _with_body(genuine, other)
    second.verify(forged)  # the signature alone cannot tell ...
    with pytest.raises(VerificationError):
        await second.check_replay(forged)  # ... the replay memory can
    await first.aclose()
    await second.aclose()


# -- 2. dedup across citizens --------------------------------------------------------------
WITH_SENDERS = [c for c in CASES if c.from_sender is not None]
OTHER = {"telegram": "5151", "weibo": "3000000001"}


@pytest.mark.parametrize("case", WITH_SENDERS, ids=[c.id for c in WITH_SENDERS])
def test_another_citizen_reusing_a_message_id_is_another_message(
    case: Case, provider: FakeProvider
) -> None:
    assert case.from_sender is not None
    adapter = case.build(provider.base_url)
    a = adapter.read(case.text_request("我家门口漏水", "4242"))[0]
    who = OTHER.get(case.id, "+8613900139000" if case.id in ("sms", "voice") else "oCitizen2")
    b = adapter.read(case.from_sender("我要查工单", "4242", who))[0]
    assert a.external_id == b.external_id or case.id == "weibo"  # the provider's id reused
    assert a.sender != b.sender
    assert a.dedup_key != b.dedup_key
    assert a.account
    assert a.account in a.dedup_key
    assert a.sender in a.dedup_key


def test_web_chat_dedup_key_names_the_visitor() -> None:
    from channels.web import WebChatAdapter

    web_adapter = WebChatAdapter(secret=b"s" * 32)
    frame = {"type": "message", "id": "m1", "text": "你好"}
    a, _ = web_adapter.parse_frame("v1", frame, max_upload_bytes=10)
    b, _ = web_adapter.parse_frame("v2", frame, max_upload_bytes=10)
    assert a.dedup_key != b.dedup_key


# -- 4. media URLs to inside addresses ------------------------------------------------------
@pytest.fixture
async def inside() -> AsyncIterator[list[str]]:
    """A server on loopback that records every hit (the 'inside' address)."""
    hits: list[str] = []

    async def handle(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(body=b"\xff\xd8\xff\xe0secret", content_type="image/jpeg")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    async with listening(app) as base_url:
        hits.append(base_url)  # first item: the base URL
        yield hits


PRODUCTION_GATE = PolicyGate(UrlPolicy.from_setting(""))


@pytest.mark.parametrize(
    "gate", [None, local_gate(), PRODUCTION_GATE], ids=["none", "local", "prod"]
)
async def test_wechat_picurl_to_loopback_is_never_fetched(
    inside: list[str], provider: FakeProvider, gate: Any
) -> None:
    adapter = cases.wechat_build(provider.base_url)
    if gate is not None:
        adapter.bind(url_gate=gate)
    xml = cases.wechat_xml(
        "image", f"<PicUrl>{inside[0]}/x</PicUrl><MediaId></MediaId>", "501"
    ).encode()
    (msg,) = adapter.read(cases.wechat_plain_request(xml))
    (att,) = msg.attachments
    assert att.source_id is None
    with pytest.raises(SendError) as info:
        await adapter.fetch_media(att.source_id, att.source_url)
    assert not info.value.retryable
    assert inside[1:] == []
    await adapter.aclose()


async def test_a_media_host_that_resolves_inside_is_refused(
    inside: list[str], provider: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: WeChat's own media host answering 127.0.0.1 at fetch time."""
    import asyncio

    loop = asyncio.get_running_loop()

    async def rebound(host: str, port: int, **kw: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(loop, "getaddrinfo", rebound)
    adapter = cases.wechat_build(provider.base_url)
    adapter.bind(url_gate=PRODUCTION_GATE)
    with pytest.raises(SendError, match="refused"):
        await adapter.fetch_media(None, "http://mmbiz.qpic.cn/mmbiz_jpg/abc/0")
    assert inside[1:] == []
    await adapter.aclose()


TWILIO = [c for c in CASES if c.id in ("sms", "voice")]


@pytest.mark.parametrize("case", TWILIO, ids=[c.id for c in TWILIO])
async def test_twilio_media_outside_its_hosts_is_refused(
    case: Case, inside: list[str], provider: FakeProvider
) -> None:
    adapter = case.build(provider.base_url)
    adapter.bind(url_gate=local_gate())
    with pytest.raises(SendError):
        await adapter.fetch_media("ME1", inside[0] + "/2010-04-01/Media/ME1")
    assert inside[1:] == []
    await adapter.aclose()


async def test_twilio_redirect_to_inside_is_refused(
    inside: list[str], provider: FakeProvider
) -> None:
    adapter = cases.sms_build(provider.base_url)
    adapter.bind(url_gate=PRODUCTION_GATE)
    provider.script("/Media/ME7", status=302, headers={"Location": inside[0] + "/meta"})
    with pytest.raises(SendError, match="refused"):
        await adapter.fetch_media("ME7", provider.base_url + "/x/Media/ME7")
    assert inside[1:] == []
    await adapter.aclose()


# -- 5. hostile numbers, times and text -----------------------------------------------------
def _refused(adapter: ChannelAdapter, request: RawRequest) -> int:
    """The status the gateway would answer for ``request`` (no 5xx possible here)."""
    try:
        adapter.precheck(request)
        adapter.verify(request)
        adapter.read(request)
    except VerificationError:
        return 403
    except PayloadError as exc:
        return exc.status_code
    return 200


@pytest.mark.parametrize("case", UNSIGNED_BODY, ids=[c.id for c in UNSIGNED_BODY])
def test_a_400_digit_timestamp_is_403(case: Case, provider: FakeProvider) -> None:
    adapter = case.build(provider.base_url)
    request = case.text_request("你好", "1")
    assert _refused(adapter, _with_body(request, request.body, timestamp="9" * 400)) == 403


def test_wechat_create_time_beyond_2100_is_400(provider: FakeProvider) -> None:
    adapter = cases.wechat_build(provider.base_url, aes=True)
    xml = (
        "<xml><ToUserName>gh_12345</ToUserName><FromUserName>o1</FromUserName>"
        "<CreateTime>99999999999999</CreateTime><MsgType>text</MsgType>"
        "<Content>你好</Content><MsgId>9</MsgId></xml>"
    )
    assert _refused(adapter, cases.wechat_aes_request(xml.encode())) == 400


def test_weibo_created_at_in_year_9999_is_400(provider: FakeProvider) -> None:
    adapter = cases.weibo_build(provider.base_url)
    push = cases.weibo_push("text", "你好", {})
    push["created_at"] = "Fri Dec 31 23:59:59 -0800 9999"
    assert _refused(adapter, cases.weibo_request(cases.as_json(push))) == 400


def test_nul_in_text_is_stripped_and_in_ids_refused(provider: FakeProvider) -> None:
    adapter = cases.sms_build(provider.base_url)
    (msg,) = adapter.read(cases.SMS_CASE.text_request("路灯\x00坏了", "77"))
    assert msg.text == "路灯坏了"
    bad_sender = cases.twilio_signed(
        "/webhooks/sms",
        [(k, "+86138\x00" if k == "From" else v) for k, v in cases.sms_pairs("你好", "78")],
    )
    assert _refused(adapter, bad_sender) == 400
