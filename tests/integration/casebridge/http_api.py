"""The unit and centre HTTP APIs as the casebridge integration tests call them (test_api,
test_unit_api_edges): the centre's and a unit's credentials, an app with the routers under
test, and a new order filed by the centre."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from types import SimpleNamespace
from urllib.parse import quote

import httpx
from fastapi import APIRouter, FastAPI

from casebridge.keys import demo_centre_key, demo_unit_key
from config.settings import Settings
from gateway import errors
from gateway.kv.store import MemoryStore

from .conftest import SECRET, Env

#: The centre's headers: its demo key and an operator's name (URL-quoted).
CENTRE = {"X-Centre-Key": demo_centre_key(SECRET), "X-Operator": quote("值班员A")}
#: A material attached to a return or a report.
MATERIALS = [{"name": "职责清单.pdf", "url": "https://example.invalid/a.pdf"}]


def unit_headers(code: str) -> dict[str, str]:
    """The headers of the unit ``code`` (its demo bearer key)."""
    return {"Authorization": f"Bearer {demo_unit_key(SECRET, code)}"}


@asynccontextmanager
async def api_client(
    env: Env, routers: Sequence[APIRouter], settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app with ``routers``, errors mapped as in production, the sessions
    and cases of ``env`` and an in-memory store."""
    app = FastAPI()
    errors.install(app)
    for router in routers:
        app.include_router(router)
    app.state.services = SimpleNamespace(
        settings=settings,
        sessions=env.sessions,
        cases=env.cases,
        store=MemoryStore(),
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


async def new_order(client: httpx.AsyncClient, key: str, **kw: object) -> str:
    """The number of a new order the centre files (曹县, 楼道灯坏了), ``kw`` over its
    fields; fails unless it is created (201)."""
    body: dict[str, object] = {
        "idempotency_key": key,
        "text": "楼道灯坏了，联系电话13812345678",
        "county": "曹县",
        "category_level1": "城乡建设",
        "category_level2": "住房保障与房地产",
        "contact_name": "张三",
        "contact_phone": "13812345678",
        **kw,
    }
    r = await client.post("/api/centre/orders", json=body, headers=CENTRE)
    assert r.status_code == 201, r.text
    return str(r.json()["number"])
