"""trial5 F28: the callback list's errors say what happened. A second ``done`` with the
same outcome was 403 「请先领取该回拨任务」 (it was claimed and done by this agent); an id
that does not exist was 409 「该回拨任务已被领取或已完成」."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from gateway.calls.models import CallbackItem
from gateway.console.models import ConsoleAudit
from gateway.routers.calls import calls_of

from .conftest import CALLER, OUR_NUMBER, Line, signed

pytestmark = pytest.mark.integration


async def _missed_call(line: Line, sid: str) -> int:
    for path, params in (
        ("/webhooks/voice", {"CallSid": sid, "From": CALLER, "To": OUR_NUMBER}),
        ("/webhooks/voice/dequeued", {"CallSid": sid, "QueueResult": "hangup"}),
    ):
        url, body, headers = signed(path, params)
        await line.client.post(url, content=body, headers=headers)
    items = [i for i in await calls_of(line.services).callbacks() if i.call_sid == sid]
    assert items, "the hang-up in the queue is a callback item"
    return items[0].id


async def _audits(line: Line, action: str) -> int:
    async with line.services.sessions() as s:
        n = await s.scalar(
            select(func.count()).select_from(ConsoleAudit).where(ConsoleAudit.action == action)
        )
    return int(n or 0)


async def test_done_twice_is_idempotent_and_another_outcome_is_a_409(line: Line) -> None:
    await line.agent("alice")
    item = await _missed_call(line, "CB900")
    a = await line.login("alice")
    try:
        assert (await a.post("/api/agent/callbacks/claim", json={"id": item})).status_code == 200
        done = {"id": item, "outcome": "resolved"}
        assert (await a.post("/api/agent/callbacks/done", json=done)).status_code == 200
        again = await a.post("/api/agent/callbacks/done", json=done)
        assert again.status_code == 200, again.text  # a retried click changes nothing
        other = await a.post("/api/agent/callbacks/done", json={**done, "outcome": "no_answer"})
        assert other.status_code == 409
        assert other.json()["detail"] == "该回拨任务已完成"
        claim = await a.post("/api/agent/callbacks/claim", json={"id": item})
        assert claim.status_code == 409
        assert claim.json()["detail"] == "该回拨任务已完成"
    finally:
        await a.aclose()
    async with line.services.sessions() as s:
        row = await s.get(CallbackItem, item)
    assert row is not None
    assert (row.status, row.outcome) == ("done", "resolved")
    assert await _audits(line, "callback_done") == 1


@pytest.mark.parametrize("unknown", [99999, 2**31 - 1])
async def test_an_unknown_callback_id_is_a_404(line: Line, unknown: int) -> None:
    await line.agent("bob")
    b: httpx.AsyncClient = await line.login("bob")
    try:
        claim = await b.post("/api/agent/callbacks/claim", json={"id": unknown})
        assert claim.status_code == 404, claim.text
        done = await b.post(
            "/api/agent/callbacks/done", json={"id": unknown, "outcome": "resolved"}
        )
        assert done.status_code == 404, done.text
    finally:
        await b.aclose()


async def test_an_item_another_agent_holds_is_named_so(line: Line) -> None:
    await line.agent("alice")
    await line.agent("carol")
    item = await _missed_call(line, "CB901")
    a, c = await line.login("alice"), await line.login("carol")
    try:
        assert (await a.post("/api/agent/callbacks/claim", json={"id": item})).status_code == 200
        claim = await c.post("/api/agent/callbacks/claim", json={"id": item})
        assert claim.status_code == 409
        assert claim.json()["detail"] == "该回拨任务已被领取"
        done = await c.post("/api/agent/callbacks/done", json={"id": item, "outcome": "resolved"})
        assert done.status_code == 403
    finally:
        await a.aclose()
        await c.aclose()
