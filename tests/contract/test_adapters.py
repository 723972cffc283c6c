"""The contract every channel adapter keeps, run over every adapter (see cases.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from channels import outbound
from channels.base import ChannelAdapter
from channels.errors import PayloadError, SendError, VerificationError
from channels.messages import QuickReply
from tests.contract.cases import CASES, Case, outbound_for
from tests.contract.conftest import FakeProvider

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>
<Content>&lol3;</Content><MsgId>1</MsgId></xml>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>
<Content>&xxe;</Content><MsgId>1</MsgId></xml>"""
GARBAGE = [b"", b"<xml", b"not xml at all", b"{", b"[1, 2]", b"\xff\xfe\x00", BILLION_LAUGHS, XXE]


@pytest.fixture(params=CASES, ids=lambda c: c.id)
def case(request: pytest.FixtureRequest) -> Case:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
async def adapter(case: Case, provider: FakeProvider) -> AsyncIterator[ChannelAdapter]:
    built = case.build(provider.base_url)
    yield built
    await built.aclose()


def test_genuine_request_parses(case: Case, adapter: ChannelAdapter) -> None:
    request = case.text_request("小区路灯坏了三天", "1001")
    assert adapter.handshake(request) is None
    adapter.verify(request)
    messages = adapter.parse(request)
    assert len(messages) == 1
    msg = messages[0]
    assert msg.channel == adapter.name
    assert msg.text == "小区路灯坏了三天"
    assert msg.sender
    assert msg.received_at.utcoffset() is not None


def test_forged_signature_is_refused(case: Case, adapter: ChannelAdapter) -> None:
    with pytest.raises(VerificationError):
        adapter.verify(case.forge(case.text_request("你好", "1002")))


def test_missing_signature_is_refused(case: Case, adapter: ChannelAdapter) -> None:
    with pytest.raises(VerificationError):
        adapter.verify(case.strip_signature(case.text_request("你好", "1003")))


def test_provider_retries_collide(case: Case, adapter: ChannelAdapter) -> None:
    first = case.text_request("噪音扰民", "2001")
    again = case.text_request("噪音扰民", "2001")  # the provider's retry, signed afresh
    other = case.text_request("噪音扰民", "2002")
    for req in (first, again, other):
        adapter.verify(req)
    key = adapter.parse(first)[0].dedup_key
    assert adapter.parse(again)[0].dedup_key == key
    assert adapter.parse(other)[0].dedup_key != key


@pytest.mark.parametrize("body", GARBAGE, ids=range(len(GARBAGE)))
def test_malformed_body_is_a_clear_4xx(case: Case, adapter: ChannelAdapter, body: bytes) -> None:
    if case.signed_body is None:
        pytest.skip(f"{case.id}: the provider signs parameters, not a body")
    request = case.signed_body(body)
    status: int | None = None
    result: list[object] = []
    try:
        adapter.verify(request)
        result = list(adapter.parse(request))
    except PayloadError as exc:
        status = exc.status_code
    except VerificationError:
        status = 403  # e.g. an envelope that cannot be decrypted
    if status is None:
        assert result == []  # politely ignored
    else:
        assert 400 <= status < 500


def test_oversize_text_is_413(case: Case, adapter: ChannelAdapter) -> None:
    request = case.text_request("长" * (outbound.MAX_INBOUND_TEXT + 1), "3001")
    adapter.verify(request)
    with pytest.raises(PayloadError) as info:
        adapter.parse(request)
    assert info.value.status_code == 413


def test_acknowledge_without_replies_is_2xx(case: Case, adapter: ChannelAdapter) -> None:
    request = case.text_request("你好", "4001")
    messages = adapter.parse(request)
    response = adapter.acknowledge(request, messages, [])
    assert 200 <= response.status < 300


async def test_send_reaches_the_provider(
    case: Case, adapter: ChannelAdapter, provider: FakeProvider
) -> None:
    await adapter.send(outbound_for(case, "您好，您反映的问题已转交承办单位。"))
    calls = provider.calls(case.send_suffix)
    assert len(calls) == 1
    assert "已转交承办单位" in _decoded(calls[0].body)


