"""trial5 F22: a 405 names every method of its path in ``Allow`` (RFC 9110 §15.5.6):
Open311 answered 405 without ``Allow``; ``/webhooks/sms`` (one route per method) said
``Allow: GET`` and left out POST."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from starlette.testclient import TestClient

from config.settings import Settings
from gateway.app import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    settings = Settings(env="test")
    app = create_app(settings, services=SimpleNamespace(settings=settings))  # type: ignore[arg-type]
    return TestClient(app, raise_server_exceptions=False)


def _allow(header: str) -> set[str]:
    return {m.strip() for m in header.split(",") if m.strip()}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("TRACE", "/open311/v2/services.json", {"GET"}),
        ("DELETE", "/open311/v2/services.xml", {"GET"}),
        ("PUT", "/open311/v2/requests.json", {"GET", "POST"}),
        ("OPTIONS", "/webhooks/sms", {"GET", "POST"}),
        ("PATCH", "/webhooks/telegram", {"GET", "POST"}),
        ("DELETE", "/healthz", {"GET"}),
        ("GET", "/api/progress", {"POST"}),
    ],
)
def test_a_405_names_every_method_of_its_path(
    client: TestClient, method: str, path: str, allow: set[str]
) -> None:
    r = client.request(method, path)
    assert r.status_code == 405
    assert _allow(r.headers.get("allow", "")) == allow
