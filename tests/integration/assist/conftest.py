"""One real gateway (real NLU and knowledge base) for the assist and inspection tests."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from twilio.request_validator import RequestValidator

from gateway.assist.router import stream_url
from tests.integration.console.harness import ADMIN_PASSWORD, Live, live_gateway

from .speech import KnownTextEngine, synthesise

AUTH_TOKEN = "assist-test-auth-token-0123456789"
CITIZEN_SENTENCES = [
    "我家在牡丹区西城街道阳光小区",
    "小区门口的路灯坏了一个多星期了，晚上走路很不安全，我的电话是13853001234",
]
AGENT_SENTENCES = [
    "您好，菏泽12345热线，请讲",
    "好的，已经为您登记，感谢您的来电，再见",
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("assist")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    old = os.environ.get("HOTLINE_TWILIO_AUTH_TOKEN")
    os.environ["HOTLINE_TWILIO_AUTH_TOKEN"] = AUTH_TOKEN
    try:
        with live_gateway(tmp, f"sqlite:///{tmp / 'hotline.db'}", port, real_nlu=True) as gw:
            yield gw
    finally:
        if old is None:
            os.environ.pop("HOTLINE_TWILIO_AUTH_TOKEN", None)
        else:
            os.environ["HOTLINE_TWILIO_AUTH_TOKEN"] = old


@pytest.fixture(scope="module")
def voices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[bytes]]:
    """The citizen's and the agent's sentences, spoken (μ-law 8 kHz)."""
    folder = tmp_path_factory.mktemp("speech")
    return {
        "citizen": [synthesise(t, folder) for t in CITIZEN_SENTENCES],
        "agent": [synthesise(t, folder) for t in AGENT_SENTENCES],
    }


@pytest.fixture
def engine(live: Live) -> KnownTextEngine:
    """The recognizer double behind the interface, for this test only."""
    double = KnownTextEngine([list(CITIZEN_SENTENCES), list(AGENT_SENTENCES)])
    assist = live.services.extras.get("assist")
    if assist is not None:
        assist.engine = double
    live.services.extras["asr_engine"] = double
    return double


def signed_headers(live: Live) -> dict[str, str]:
    url = stream_url(live.base_url)
    return {"X-Twilio-Signature": RequestValidator(AUTH_TOKEN).compute_signature(url, {})}


def ws_url(live: Live) -> str:
    return stream_url(live.base_url)


def admin_client(live: Live) -> httpx.Client:
    client = httpx.Client(base_url=live.base_url, timeout=20)
    r = client.post("/api/agent/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    r.raise_for_status()
    return client


def make_agent(live: Live, client: httpx.Client, name: str, password: str) -> httpx.Client:
    r = client.post(
        "/api/agent/agents",
        json={"username": name, "display_name": name, "role": "agent", "password": password},
    )
    assert r.status_code in (201, 409)
    other = httpx.Client(base_url=live.base_url, timeout=20)
    r = other.post("/api/agent/login", json={"username": name, "password": password})
    r.raise_for_status()
    return other


__all__ = ["ADMIN_PASSWORD", "Path"]
