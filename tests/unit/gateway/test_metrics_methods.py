"""``hotline_http_requests_total`` keeps a bounded label set: a client that sends invented
method tokens (``FOO1``, ``FOO2`` …) is counted under ``OTHER``, so it cannot grow the
``/metrics`` scrape (and Prometheus's memory) without end."""

from __future__ import annotations

from types import SimpleNamespace

from prometheus_client import generate_latest
from starlette.testclient import TestClient

from config.settings import Settings
from gateway.app import create_app
from gateway.metrics import REGISTRY


def test_invented_methods_are_counted_as_other_and_known_ones_by_name() -> None:
    settings = Settings(env="test")
    app = create_app(settings, services=SimpleNamespace(settings=settings))  # type: ignore[arg-type]
    client = TestClient(app, raise_server_exceptions=False)
    for n in range(5):
        client.request(f"XMETHOD{n}", "/healthz")
    client.request("PATCH", "/healthz")
    scrape = generate_latest(REGISTRY).decode()
    assert "XMETHOD" not in scrape
    lines = [ln for ln in scrape.splitlines() if ln.startswith("hotline_http_requests_total{")]
    assert any('method="OTHER"' in ln for ln in lines)
    assert any('method="PATCH"' in ln for ln in lines)
    methods = {ln.split('method="')[1].split('"')[0] for ln in lines}
    assert methods <= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"}
