"""The data-sharing feed (第三十条): cursor paging, per-unit visibility, masking, and the
unit's answer to a supervision."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from casebridge.analytics import supervise
from casebridge.intake import AppealDraft
from casebridge.keys import demo_unit_key
from casebridge.service import Actor
from casebridge.supervision_policy import Policy
from config.settings import Settings
from gateway import errors
from gateway.routers import feed

pytestmark = pytest.mark.integration
CENTRE = Actor.centre("值班员")
ZJ = Actor.unit("CX-ZJ")


def draft(key: str) -> AppealDraft:
    return AppealDraft(
        idempotency_key=key,
        channel="sms",
        sender="+8613900000000",
        text="楼道灯坏了，请联系13912345678处理。",
        category_level1="城乡建设",
        category_level2="住房保障与房地产",
        county="曹县",
        contact_name="李四",
        contact_phone="13912345678",
    )


def client_for(env) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    app = FastAPI()
    errors.install(app)
    app.include_router(feed.router)
    app.state.services = SimpleNamespace(
        settings=Settings(
            secret_key="test-secret", centre_config_dir=Path("config/data").resolve()
        ),
        sessions=env.sessions,
        cases=env.cases,
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def auth(code: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {demo_unit_key('test-secret', code)}"}


async def test_feed_pages_by_cursor_and_hides_other_units(env) -> None:  # type: ignore[no-untyped-def]
    cases, clock = env.cases, env.clock
    a = (await cases.open_work_order(draft("a"))).number
    b = (await cases.open_work_order(draft("b"))).number
    clock.advance(minutes=20)
    await cases.sign(a, ZJ)
    await cases.request_return(b, ZJ, reason="不属于本单位职责", materials=[{"name": "说明.pdf"}])
    await cases.review_return(b, CENTRE, approve=True, reason="同意", unit_code="CX-GOV")
    clock.advance(hours=5)
    await cases.sign(b, Actor.unit("CX-GOV"))  # after CX-ZJ was released from b
    await cases.reply(a, ZJ, text="已修复。")
    await cases.record_callback(
        a, CENTRE, satisfaction="unsatisfied", reasonable=False, comment="回拨13912345678未接"
    )
    async with client_for(env) as c:
        assert (await c.get("/api/units/feed/events")).status_code == 401
        seen: list[dict[str, Any]] = []
        cursor = 0
        while True:
            r = await c.get(
                f"/api/units/feed/events?cursor={cursor}&limit=2", headers=auth("CX-ZJ")
            )
            assert r.status_code == 200
            page = r.json()
            seen += page["items"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        # nothing twice, in order, and the final cursor gives an empty page
        ids = [i["cursor"] for i in seen]
        assert ids == sorted(set(ids))
        again = (
            await c.get(f"/api/units/feed/events?cursor={cursor}", headers=auth("CX-ZJ"))
        ).json()
        assert again["items"] == []
        assert again["next_cursor"] == cursor
        by_order = {(i["order"]["number"], i["event"]["action"]) for i in seen}
        assert (a, "sign") in by_order
        assert (a, "record_callback") in by_order
        assert (b, "request_return") in by_order
        assert (b, "sign") not in by_order  # after its release: the next unit's business
        text = str(seen)
        assert "13912345678" not in text
        assert "李四" not in text
        assert "139****5678" in text
        gov = (await c.get("/api/units/feed/events", headers=auth("CX-GOV"))).json()
        assert {i["order"]["number"] for i in gov["items"]} == {b}
        cbs = (await c.get("/api/units/feed/callbacks", headers=auth("CX-ZJ"))).json()
        assert [(i["order_number"], i["satisfaction"], i["reasonable"]) for i in cbs["items"]] == [
            (a, "unsatisfied", False)
        ]
        assert "13912345678" not in str(cbs)
        assert (await c.get("/api/units/feed/callbacks", headers=auth("CX-GOV"))).json()[
            "items"
        ] == []
        bad = await c.get("/api/units/feed/events?cursor=-1", headers=auth("CX-ZJ"))
        assert bad.status_code == 422


async def test_unit_answers_its_supervision(env) -> None:  # type: ignore[no-untyped-def]
    cases, clock = env.cases, env.clock
    n = (await cases.open_work_order(draft("s"))).number
    clock.advance(hours=27)
    r = await supervise.sweep(env.sessions, cases, clock.now, Policy())
    assert r.supervisions_opened == 1
    async with client_for(env) as c:
        listed = (await c.get("/api/units/supervisions", headers=auth("CX-ZJ"))).json()
        assert [(x["order_number"], x["ground"]) for x in listed] == [(n, "refused")]
        assert listed[0]["steps"][0]["label"] == "督办通知"
        sid = listed[0]["id"]
        other = await c.post(
            f"/api/units/supervisions/{sid}/response",
            json={"text": "非本单位"},
            headers=auth("CX-GOV"),
        )
        assert other.status_code == 404  # another unit's: as if it did not exist
        empty = await c.post(
            f"/api/units/supervisions/{sid}/response", json={"text": ""}, headers=auth("CX-ZJ")
        )
        assert empty.status_code == 422
        ok = await c.post(
            f"/api/units/supervisions/{sid}/response",
            json={"text": "已安排专人今日签收办理。"},
            headers=auth("CX-ZJ"),
        )
        assert ok.status_code == 201
        listed = (await c.get("/api/units/supervisions", headers=auth("CX-ZJ"))).json()
        assert listed[0]["responses"][0]["text"] == "已安排专人今日签收办理。"
        missing = await c.post(
            "/api/units/supervisions/99999/response", json={"text": "x"}, headers=auth("CX-ZJ")
        )
        assert missing.status_code == 404
