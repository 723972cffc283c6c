"""trial5 F25: a signed SMS whose ``MediaUrl0`` points inside (``http://169.254.169.254/…``)
or at a file was not fetched (good), yet the citizen was told 「已收到附件1个。」. A refused
media URL is ``MediaRefused``: nothing kept, counted in ``hotline_media_refused_total``,
and the citizen told honestly that the attachment was not received."""

from __future__ import annotations

from typing import Any

import defusedxml.ElementTree as ET
import httpx
import pytest

from gateway.metrics import REGISTRY
from tests.contract import cases
from tests.contract.conftest import FakeProvider
from tests.contract.test_gateway_webhooks import gateway, post

__all__ = ["gateway"]


def _refused() -> float:
    return REGISTRY.get_sample_value("hotline_media_refused_total", {"channel": "sms"}) or 0.0


def _texts(resp: httpx.Response) -> str:
    return "".join(m.text or "" for m in ET.fromstring(resp.content).iter("Message"))


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "https://evil.example.com/Media/ME1.jpg",  # not Twilio's host
        "https://api.twilio.com.evil.example/2010-04-01/Media/ME1",
    ],
)
async def test_a_refused_media_url_is_not_called_received(
    gateway: tuple[httpx.AsyncClient, Any], provider: FakeProvider, url: str
) -> None:
    client, _ = gateway
    first = cases.twilio_signed(
        "/webhooks/sms", cases.sms_pairs("小区门口的路灯坏了一个多月了", "R1")
    )
    assert (await post(client, first)).status_code == 200
    before = _refused()
    sent = len(provider.requests)
    media = cases.twilio_signed(
        "/webhooks/sms", cases.sms_pairs("照片", "R2", media=[(url, "image/jpeg")])
    )
    resp = await post(client, media)
    assert resp.status_code == 200
    said = _texts(resp)
    assert "已收到" not in said or "附件" not in said, said
    assert "未能接收" in said, said
    assert _refused() == before + 1
    assert len(provider.requests) == sent  # nothing fetched, nothing sent to fetch it