async def test_send_degrades_buttons_and_splits(
    case: Case, adapter: ChannelAdapter, provider: FakeProvider
) -> None:
    sentence = "您反映的占道经营问题已由城市管理部门受理"
    limit = adapter.capabilities.max_text_length
    if case.one_message_per_reply:
        limit = max(limit, 1600)  # past Twilio's concatenation limit
    repeat = int(limit * 1.5) // len(sentence) + 1
    long_text = "。".join([sentence] * repeat)
    message = outbound_for(case, long_text).model_copy(
        update={"quick_replies": (QuickReply(title="满意", payload="1"),)}
    )
    await adapter.send(message)
    bodies = [_decoded(c.body) for c in provider.calls(case.send_suffix)]
    if case.one_message_per_reply:
        (body,) = bodies  # Twilio concatenates one body; separate SMS arrive out of order
        assert "1. 满意" in body
        assert "节选" in body
    else:
        assert len(bodies) > 1
        assert "满意" in "".join(bodies)


@pytest.mark.parametrize(
    ("status", "retryable"), [(500, True), (502, True), (503, True), (429, True), (400, False)]
)
async def test_send_failure_status(
    case: Case, adapter: ChannelAdapter, provider: FakeProvider, status: int, retryable: bool
) -> None:
    provider.script(case.send_suffix, status=status, json_body={"error": "x"})
    with pytest.raises(SendError) as info:
        await adapter.send(outbound_for(case))
    assert info.value.retryable is retryable


async def test_send_timeout_is_retryable(
    case: Case, adapter: ChannelAdapter, provider: FakeProvider
) -> None:
    provider.script(case.send_suffix, json_body={"ok": True}, delay=2.0)
    with pytest.raises(SendError) as info:
        await adapter.send(outbound_for(case))
    assert info.value.retryable


async def test_unreachable_provider_is_retryable(case: Case) -> None:
    adapter = case.build("http://127.0.0.1:9")  # discard port: connection refused
    try:
        with pytest.raises(SendError) as info:
            await adapter.send(outbound_for(case))
        assert info.value.retryable
    finally:
        await adapter.aclose()


async def test_media_is_fetched(
    case: Case, adapter: ChannelAdapter, provider: FakeProvider
) -> None:
    if case.media_request is None:
        pytest.skip(f"{case.id} has no media")
    request = case.media_request(provider.base_url)
    adapter.verify(request)
    (msg,) = adapter.parse(request)
    (att,) = msg.attachments
    data = await adapter.fetch_media(att.source_id, att.source_url)
    assert data.startswith(b"\xff\xd8\xff")
    assert provider.calls(case.media_suffix)


async def test_media_fetch_failure_is_retryable(
    case: Case, adapter: ChannelAdapter, provider: FakeProvider
) -> None:
    if case.media_request is None:
        pytest.skip(f"{case.id} has no media")
    provider.script(case.media_suffix, status=503, body=b"busy")
    request = case.media_request(provider.base_url)
    (msg,) = adapter.parse(request)
    (att,) = msg.attachments
    with pytest.raises(SendError) as info:
        await adapter.fetch_media(att.source_id, att.source_url)
    assert info.value.retryable


def _decoded(body: bytes) -> str:
    """A request body as text, URL-decoding form bodies and JSON escapes."""
    import json
    from urllib.parse import unquote_plus

    text = body.decode("utf-8", errors="replace")
    text = unquote_plus(unquote_plus(text))
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


async def test_oversize_media_is_refused_while_streaming(
    case: Case, adapter: ChannelAdapter, provider: FakeProvider
) -> None:
    if case.media_request is None:
        pytest.skip(f"{case.id} has no media")
    adapter.settings.max_media_bytes = 2048  # type: ignore[attr-defined]
    provider.script(
        case.media_suffix, body=b"\xff\xd8\xff" + b"\x00" * 10_000, content_type="image/jpeg"
    )
    (msg,) = adapter.parse(case.media_request(provider.base_url))
    (att,) = msg.attachments
    with pytest.raises(SendError) as info:
        await adapter.fetch_media(att.source_id, att.source_url)
    assert not info.value.retryable


def test_every_shared_vector_is_exercised() -> None:
    """A vector added to ../shared/vectors without a test here fails this test."""
    from pathlib import Path

    from tests.contract.conftest import VECTORS

    if not VECTORS.is_dir():
        pytest.fail(f"shared vectors not found at {VECTORS}")
    here = Path(__file__).parent
    sources = "\n".join(p.read_text(encoding="utf-8") for p in here.glob("test_*.py"))
    files = [p for p in VECTORS.rglob("*") if p.is_file() and p.name != "README.md"]
    assert files
    missing = [str(p.relative_to(VECTORS)) for p in files if p.name not in sources]
    assert missing == []
