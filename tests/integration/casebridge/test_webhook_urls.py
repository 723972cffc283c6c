"""Units' webhook endpoints never point inside (SSRF), at registration and at delivery."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from casebridge.cases import CaseService
from casebridge.models import DeliveryAttempt, WebhookEndpoint
from casebridge.webhooks.delivery import DeliveryWorker
from casebridge.webhooks.urlpolicy import UrlPolicy
from config.settings import Settings
from gateway import errors
from gateway.casebridge_wiring import url_policy
from gateway.routers import units

from .conftest import SECRET, Env, draft
from .test_api import ZJ

pytestmark = pytest.mark.integration


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Name resolution the test decides (host -> addresses); other names do not resolve."""
    answers: dict[str, list[str]] = {}
    real = asyncio.BaseEventLoop.getaddrinfo

    async def fake(
        self: asyncio.BaseEventLoop, host: str, port: int, **kw: object
    ) -> list[tuple[object, ...]]:
        if host in ("127.0.0.1", "localhost"):
            return list(await real(self, host, port, **kw))  # type: ignore[arg-type]
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "unknown")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", fake)
    return answers


@pytest.fixture
async def strict(env: Env) -> AsyncIterator[tuple[CaseService, httpx.AsyncClient]]:
    """The unit API of a deployment without an allow-list (the production default)."""
    settings = Settings(secret_key=SECRET)
    cases = CaseService(
        env.sessions, env.catalogue, env.clock, secret_key=SECRET, url_policy=url_policy(settings)
    )
    await cases.sync_units()
    app = FastAPI()
    errors.install(app)
    app.include_router(units.router)
    app.state.services = type("S", (), {"settings": settings, "cases": cases})()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield cases, client


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://127.0.0.1/x",
        "https://localhost/x",
        "https://10.1.2.3/x",
        "https://192.168.0.1/x",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/x",
        "http://hooks.unit.example/x",  # not https
        "https://inside.unit.example/x",  # resolves to a private address now
    ],
)
async def test_inside_endpoints_are_refused(
    env: Env, strict: tuple[CaseService, httpx.AsyncClient], dns: dict[str, list[str]], url: str
) -> None:
    dns["inside.unit.example"] = ["10.0.0.7"]
    _, client = strict
    r = await client.post("/api/units/webhooks", headers=ZJ, json={"url": url})
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "UrlRefused"
    assert r.json()["type"] == "urn:heze-12345:problem:url-refused"
    async with env.sessions() as s:  # nothing was stored
        assert await s.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


async def test_public_https_endpoint_is_accepted(
    strict: tuple[CaseService, httpx.AsyncClient], dns: dict[str, list[str]]
) -> None:
    dns["hooks.unit.example"] = ["93.184.216.34"]
    _, client = strict
    r = await client.post(
        "/api/units/webhooks", headers=ZJ, json={"url": "https://hooks.unit.example/x"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["secret"].startswith("whsec_")


async def test_rebinding_is_caught_at_delivery(
    env: Env,
    strict: tuple[CaseService, httpx.AsyncClient],
    dns: dict[str, list[str]],
    free_port: int,
) -> None:
    """Public at registration, 127.0.0.1 at delivery: nothing is sent, the attempt says
    why. A receiver listens on the inside address to show nothing reaches it."""
    cases, _ = strict
    hits: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hits.append(await reader.read(100))
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", free_port)
    dns["hooks.unit.example"] = ["93.184.216.34"]
    await cases.register_endpoint("CX-ZJ", f"https://hooks.unit.example:{free_port}/x")
    await cases.open_work_order(draft("rebind"))
    dns["hooks.unit.example"] = ["127.0.0.1"]
    worker = DeliveryWorker(env.sessions, url_policy=cases.url_policy, base_delay=60)
    try:
        assert await worker.run_once() == 1
    finally:
        await worker.aclose()
        server.close()
        await server.wait_closed()
    assert hits == []
    async with env.sessions() as s:
        (attempt,) = (await s.execute(select(DeliveryAttempt))).scalars().all()
    assert not attempt.ok
    assert attempt.status_code is None
    assert attempt.error is not None
    assert attempt.error.startswith("refused:")


async def test_delivery_connects_to_the_checked_address(dns: dict[str, list[str]]) -> None:
    """The request goes to the address that was checked, naming the host for TLS and Host."""
    dns["hooks.unit.example"] = ["93.184.216.34"]
    worker = DeliveryWorker(None, url_policy=UrlPolicy())  # type: ignore[arg-type]
    url, headers, extensions = await worker._target("https://hooks.unit.example:8443/x?a=1")
    assert url == "https://93.184.216.34:8443/x?a=1"
    assert headers == {"host": "hooks.unit.example:8443"}
    assert extensions == {"sni_hostname": "hooks.unit.example"}
    allowed = DeliveryWorker(None, url_policy=UrlPolicy.from_setting("localhost"))  # type: ignore[arg-type]
    assert await allowed._target("http://localhost:9/x") == ("http://localhost:9/x", {}, {})
