"""The hostile-body matrix of issue 13, through the real gateway, for every channel.

Unsigned or forged: refused (403, or 413 by the limits checked before the signature)
and never parsed. Signed but malformed: a 4xx. Never a 500, and nothing reaches the
pipeline or the inbox. A 16,000-field form is refused while ``/healthz`` keeps
answering and the event loop is never blocked; another citizen reusing a message id
gets processing of their own; a picture URL pointing inside is never fetched.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from channels.base import ChannelAdapter, RawRequest
from config.settings import Settings
from gateway.app import create_app
from tests.contract import cases
from tests.contract.cases import CASES, Case
from tests.contract.conftest import served
from tests.contract.test_gateway_webhooks import overrides, post
from tests.contract.test_provider_security import inside  # noqa: F401 - a fixture

pytestmark = pytest.mark.slow

DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
GBK_XML = '<?xml version="1.0" encoding="gbk"?><xml><Content>你好</Content></xml>'.encode("gbk")
WIDE_FORM = "&".join(f"k{i}=" for i in range(16_000)).encode()
DEEP_XML = b"<xml>" + b"<a>" * 50_000 + b"</a>" * 50_000 + b"</xml>"


@pytest.fixture
async def gateway(
    provider: Any, tmp_path: Path, var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    """The gateway with the default 1 MiB body limit: wide forms reach the adapters."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOTLINE_OCR_ENABLED", "false")
    settings = Settings(
        var_dir=var_dir,
        env="test",
        public_base_url=cases.PUBLIC,
        rate_limit_per_minute=100_000,
    )
    app = create_app(settings, channel_overrides=overrides(provider.base_url))
    async with served(app) as client:
        yield client, app


class Spy:
    """Counts what reached parsing, the pipeline and the inbox."""

    def __init__(self, app: Any, channel: str) -> None:
        services = app.state.services
        self.adapter: ChannelAdapter = services.adapters[channel]
        self.read_calls = 0
        self.handled = 0
        self.accepted = 0
        self.verify_threads: list[bool] = []
        read, handle, accept = self.adapter.read, services.pipeline.handle, services.inbox.accept
        verify = self.adapter.verify

        def spy_read(raw: RawRequest) -> Any:
            self.read_calls += 1
            return read(raw)

        def spy_verify(raw: RawRequest) -> None:
            self.verify_threads.append(threading.current_thread() is threading.main_thread())
            verify(raw)

        async def spy_handle(*a: Any, **kw: Any) -> Any:
            self.handled += 1
            return await handle(*a, **kw)

        async def spy_accept(*a: Any, **kw: Any) -> Any:
            self.accepted += 1
            return await accept(*a, **kw)

        self.adapter.read = spy_read
        self.adapter.verify = spy_verify
        services.pipeline.handle = spy_handle
        services.inbox.accept = spy_accept


def _case(name: str) -> Case:
    return next(c for c in CASES if c.id == name)


def _unsigned(name: str, body: bytes, **query: str) -> RawRequest:
    """A request with ``body`` whose signature is stripped (or its timestamp absurd)."""
    case = _case(name)
    base = case.text_request("你好", "1")
    raw = RawRequest(base.method, base.url, base.headers, {**base.query, **query}, body)
    return raw if query else case.strip_signature(raw)


# (channel, request) -> refused before parsing: 403, or 413 by the limits
UNSIGNED: list[tuple[str, str, Callable[[], RawRequest]]] = [
    ("wechat", "deep-json", lambda: _unsigned("wechat-aes", DEEP_JSON)),
    ("wechat", "gbk-xml", lambda: _unsigned("wechat-aes", GBK_XML)),
    ("wechat", "deep-xml", lambda: _unsigned("wechat-aes", DEEP_XML)),
    (
        "wechat",
        "400-digit-timestamp",
        lambda: _unsigned("wechat-aes", b"<xml/>", timestamp="9" * 400),
    ),
    ("wechat", "plaintext-with-aes-key", lambda: _plaintext_forgery()),
    ("weibo", "deep-json", lambda: _unsigned("weibo", DEEP_JSON)),
    ("weibo", "400-digit-timestamp", lambda: _unsigned("weibo", b"{}", timestamp="9" * 400)),
    ("telegram", "deep-json", lambda: _unsigned("telegram", DEEP_JSON)),
    ("sms", "wide-form", lambda: _unsigned("sms", WIDE_FORM)),
    ("voice", "wide-form", lambda: _unsigned("voice", WIDE_FORM)),
    ("sms", "wide-form-any-signature", lambda: _any_signature("sms")),
    ("voice", "wide-form-any-signature", lambda: _any_signature("voice")),
    ("sms", "deep-json", lambda: _unsigned("sms", DEEP_JSON)),
]


