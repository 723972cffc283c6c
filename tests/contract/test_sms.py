"""Twilio SMS/MMS against the shared vectors, with twilio's RequestValidator as the signer."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qsl, urlencode, urlparse

import pytest

from channels.base import RawRequest
from channels.errors import VerificationError
from channels.messages import AttachmentKind, MessageKind, OutboundMessage, QuickReply
from channels.sms import SmsAdapter, TwilioSettings
from channels.sms.adapter import segment_limit
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import (
    CITIZEN_PHONE,
    OUR_NUMBER,
    TWILIO_SID,
    TWILIO_TOKEN,
    sms_build,
    sms_pairs,
    twilio_signed,
)
from tests.contract.conftest import VECTORS, FakeProvider, local_gate

T = VECTORS / "twilio"
VALIDATOR = json.loads((T / "request_validator_vectors.json").read_text())
BASIC = VALIDATOR["vectors"][0]["params"]


def _vector_adapter() -> SmsAdapter:
    return SmsAdapter(TwilioSettings(account_sid="AC1", auth_token=VALIDATOR["auth_token"]))


def _request(url: str, pairs: list[tuple[str, str]], signature: str) -> RawRequest:
    query = dict(parse_qsl(urlparse(url).query))
    return RawRequest(
        "POST", url, {"x-twilio-signature": signature}, query, urlencode(pairs).encode()
    )


adapter = adapter_fixture(SmsAdapter, sms_build)


@pytest.mark.parametrize("index", [0, 2, 3, 4, 5])
def test_validator_vectors_pass(index: int) -> None:
    v = VALIDATOR["vectors"][index]
    adapter = _vector_adapter()
    adapter.verify(_request(v["url"], list(BASIC.items()), v["expected_signature"]))


def test_validator_repeated_keys_vector() -> None:
    v = VALIDATOR["vectors"][1]
    pairs = [(k, val) for k, val in v["params_multi"]]
    _vector_adapter().verify(_request(v["url"], pairs, v["expected_signature"]))


def test_validator_json_body_vector() -> None:
    v = VALIDATOR["vectors"][6]
    query = dict(parse_qsl(urlparse(v["url"]).query))
    request = RawRequest(
        "POST", v["url"], {"x-twilio-signature": v["expected_signature"]}, query, v["body"].encode()
    )
    _vector_adapter().verify(request)
    tampered = RawRequest("POST", v["url"], request.headers, query, v["body"].encode() + b" ")
    with pytest.raises(VerificationError):
        _vector_adapter().verify(tampered)


@pytest.mark.parametrize(
    "mutate",
    ["http_behind_proxy", "query_dropped", "param_missing"],
)
def test_validator_negative_checks(mutate: str) -> None:
    v = VALIDATOR["vectors"][0]
    url, pairs = v["url"], list(BASIC.items())
    if mutate == "http_behind_proxy":
        url = url.replace("https://", "http://")
    elif mutate == "query_dropped":
        url = url.split("?")[0]
    else:
        pairs = pairs[1:]
    with pytest.raises(VerificationError):
        _vector_adapter().verify(_request(url, pairs, v["expected_signature"]))


def test_webhook_parameter_names_are_read() -> None:
    names = json.loads((T / "webhook_param_names.json").read_text())["sms_mms_inbound_form_fields"]
    assert {
        "MessageSid",
        "From",
        "To",
        "Body",
        "NumMedia",
        "MediaContentType{N}",
        "MediaUrl{N}",
    } <= set(names)


def test_mms_media_become_attachments(adapter: SmsAdapter) -> None:
    media = [
        ("https://api.twilio.com/M/ME1", "image/jpeg"),
        ("https://api.twilio.com/M/ME2", "video/mp4"),
    ]
    request = twilio_signed("/webhooks/sms", sms_pairs("见附图", "X1", media))
    adapter.verify(request)
    (msg,) = adapter.parse(request)
    assert msg.kind is MessageKind.IMAGE
    assert [a.kind for a in msg.attachments] == [AttachmentKind.IMAGE, AttachmentKind.VIDEO]
    assert msg.attachments[0].source_url == media[0][0]
    assert msg.contact_phone == CITIZEN_PHONE
    assert msg.external_id == "SMX1"


def test_empty_ack_and_reply_twiml_match_the_vectors(adapter: SmsAdapter) -> None:
    expected = json.loads((T / "twiml_expected.json").read_text())
    request = twilio_signed("/webhooks/sms", sms_pairs("查询", "X2"))
    messages = adapter.parse(request)
    assert (
        adapter.acknowledge(request, messages, []).body.decode() == expected["messaging_empty_ack"]
    )
    reply = OutboundMessage(
        channel="sms", recipient=CITIZEN_PHONE, text="已收到您的诉求，工单号 123"
    )
    assert (
        adapter.acknowledge(request, messages, [reply]).body.decode() == expected["messaging_reply"]
    )


def test_long_chinese_reply_is_one_message_with_its_option(adapter: SmsAdapter) -> None:
    text = (
        "您好，您反映的小区供暖不热问题已转交市住房和城乡建设局办理，承办单位将在五个工作日内与您联系，请保持电话畅通。"
        * 3
    )
    reply = OutboundMessage(
        channel="sms",
        recipient=CITIZEN_PHONE,
        text=text,
        quick_replies=(QuickReply(title="满意", payload="y"),),
    )
    (body,) = adapter.degrade(reply)
    assert body == text + "\n1. 满意"  # 170 characters: three UCS-2 segments, one message
    assert adapter.segments(reply).segments == 3
    assert segment_limit("Your case 123 is closed.") == 160


async def test_rest_send_uses_basic_auth_and_numbers(
    adapter: SmsAdapter, provider: FakeProvider
) -> None:
    await adapter.send(
        OutboundMessage(channel="sms", recipient=CITIZEN_PHONE, text="您的工单已办结。")
    )
    (call,) = provider.calls("/Messages.json")
    assert call.path == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    assert dict(parse_qsl(call.body.decode())) == {
        "To": CITIZEN_PHONE,
        "Body": "您的工单已办结。",
        "From": OUR_NUMBER,
    }
    expected = base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
    assert call.headers["authorization"] == f"Basic {expected}"


async def test_media_fetch_sends_credentials_and_follows_redirect(
    adapter: SmsAdapter, provider: FakeProvider
) -> None:
    # Twilio answers the media URL with a redirect to its CDN: another origin
    cdn = provider.base_url.replace("127.0.0.1", "localhost") + "/cdn/media/one.jpg"
    provider.script("/Media/ME9", status=307, content_type="text/plain", headers={"Location": cdn})
    adapter.bind(url_gate=local_gate())  # the redirect leaves the API: through the URL policy
    data = await adapter.fetch_media("ME9", provider.base_url + "/x/Media/ME9")
    assert data.startswith(b"\xff\xd8")
    assert provider.calls("/Media/ME9")[0].headers["authorization"].startswith("Basic ")
    assert "authorization" not in provider.calls("/cdn/media/one.jpg")[0].headers
