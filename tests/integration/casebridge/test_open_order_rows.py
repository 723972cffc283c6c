"""Opening a work order (``casebridge.cases.opening``): the rows it writes, one statement
per table on SQLite and one statement in all on PostgreSQL, and a retried confirmation
that writes nothing; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from casebridge.cases import Actor
from casebridge.db import blocking_twin
from casebridge.models import Appeal, Assignment, OrderEvent, OutboxMessage, WorkOrder

from .conftest import Env, draft

TABLES = (Appeal, WorkOrder, Assignment, OrderEvent, OutboxMessage)


@contextmanager
def statements(env: Env) -> Iterator[list[str]]:
    """The SQL the driver runs inside the block (first words), COMMIT included."""
    bind = env.sessions.kw["bind"]
    assert isinstance(bind, AsyncEngine)
    seen: list[str] = []

    def run(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        seen.append(" ".join(sql.split()[:3]).upper())

    def commit(_c: Any) -> None:
        seen.append("COMMIT")

    engines = [e for e in (bind.sync_engine, blocking_twin(bind)) if e is not None]
    for e in engines:  # SQLite opens orders on the file's blocking twin
        event.listen(e, "before_cursor_execute", run)
        event.listen(e, "commit", commit)
    try:
        yield seen
    finally:
        for e in engines:
            event.remove(e, "before_cursor_execute", run)
            event.remove(e, "commit", commit)


async def counts(env: Env) -> list[int]:
    async with env.sessions() as s:
        return [(await s.execute(select(func.count()).select_from(t))).scalar_one() for t in TABLES]


async def test_rows_of_a_new_order_and_one_statement_per_table(env: Env) -> None:
    await env.cases.open_work_order(draft("first"))  # the day's counter row exists after
    with statements(env) as seen:
        receipt = await env.cases.open_work_order(draft("second", text="楼道灯坏了。"))
    assert receipt.created
    if env.url.startswith("postgresql"):  # the rows below in one statement of CTEs
        assert seen == ["WITH A AS", "COMMIT"]
    else:
        assert seen == [
            "INSERT INTO APPEALS",
            "UPDATE ORDER_SEQUENCES SET",
            "INSERT INTO WORK_ORDERS",
            "INSERT INTO ASSIGNMENTS",
            "INSERT INTO ORDER_EVENTS",
            "SELECT WEBHOOK_ENDPOINTS.ID, WEBHOOK_ENDPOINTS.UNIT_ID,",
            "COMMIT",
        ]
    async with env.sessions() as s:
        order, appeal = (
            await s.execute(
                select(WorkOrder, Appeal)
                .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                .where(WorkOrder.number == receipt.number)
            )
        ).one()
        lead = (
            await s.execute(select(Assignment).where(Assignment.order_id == order.id))
        ).scalar_one()
        ev = (
            await s.execute(select(OrderEvent).where(OrderEvent.order_id == order.id))
        ).scalar_one()
    assert receipt.number.endswith("-000002")
    assert (appeal.text, appeal.contact_phone, appeal.phone_last4) == (
        "楼道灯坏了。",
        "13812345678",
        "5678",
    )
    assert (appeal.extra, appeal.attachments, appeal.anonymous) == ({}, [], False)
    assert (order.state, order.version, order.needs_contact, order.utility) == (
        "dispatched",
        1,
        True,
        False,
    )
    assert order.deadline_at == receipt.deadline == lead.deadline_at
    assert order.created_at == order.updated_at == order.dispatched_at == env.clock()
    assert (lead.role, lead.active, lead.unit_id) == ("lead", True, order.lead_unit_id)
    assert (ev.seq, ev.action, ev.actor_role, ev.actor, ev.to_state) == (
        1,
        "dispatch",
        "system",
        "intake",
        "dispatched",
    )
    assert ev.data["unit"] == "CX-ZJ"
    assert ev.data["channel"] == "wechat"
    # the ORM reads the order back and changes it: the version counter goes on from 1
    rec = await env.cases.sign(receipt.number, Actor.unit("CX-ZJ"))
    assert (rec.state, rec.version) == ("signed", 2)


async def test_outbox_row_for_the_lead_units_endpoint(env: Env) -> None:
    await env.cases.register_endpoint("CX-ZJ", "http://127.0.0.1:9/hook")
    await env.cases.register_endpoint(
        "CX-ZJ", "http://127.0.0.1:9/other", event_types=["order.updated"]
    )
    await env.cases.open_work_order(draft("a"))
    with statements(env) as seen:
        receipt = await env.cases.open_work_order(draft("b", anonymous=True))
    assert seen[-2:] == ["INSERT INTO OUTBOX", "COMMIT"]
    async with env.sessions() as s:
        rows = (await s.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars().all()
    assert [r.event_type for r in rows] == ["order.dispatched", "order.dispatched"]
    assert len({r.msg_id for r in rows}) == 2
    body = json.loads(rows[1].payload)
    assert body["type"] == "order.dispatched"
    assert body["data"]["event"] == {"seq": 1}
    order = body["data"]["order"]
    assert (order["number"], order["state"], order["version"]) == (
        receipt.number,
        "dispatched",
        1,
    )
    assert order["lead_unit"]["code"] == "CX-ZJ"
    assert order["co_units"] == []
    assert order["contact"] is None
    assert order["appeal"]["anonymous"] is True
    assert "13812345678" not in rows[1].payload  # the unit's copy masks the number


async def test_a_retried_confirmation_writes_nothing(env: Env) -> None:
    await env.cases.register_endpoint("CX-ZJ", "http://127.0.0.1:9/hook")
    first = await env.cases.open_work_order(draft("again"))
    before = await counts(env)
    again = await env.cases.open_work_order(draft("again"))
    strict = await env.cases.open_work_order(draft("again"), strict_key=True)
    assert not again.created
    assert not strict.created
    assert {again.number, strict.number} == {first.number}
    assert again.unit_name == first.unit_name
    assert again.deadline == first.deadline
    assert await counts(env) == before
