"""End to end: a real HTTP receiver verifies Standard Webhooks, fails, and still gets all."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from casebridge.cases import Actor
from casebridge.models import DeliveryAttempt, OutboxMessage
from casebridge.webhooks.delivery import DeliveryWorker, backoff

from .conftest import Env, draft
from .receiver import SignedReceiver, serving

pytestmark = pytest.mark.integration
ZJ = Actor.unit("CX-ZJ")


@pytest.fixture
def receiver() -> Iterator[SignedReceiver]:
    with serving(SignedReceiver("/hook")) as rec:
        yield rec


async def drain(worker: DeliveryWorker, env: Env, rounds: int = 60) -> None:
    for _ in range(rounds):
        await worker.run_once()
        async with env.sessions() as s:
            left = (
                await s.execute(select(OutboxMessage.id).where(OutboxMessage.status == "pending"))
            ).first()
        if left is None:
            return
        await asyncio.sleep(0.05)


async def test_signed_webhooks_survive_failures_in_order(
    env: Env, receiver: SignedReceiver
) -> None:
    ep = await env.cases.register_endpoint("CX-ZJ", receiver.url)
    assert ep.secret
    receiver.secret = ep.secret
    receiver.script = ["500", "slow", "500"]  # the first attempts fail
    n = (await env.cases.open_work_order(draft("wh1"))).number
    await env.cases.sign(n, ZJ)
    await env.cases.log_contact(n, ZJ, method="phone", note="已联系")
    await env.cases.reply(n, ZJ, text="已处理完毕")
    other = (await env.cases.open_work_order(draft("wh2"))).number

    worker = DeliveryWorker(
        env.sessions, url_policy=env.cases.url_policy, base_delay=0.01, max_delay=0.05, timeout=0.5
    )
    try:
        # a first worker stops after one round: a "restart" must lose nothing
        await worker.run_once()
    finally:
        await worker.aclose()
    worker = DeliveryWorker(
        env.sessions, url_policy=env.cases.url_policy, base_delay=0.01, max_delay=0.05, timeout=0.5
    )
    try:
        await drain(worker, env)
    finally:
        await worker.aclose()

    async with env.sessions() as s:
        rows = (await s.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars().all()
        attempts = (await s.execute(select(DeliveryAttempt))).scalars().all()
    assert [r.status for r in rows] == ["delivered"] * 5
    assert receiver.bad_signatures == 0
    # every event exactly as recorded, each once
    assert sorted(receiver.accepted) == sorted((r.msg_id, r.payload) for r in rows)
    # in order per order
    by_order: dict[str, list[str]] = {}
    for _, body in receiver.accepted:
        data = json.loads(body)
        by_order.setdefault(data["data"]["order"]["number"], []).append(data["type"])
    assert by_order[n] == ["order.dispatched", "order.updated", "order.updated", "order.updated"]
    assert by_order[other] == ["order.dispatched"]
    states = [
        json.loads(b)["data"]["order"]["state"]
        for _, b in receiver.accepted
        if json.loads(b)["data"]["order"]["number"] == n
    ]
    assert states == ["dispatched", "signed", "in_progress", "replied"]
    assert len(attempts) == 5 + 3
    assert sum(not a.ok for a in attempts) == 3
    assert all(a.error for a in attempts if not a.ok)
    # the payload never carries the citizen's contact
    assert all("13812345678" not in b for _, b in receiver.accepted)


async def test_dead_letter_then_redeliver(env: Env, receiver: SignedReceiver) -> None:
    ep = await env.cases.register_endpoint("CX-ZJ", receiver.url)
    assert ep.secret
    receiver.secret = ep.secret
    receiver.script = ["500"] * 3
    await env.cases.open_work_order(draft("dead"))
    worker = DeliveryWorker(
        env.sessions,
        url_policy=env.cases.url_policy,
        base_delay=0.01,
        max_delay=0.02,
        max_attempts=3,
        timeout=0.5,
    )
    try:
        await drain(worker, env)
        dead = await env.cases.list_deliveries("CX-ZJ", status="dead")
        assert len(dead) == 1
        assert dead[0].attempts == 3
        assert dead[0].last_error == "HTTP 500"
        assert receiver.accepted == []
        with pytest.raises(Exception, match="投递记录"):  # another unit cannot touch it
            await env.cases.redeliver("CX-GA", dead[0].id)
        again = await env.cases.redeliver("CX-ZJ", dead[0].id)
        assert again.status == "pending"
        assert dead[0].order_number
        assert again.order_number == dead[0].order_number  # the list's view, number included
        await drain(worker, env)
    finally:
        await worker.aclose()
    done = await env.cases.list_deliveries("CX-ZJ")
    assert done[0].status == "delivered"
    assert done[0].attempts == 4
    assert [m for m, _ in receiver.accepted] == [dead[0].msg_id]  # same webhook-id
    tries = await env.cases.delivery_attempts("CX-ZJ", dead[0].id)
    assert [t.ok for t in tries] == [False, False, False, True]


async def test_receiver_down_keeps_order(env: Env, free_port: int) -> None:
    """Nothing listens: every attempt fails and later events wait behind the first."""
    await env.cases.register_endpoint("CX-ZJ", f"http://127.0.0.1:{free_port}/hook")
    n = (await env.cases.open_work_order(draft("down"))).number
    await env.cases.sign(n, ZJ)
    worker = DeliveryWorker(
        env.sessions, url_policy=env.cases.url_policy, base_delay=60, timeout=0.5
    )
    try:
        assert await worker.run_once() == 1  # only the head of the order's queue
        assert await worker.run_once() == 0  # the head now waits for its backoff
    finally:
        await worker.aclose()
    rows = await env.cases.list_deliveries("CX-ZJ")
    assert sorted(r.attempts for r in rows) == [0, 1]
    assert all(r.status == "pending" for r in rows)


def test_backoff_grows_and_caps() -> None:
    assert [backoff(i) for i in (1, 2, 3)] == [5.0, 10.0, 20.0]
    assert backoff(30) == 6 * 3600.0