def _plaintext_forgery() -> RawRequest:
    """The issue's forgery: a genuine safe-mode query, a plaintext body."""
    xml = cases.wechat_xml("text", "<Content>你好</Content>", "31").encode()
    genuine = cases.wechat_aes_request(xml)
    query = {k: v for k, v in genuine.query.items() if k not in ("encrypt_type", "msg_signature")}
    forged = cases.wechat_xml("text", "<Content>伪造</Content>", "2", sender="o_any").encode()
    return RawRequest("POST", genuine.url, genuine.headers, query, forged)


def _any_signature(name: str) -> RawRequest:
    raw = _unsigned(name, WIDE_FORM)
    return RawRequest(raw.method, raw.url, {"x-twilio-signature": "any"}, raw.query, raw.body)


@pytest.mark.parametrize(
    ("channel", "make"), [(c, m) for c, _, m in UNSIGNED], ids=[f"{c}-{i}" for c, i, _ in UNSIGNED]
)
async def test_unsigned_hostile_bodies_are_refused_before_parsing(
    gateway: tuple[httpx.AsyncClient, Any], channel: str, make: Callable[[], RawRequest]
) -> None:
    client, app = gateway
    spy = Spy(app, channel)
    resp = await post(client, make())
    assert resp.status_code in (403, 413)
    assert spy.read_calls == 0
    assert (spy.handled, spy.accepted) == (0, 0)


def _wechat_signed(xml: str | bytes) -> RawRequest:
    body = xml.encode() if isinstance(xml, str) else xml
    return cases.wechat_aes_request(body)


def _weibo_signed(**change: Any) -> RawRequest:
    push = cases.weibo_push("text", "你好", {})
    push.update(change)
    return cases.weibo_request(cases.as_json(push))


def _telegram_signed(**message: Any) -> RawRequest:
    update = cases.telegram_update(8100, text="你好")
    update["message"].update(message)
    return cases.telegram_request(cases.as_json(update))


def _sms_signed(**change: str) -> RawRequest:
    pairs = [(k, change.get(k, v)) for k, v in cases.sms_pairs("你好", "H1")]
    return cases.twilio_signed("/webhooks/sms", pairs)


WX = "<xml><ToUserName>gh_12345</ToUserName><FromUserName>o1</FromUserName>{}</xml>"
# (channel, request) -> genuinely signed, malformed: a 4xx
SIGNED: list[tuple[str, str, Callable[[], RawRequest]]] = [
    (
        "wechat",
        "create-time-99999999999999",
        lambda: _wechat_signed(
            WX.format(
                "<CreateTime>99999999999999</CreateTime><MsgType>text</MsgType><Content>a</Content>"
            )
        ),
    ),
    ("wechat", "gbk-xml", lambda: _wechat_signed(GBK_XML)),
    (
        "wechat",
        "unknown-encoding",
        lambda: _wechat_signed(b'<?xml version="1.0" encoding="x-nonsense"?><xml/>'),
    ),
    ("wechat", "deep-json", lambda: _wechat_signed(b"{" + b'"a":' * 1 + DEEP_JSON + b"}")),
    ("wechat", "deep-xml", lambda: _wechat_signed(DEEP_XML)),
    (
        "wechat",
        "location-1e400",
        lambda: _wechat_signed(
            WX.format(
                "<MsgType>location</MsgType><Location_X>1e400</Location_X><Location_Y>1</Location_Y>"
            )
        ),
    ),
    (
        "wechat",
        "nul-in-sender",
        lambda: _wechat_signed(
            "<xml><FromUserName>o\x01</FromUserName><MsgType>text</MsgType></xml>"
        ),
    ),
    (
        "weibo",
        "created-at-9999",
        lambda: _weibo_signed(created_at="Fri Dec 31 23:59:59 -0800 9999"),
    ),
    ("weibo", "deep-json", lambda: cases.weibo_request(DEEP_JSON)),
    (
        "weibo",
        "position-1e400",
        lambda: _weibo_signed(type="position", data={"latitude": "1e400", "longitude": "1"}),
    ),
    ("weibo", "nan", lambda: cases.weibo_request(b'{"type": "text", "sender_id": NaN}')),
    ("telegram", "deep-json", lambda: cases.telegram_request(DEEP_JSON)),
    ("telegram", "date-1e20", lambda: _telegram_signed(date=10**20)),
    (
        "telegram",
        "chat-id-400-digits",
        lambda: _telegram_signed(chat={"id": 10**400, "type": "private"}),
    ),
    ("sms", "num-media-400-digits", lambda: _sms_signed(NumMedia="9" * 400)),
    ("sms", "nul-in-from", lambda: _sms_signed(From="+86138\x00")),
    (
        "voice",
        "duration-1e400",
        lambda: cases.voice_signed(
            "recording", 1, RecordingUrl="https://api.twilio.com/x", RecordingDuration="1e400"
        ),
    ),
    (
        "voice",
        "confidence-nan",
        lambda: cases.voice_signed("gather", 2, SpeechResult="你好", Confidence="nan"),
    ),
    ("voice", "step-400-digits", lambda: _voice_step("9" * 400)),
]


