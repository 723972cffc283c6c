"""Weibo fan service against the shared vectors (the documented protocol, no SDK)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, unquote

import pytest

from channels.base import RawRequest
from channels.errors import PayloadError, SendError, VerificationError
from channels.messages import AttachmentKind, MessageKind, OutboundMessage
from channels.weibo import WeiboAdapter, WeiboSettings
from channels.weibo.adapter import encode_data, parse_created_at
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import WEIBO_UID, as_json, weibo_build, weibo_push, weibo_request
from tests.contract.conftest import VECTORS, FakeProvider

W = VECTORS / "weibo"
SIG = json.loads((W / "signature_vector.json").read_text())


adapter = adapter_fixture(WeiboAdapter, weibo_build)


def _vector_adapter() -> WeiboAdapter:
    clock = int(SIG["timestamp"]) / 1000.0
    return WeiboAdapter(
        WeiboSettings(app_secret=SIG["appsecret"], access_token="t"), clock=lambda: clock
    )


def _vector_query(**extra: str) -> dict[str, str]:
    return {
        "signature": SIG["expected_signature"],
        "timestamp": SIG["timestamp"],
        "nonce": SIG["nonce"],
        **extra,
    }


def test_signature_vector_and_echostr() -> None:
    adapter = _vector_adapter()
    request = RawRequest("GET", "u", {}, _vector_query(echostr="hello-weibo"))
    response = adapter.handshake(request)
    assert response is not None
    assert response.body == b"hello-weibo"
    forged = RawRequest("GET", "u", {}, _vector_query(echostr="x", signature="0" * 40))
    assert adapter.handshake(forged) is None
    with pytest.raises(VerificationError):
        adapter.verify(forged)


def test_signature_timestamp_is_milliseconds_and_replays_are_refused() -> None:
    late = int(SIG["timestamp"]) / 1000.0 + 3600
    adapter = WeiboAdapter(
        WeiboSettings(app_secret=SIG["appsecret"], access_token="t"), clock=lambda: late
    )
    with pytest.raises(VerificationError):
        adapter.verify(RawRequest("POST", "u", {}, _vector_query(), b"{}"))


def _push(name: str) -> list:  # type: ignore[type-arg]
    adapter = _vector_adapter()
    request = RawRequest("POST", "u", {}, _vector_query(), (W / name).read_bytes())
    adapter.verify(request)
    return adapter.parse(request)


def test_vector_text() -> None:
    (msg,) = _push("text.json")
    assert (msg.kind, msg.text, msg.sender, msg.account) == (
        MessageKind.TEXT,
        "the content of a general message",
        "2489518277",
        "1902538057",
    )
    assert msg.received_at.isoformat() == "2012-07-16T10:09:20+00:00"
    assert msg.external_id.startswith("2489518277:1342433360:text:")


def test_vector_position() -> None:
    (msg,) = _push("position.json")
    assert msg.kind is MessageKind.LOCATION
    assert msg.location is not None
    assert (msg.location.latitude, msg.location.longitude) == (39.982525, 116.308586)


def test_vector_image_receive_variant() -> None:
    (msg,) = _push("image_receive_api_variant.json")
    assert msg.kind is MessageKind.IMAGE
    assert msg.attachments[0].kind is AttachmentKind.IMAGE
    assert msg.attachments[0].source_id == "821804469"  # tovfid: the receiver's copy
    assert msg.account == "1902538057"


@pytest.mark.parametrize(
    ("name", "event"), [("event_follow.json", "follow"), ("event_subscribe.json", "subscribe")]
)
def test_vector_events(name: str, event: str) -> None:
    (msg,) = _push(name)
    assert msg.kind is MessageKind.EVENT
    assert msg.event == event


def test_vector_generic_event_template_is_ignored() -> None:
    assert _push("event_generic_click_template.json") == []


def test_voice_and_click(adapter: WeiboAdapter) -> None:
    voice = adapter.parse(weibo_request(as_json(weibo_push("voice", "", {"tovfid": 99}))))[0]
    assert voice.attachments[0].kind is AttachmentKind.AUDIO
    click = adapter.parse(
        weibo_request(as_json(weibo_push("event", "", {"subtype": "click", "key": "PROGRESS"})))
    )[0]
    assert click.event == "click:PROGRESS"


def test_retries_collide_and_different_texts_do_not(adapter: WeiboAdapter) -> None:
    push = weibo_push("text", "路灯坏了", {})
    a = adapter.parse(weibo_request(as_json(push)))[0]
    b = adapter.parse(weibo_request(as_json(push)))[0]  # a retry: new signature, same push
    c = adapter.parse(weibo_request(as_json(dict(push, text="井盖丢了"))))[0]
    assert a.dedup_key == b.dedup_key
    assert a.dedup_key != c.dedup_key


def test_bad_created_at_is_400(adapter: WeiboAdapter) -> None:
    push = dict(weibo_push("text", "x", {}), created_at="yesterday")
    with pytest.raises(PayloadError):
        adapter.parse(weibo_request(as_json(push)))
    assert parse_created_at("Mon Jul 16 18:09:20 +0800 2012").hour == 10


def test_reply_data_matches_the_vector() -> None:
    vector = json.loads((W / "reply_api_example.json").read_text())
    assert encode_data("纯文本回复") == vector["form"]["data"]
    assert unquote(vector["form"]["data"]) == vector["data_decoded"]


def test_passive_reply_shape(adapter: WeiboAdapter) -> None:
    vector = json.loads((W / "reply_api_example.json").read_text())
    request = weibo_request(as_json(weibo_push("text", "咨询", {})))
    messages = adapter.parse(request)
    reply = OutboundMessage(channel="weibo", recipient=WEIBO_UID, text="您好，已收到。")
    body = json.loads(adapter.acknowledge(request, messages, [reply]).body)
    assert set(body) == set(vector["passive_reply_shape_from_meowtec_fanserve_py"])
    assert body["receiver_id"] == WEIBO_UID
    assert body["sender_id"] == "1902538057"
    assert json.loads(unquote(body["data"])) == {"text": "您好，已收到。"}


async def test_push_form_and_errors(adapter: WeiboAdapter, provider: FakeProvider) -> None:
    await adapter.send(OutboundMessage(channel="weibo", recipient=WEIBO_UID, text="纯文本回复"))
    (call,) = provider.calls("/messages/reply.json")
    form = dict(parse_qsl(call.body.decode()))
    assert call.query["access_token"] == "weibo-access"
    assert form["receiver_id"] == WEIBO_UID
    assert form["type"] == "text"
    assert form["data"] == encode_data("纯文本回复")
    provider.script("/messages/reply.json", json_body={"error_code": 21602, "error": "repeated"})
    with pytest.raises(SendError) as info:
        await adapter.send(OutboundMessage(channel="weibo", recipient=WEIBO_UID, text="x"))
    assert not info.value.retryable
    provider.script("/messages/reply.json", json_body={"error_code": 10023, "error": "rate"})
    with pytest.raises(SendError) as info:
        await adapter.send(OutboundMessage(channel="weibo", recipient=WEIBO_UID, text="x"))
    assert info.value.retryable
