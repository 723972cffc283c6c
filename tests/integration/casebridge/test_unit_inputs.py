"""A unit's hostile or sloppy input: links of any scheme, loosely typed versions,
retried webhook registrations, empty event lists, port 0."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from casebridge.inputs import link_url

from .http_api import CENTRE, MATERIALS, new_order
from .test_api import ZJ, client

__all__ = ["client"]  # the fixture, shared with test_api

pytestmark = pytest.mark.integration

BAD_LINKS = [
    "file:///etc/passwd",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "ftp://example.com/a.pdf",
    "//example.com/a.pdf",
    "https://user:pw@example.com/a.pdf",
    "https://example.com:0/a.pdf",
    "https://example.com/a b.pdf",
    "http:///nohost",
    "http://169.254.169.254/latest/meta-data/iam",
    "http://127.1/a.pdf",
    "http://2130706433/a.pdf",
    "http://[::ffff:127.0.0.1]/a.pdf",
    "http://192.168.1.10/a.pdf",
    "http://localhost./a.pdf",
]


@pytest.mark.parametrize("url", BAD_LINKS)
def test_the_one_link_policy_refuses(url: str) -> None:
    with pytest.raises(ValueError, match="链接"):
        link_url(url)


async def _state(client: httpx.AsyncClient, n: str) -> tuple[str, int, list[str]]:
    """State, version and the order's events other than the centre's own views."""
    rec = (await client.get(f"/api/centre/orders/{n}", headers=CENTRE)).json()
    events = (await client.get(f"/api/centre/orders/{n}/events", headers=CENTRE)).json()
    kinds = [str(e["action"]) for e in events]
    return rec["state"], rec["version"], [k for k in kinds if k != "view_contact"]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "data:,x"])
async def test_materials_and_attachments_refuse_links_that_are_not_http(
    client: httpx.AsyncClient, url: str
) -> None:
    n = await new_order(client, f"links-{url[:4]}")
    await client.post(f"/api/units/orders/{n}/sign", headers=ZJ)
    before = await _state(client, n)
    bad = [*MATERIALS, {"name": "x", "url": url}]
    for path, body in (
        ("return", {"reason": "非我局职责", "materials": bad}),
        ("reply", {"text": "已办结", "attachments": bad}),
        ("terminate", {"ground": "unlawful_demand", "reason": "x", "materials": bad}),
    ):
        r = await client.post(f"/api/units/orders/{n}/{path}", headers=ZJ, json=body)
        assert r.status_code == 422, (path, r.text)
    assert await _state(client, n) == before


async def test_http_links_are_taken(client: httpx.AsyncClient) -> None:
    n = await new_order(client, "links-ok")
    await client.post(f"/api/units/orders/{n}/sign", headers=ZJ)
    r = await client.post(
        f"/api/units/orders/{n}/return", headers=ZJ, json={"reason": "x", "materials": MATERIALS}
    )
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("version", ["1", "0", True, False, 1.0, "01", [1], {"v": 1}])
async def test_expected_version_must_be_an_integer(client: httpx.AsyncClient, version: Any) -> None:
    n = await new_order(client, f"ver-{version!r}")
    before = await _state(client, n)
    r = await client.post(
        f"/api/units/orders/{n}/sign", headers=ZJ, json={"expected_version": version}
    )
    assert r.status_code == 422, r.text
    assert await _state(client, n) == before
    current = before[1]
    r = await client.post(
        f"/api/units/orders/{n}/sign", headers=ZJ, json={"expected_version": current}
    )
    assert r.status_code == 200, r.text


async def _endpoints(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    return [e for e in (await client.get("/api/units/webhooks", headers=ZJ)).json() if e["active"]]


async def test_a_retried_registration_makes_one_endpoint(client: httpx.AsyncClient) -> None:
    url = "http://127.0.0.1:9/sx-dup"
    headers = {**ZJ, "Idempotency-Key": "wh-same-1"}

    async def register(types: list[str] | None) -> httpx.Response:
        return await client.post(
            "/api/units/webhooks", headers=headers, json={"url": url, "event_types": types}
        )

    answers = await asyncio.gather(*(register(None) for _ in range(12)))
    assert {r.status_code for r in answers} == {201}
    assert len({(r.json()["id"], r.json()["secret"]) for r in answers}) == 1
    # the same types in another order, repeated: the same endpoint too
    typed = [await register(t) for t in (["order.dispatched", "order.reopened"],) * 2]
    typed.append(await register(["order.reopened", "order.dispatched", "order.reopened"]))
    assert len({r.json()["id"] for r in typed}) == 1
    assert typed[0].json()["id"] != answers[0].json()["id"]  # other types: another endpoint
    assert len(await _endpoints(client)) == 2
    # once deleted, registering again makes a new endpoint with a new secret
    await client.delete(f"/api/units/webhooks/{answers[0].json()['id']}", headers=ZJ)
    again = await register(None)
    assert again.json()["secret"] != answers[0].json()["secret"]


@pytest.mark.parametrize(
    "body",
    [
        {"url": "http://127.0.0.1:9/x", "event_types": []},
        {"url": "https://example.com:0/x"},
        {"url": "https://example.com:00/x"},
        {"url": "https://example.com:65536/x"},
        {"url": "https://example.com:-1/x"},
    ],
)
async def test_endpoint_registration_refusals(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    before = await _endpoints(client)
    r = await client.post("/api/units/webhooks", headers=ZJ, json=body)
    assert r.status_code == 422, r.text
    assert await _endpoints(client) == before