def _voice_step(step: str) -> RawRequest:
    return cases.twilio_signed(
        "/webhooks/voice/gather", cases.voice_pairs(SpeechResult="你好"), query=f"step={step}"
    )


@pytest.mark.parametrize(
    ("channel", "make"), [(c, m) for c, _, m in SIGNED], ids=[f"{c}-{i}" for c, i, _ in SIGNED]
)
async def test_signed_malformed_bodies_are_4xx_and_store_nothing(
    gateway: tuple[httpx.AsyncClient, Any], channel: str, make: Callable[[], RawRequest]
) -> None:
    client, app = gateway
    spy = Spy(app, channel)
    resp = await post(client, make())
    assert 400 <= resp.status_code < 500, resp.text
    assert (spy.handled, spy.accepted) == (0, 0)


# -- 3. the 16,000-field form must not freeze the gateway -----------------------------------
async def _loop_lag(stop: asyncio.Event, lags: list[float], tick: float = 0.01) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(tick)
        lags.append(time.perf_counter() - start - tick)


@pytest.mark.parametrize("channel", ["sms", "voice"])
async def test_a_wide_form_never_blocks_the_loop_and_healthz_answers(
    gateway: tuple[httpx.AsyncClient, Any], channel: str
) -> None:
    client, app = gateway
    spy = Spy(app, channel)
    assert (await client.get("/healthz")).status_code == 200  # warm: connections opened
    await post(client, _any_signature(channel))  # warm: first request through the app
    stop, lags = asyncio.Event(), list[float]()
    probe = asyncio.create_task(_loop_lag(stop, lags))

    async def health() -> list[int]:
        codes = []
        for _ in range(5):
            codes.append((await client.get("/healthz")).status_code)
        return codes

    forms = asyncio.gather(*(post(client, _any_signature(channel)) for _ in range(3)))
    answers, codes = await asyncio.gather(forms, health())
    stop.set()
    await probe
    assert [r.status_code for r in answers] == [413, 413, 413]
    assert codes == [200] * 5
    assert spy.read_calls == 0
    assert max(lags) < 0.2  # the event loop was never held for 200 ms


async def test_a_large_signed_body_is_checked_off_the_loop(
    gateway: tuple[httpx.AsyncClient, Any],
) -> None:
    client, app = gateway
    spy = Spy(app, "sms")
    resp = await post(client, _sms_signed(Body="长" * 1000))  # about 9 KB percent-encoded
    assert resp.status_code == 200
    assert spy.verify_threads == [False]  # verified in a worker thread
    small = await post(client, _sms_signed(Body="你好", MessageSid="SMsmall"))
    assert small.status_code == 200
    assert spy.verify_threads == [False, True]


# -- 2. another citizen reusing a message id ------------------------------------------------
GATEWAY_CASES = [c for c in CASES if c.id != "wechat" and c.from_sender is not None]
OTHER = {"telegram": "5151", "weibo": "3000000001", "wechat-aes": "oCitizen2"}


@pytest.mark.parametrize("case", GATEWAY_CASES, ids=[c.id for c in GATEWAY_CASES])
async def test_another_citizens_reused_id_gets_its_own_processing(
    gateway: tuple[httpx.AsyncClient, Any], case: Case
) -> None:
    from gateway import metrics

    client, _ = gateway
    name = case.id.split("-")[0]
    assert case.from_sender is not None
    processed = metrics.MESSAGES.labels(name, "processed")
    duplicate = metrics.MESSAGES.labels(name, "duplicate")
    before, dup_before = processed._value.get(), duplicate._value.get()
    first = await post(client, case.text_request("我家楼下的路灯坏了", "6161"))
    assert first.status_code == 200
    other = OTHER.get(case.id, "+8613900139000")
    second = await post(client, case.from_sender("我想查询工单进度", "6161", other))
    assert second.status_code == 200
    assert processed._value.get() == before + 2
    assert duplicate._value.get() == dup_before


# -- 4. a signed picture pointing inside ----------------------------------------------------
async def test_a_signed_picture_url_to_loopback_is_never_fetched(
    gateway: tuple[httpx.AsyncClient, Any],
    inside: list[str],  # noqa: F811
) -> None:
    client, _ = gateway
    xml = cases.wechat_xml(
        "image", f"<PicUrl>{inside[0]}/x</PicUrl><MediaId></MediaId>", "7101", sender="oPic"
    )
    resp = await post(client, cases.wechat_aes_request(xml.encode()))
    assert resp.status_code == 200
    await asyncio.sleep(0.2)
    assert inside[1:] == []


def test_matrix_covers_every_webhook_channel() -> None:
    names = {c.id.split("-")[0] for c in CASES}
    assert {c for c, _, _ in UNSIGNED} == names
    assert {c for c, _, _ in SIGNED} == names
    assert json.dumps(sorted(names))
