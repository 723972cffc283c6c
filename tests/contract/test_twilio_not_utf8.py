"""trial11 N12: an SMS form whose %-escapes are not UTF-8 (``Body=%ff%fe``), signed over
the fields as read, was answered 200 with the welcome menu and stored as a console turn
「��」 (U+FFFD) under ``sms::+86139``. Like Open311 (docs/casebridge.md), a form field
that does not decode as UTF-8 is a 400 before anything is stored, on every form channel
(SMS, the phone line)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from twilio.request_validator import RequestValidator

from channels.base import RawRequest
from tests.contract import cases
from tests.contract.test_gateway_webhooks import gateway, post

__all__ = ["gateway"]

pytestmark = pytest.mark.slow


def _signed_raw(path: str, body: str) -> RawRequest:
    """``body`` as sent, signed over its fields as a lenient reader decodes them."""
    url = f"{cases.PUBLIC}{path}"
    params = dict(parse_qsl(body, keep_blank_values=True))  # U+FFFD where not UTF-8
    signature = RequestValidator(cases.TWILIO_TOKEN).compute_signature(url, params)
    headers = {
        "x-twilio-signature": signature,
        "content-type": "application/x-www-form-urlencoded",
    }
    return RawRequest("POST", url, headers, {}, body.encode("ascii"))


def _processed(channel: str) -> float:
    from gateway import metrics

    return float(metrics.MESSAGES.labels(channel, "processed")._value.get())


@pytest.mark.parametrize(
    "body",
    [
        "MessageSid=SM1&From=%2B86139&Body=%ff%fe",  # the trial's form: no To
        "MessageSid=SM2&From=%2B8613953001234&To=%2B10000000000&Body=%e8%b7%af%ff",
        "MessageSid=SM3&From=%2B8613953001234&Body=%C0%AF%E7%81%AF",  # overlong slash
        "MessageSid=SM4&From=%ed%a0%80&Body=%E8%B7%AF%E7%81%AF",  # a surrogate as sender
    ],
)
async def test_an_sms_that_is_not_utf8_is_400_and_kept_nowhere(
    gateway: tuple[httpx.AsyncClient, Any], body: str
) -> None:
    client, _ = gateway
    before = _processed("sms")
    resp = await post(client, _signed_raw("/webhooks/sms", body))
    assert resp.status_code == 400, resp.text
    assert _processed("sms") == before


async def test_a_voice_form_that_is_not_utf8_is_400(
    gateway: tuple[httpx.AsyncClient, Any],
) -> None:
    client, _ = gateway
    body = "CallSid=CA1&From=%2B8613953001234&SpeechResult=%ff%fe&Confidence=0.9"
    resp = await post(client, _signed_raw("/webhooks/voice/gather", body))
    assert resp.status_code == 400, resp.text


async def test_a_utf8_sms_is_still_read(gateway: tuple[httpx.AsyncClient, Any]) -> None:
    client, _ = gateway
    before = _processed("sms")
    body = "MessageSid=SM9&From=%2B8613953001234&To=%2B10000000000&Body=%E4%BD%A0%E5%A5%BD"
    resp = await post(client, _signed_raw("/webhooks/sms", body))
    assert resp.status_code == 200, resp.text
    assert _processed("sms") == before + 1
