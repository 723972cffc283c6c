"""The knowledge-base API on a migrated database: SQLite and real PostgreSQL (migration
0003 in the full Alembic chain), versions stored and re-applied at start-up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI

from casebridge.db import create_engine_for, session_factory
from casebridge.service import UnitIdentity
from gateway import errors
from gateway.db import migrate
from gateway.kb.store import apply_stored_versions
from gateway.routers import knowledge as kb_router
from gateway.routers.units import require_unit
from nlu.knowledge import KnowledgeBase
from nlu.resources import KNOWLEDGE_DIR

pytestmark = pytest.mark.integration
WATER = UnitIdentity(id=1, code="sw", name="菏泽市水务集团", kind="unit")
OTHER = UnitIdentity(id=2, code="jy", name="菏泽市教育和体育局", kind="unit")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


class Env(SimpleNamespace):
    client: httpx.AsyncClient
    kb: KnowledgeBase
    unit: list[UnitIdentity]
    url: str


@pytest.fixture
async def env(db_url: str) -> AsyncIterator[Env]:
    await asyncio.to_thread(migrate, db_url)
    engine = create_engine_for(db_url)
    kb = await asyncio.to_thread(KnowledgeBase.load, KNOWLEDGE_DIR)
    app = FastAPI()
    errors.install(app)
    app.include_router(kb_router.router)
    app.state.services = SimpleNamespace(knowledge=kb, sessions=session_factory(engine))
    current = [WATER]
    app.dependency_overrides[require_unit] = lambda: current[0]
    app.dependency_overrides[kb_router.require_reader] = lambda: current[0].code
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield Env(
            client=client, kb=kb, unit=current, url=db_url, sessions=app.state.services.sessions
        )
    await engine.dispose()


NEW = {
    "id": "sw-900",
    "domain": "水电气暖",
    "title": "冬季水表防冻",
    "answer": "入冬前请用保温材料包裹室外水表和管道，冻裂后请关闭阀门并拨打供水服务热线报修。",
    "questions": ["水表冻裂了怎么办", "冬天水管怎么防冻"],
    "effective_date": "2025-11-01",
    "review_date": "2026-11-01",
}


async def test_unit_adds_updates_retires_with_versions(env: Env) -> None:
    c = env.client
    r = await c.post("/api/knowledge/entries", json=NEW)
    assert r.status_code == 201, r.text
    assert r.json()["version"] == 1
    assert r.json()["source_unit"] == "菏泽市水务集团"
    hits = (await c.get("/api/knowledge/search", params={"q": "水表冬天冻坏了咋办"})).json()
    assert hits[0]["entry_id"] == "sw-900"
    assert hits[0]["source_unit"] == "菏泽市水务集团"
    assert hits[0]["updated"] == "2025-11-01"

    body = {k: v for k, v in NEW.items() if k != "id"}
    body["answer"] = "入冬前请包裹水表；已冻裂的请关闭总阀并拨打供水热线，维修免收人工费。"
    r = await c.put("/api/knowledge/entries/sw-900", json=body)
    assert r.status_code == 200
    assert r.json()["version"] == 2
    r = await c.delete("/api/knowledge/entries/sw-900")
    assert r.json()["retired"]
    assert r.json()["version"] == 3
    after = (await c.get("/api/knowledge/search", params={"q": "水表冻裂了怎么办"})).json()
    assert all(h["entry_id"] != "sw-900" for h in after)
    detail = (await c.get("/api/knowledge/entries/sw-900")).json()
    assert [h["version"] for h in detail["history"]] == [1, 2, 3]
    assert all(h["author"] == "sw" for h in detail["history"])

    # a restarted gateway: YAML seed + stored versions
    fresh = KnowledgeBase.load(KNOWLEDGE_DIR)
    assert fresh.get("sw-900") is None
    assert await apply_stored_versions(env.sessions, fresh) == 1
    entry = fresh.get("sw-900")
    assert entry is not None
    assert entry.version == 3
    assert entry.retired


async def test_units_edit_only_their_own_entries(env: Env) -> None:
    c = env.client
    assert (await c.post("/api/knowledge/entries", json=NEW)).status_code == 201
    env.unit[0] = OTHER
    body = {k: v for k, v in NEW.items() if k != "id"}
    assert (await c.put("/api/knowledge/entries/sw-900", json=body)).status_code == 403
    assert (await c.delete("/api/knowledge/entries/sw-900")).status_code == 403
    # seed entries belong to their source unit too
    assert (await c.delete("/api/knowledge/entries/jy-001")).status_code == 200
    assert (await c.delete("/api/knowledge/entries/nope")).status_code == 404


@pytest.mark.parametrize(
    "patch",
    [{"review_date": "2024-01-01"}, {"id": "Bad Id!"}, {"answer": ""}, {"title": ""}],
)
async def test_bad_bodies_change_nothing(env: Env, patch: dict[str, str]) -> None:
    before = len(env.kb.entries)
    r = await env.client.post("/api/knowledge/entries", json={**NEW, **patch})
    assert r.status_code == 422
    assert len(env.kb.entries) == before


async def test_duplicate_id_conflicts(env: Env) -> None:
    r = await env.client.post("/api/knowledge/entries", json={**NEW, "id": "gjj-001"})
    assert r.status_code == 409


async def test_stale_and_listing(env: Env) -> None:
    stale = (await env.client.get("/api/knowledge/stale", params={"today": "2027-07-01"})).json()
    assert stale
    assert all(date.fromisoformat(e["review_date"]) < date(2027, 7, 1) for e in stale)
    assert (
        await env.client.get("/api/knowledge/stale", params={"today": "2025-02-01"})
    ).json() == []
    listed = (
        await env.client.get("/api/knowledge/entries", params={"domain": "住房公积金"})
    ).json()
    assert len(listed) >= 12
    assert all(e["domain"] == "住房公积金" for e in listed)
