"""催办 (trial14 T11): the citizen's urging is an ``urge`` event on an open order (its
state unchanged) and ``order.updated`` to its unit; a closed or unknown order takes none."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casebridge.cases import Actor
from casebridge.models import OrderEvent, OutboxMessage, WorkOrder

from .conftest import Env, draft

pytestmark = pytest.mark.integration

ZJ = Actor.unit("CX-ZJ")


async def _events(env: Env, number: str) -> list[OrderEvent]:
    async with env.sessions() as s:
        o = (await s.execute(select(WorkOrder).where(WorkOrder.number == number))).scalar_one()
        rows = await s.execute(
            select(OrderEvent).where(OrderEvent.order_id == o.id).order_by(OrderEvent.seq)
        )
        return list(rows.scalars().all())


async def test_an_urging_is_recorded_on_the_open_order(env: Env) -> None:
    await env.cases.register_endpoint("CX-ZJ", "http://127.0.0.1:9/hook")
    n = (await env.cases.open_work_order(draft("u1"))).number
    assert await env.cases.record_urging(n, "恁这办得也太慢了 啥时候能有人来管", "web", "t-1")
    urged = [e for e in await _events(env, n) if e.action == "urge"]
    assert len(urged) == 1
    assert urged[0].actor_role == "citizen"
    assert urged[0].from_state == urged[0].to_state == "dispatched"
    assert urged[0].reason == "恁这办得也太慢了 啥时候能有人来管"
    rec = await env.cases.get_order(n, ZJ)
    assert rec.state == "dispatched"
    async with env.sessions() as s:
        types = (await s.execute(select(OutboxMessage.event_type))).scalars().all()
    assert list(types)[-1] == "order.updated"


async def test_no_urging_on_a_closed_or_unknown_order(env: Env) -> None:
    n = (await env.cases.open_work_order(draft("u2"))).number
    await env.cases.sign(n, ZJ)
    await env.cases.reply(n, ZJ, text="已处理完毕")
    assert await env.cases.record_evaluation(n, "satisfied", None, "wechat", "openid-u2")
    assert not await env.cases.record_urging(n, "咋还没人来", "wechat", "openid-u2")
    assert not any(e.action == "urge" for e in await _events(env, n))
    assert not await env.cases.record_urging("HZ20990101-000001", "快点", "web", "t-2")
