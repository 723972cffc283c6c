"""Opening a work order through a session factory bound to one connection, not an engine
(``Intake.open_work_order``'s second path: the session's transaction, the same Core
statements in one ``AsyncSession.run_sync``); on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from casebridge.cases import Actor, CaseService
from casebridge.catalogue import Catalogue
from casebridge.errors import IdempotencyConflict
from casebridge.models import Appeal, Assignment, OrderEvent, WorkOrder

from .conftest import SECRET, Clock, Env, draft, opened_env

TABLES = (Appeal, WorkOrder, Assignment, OrderEvent)


@pytest.fixture
async def bound(db_url: str, catalogue: Catalogue) -> AsyncIterator[tuple[Env, CaseService]]:
    """The usual store, and a second case service whose sessions are bound to one
    connection of the same engine (autocommit off: each session commits its own)."""
    start = datetime(2025, 9, 30, 2, 0, tzinfo=UTC)
    async with opened_env(db_url, catalogue, start) as env:
        engine = env.sessions.kw["bind"]
        assert isinstance(engine, AsyncEngine)
        async with engine.connect() as conn:
            sessions = async_sessionmaker(conn, expire_on_commit=False)
            clock = Clock(start)
            yield env, CaseService(sessions, catalogue, clock, secret_key=SECRET)


async def _counts(env: Env) -> list[int]:
    async with env.sessions() as s:
        return [(await s.execute(select(func.count()).select_from(t))).scalar_one() for t in TABLES]


async def test_orders_opened_through_a_connection_are_committed(
    bound: tuple[Env, CaseService],
) -> None:
    env, cases = bound
    first = await cases.open_work_order(draft("fb-1"))
    second = await cases.open_work_order(draft("fb-2", text="路灯不亮了。", anonymous=True))
    assert first.created
    assert second.created
    assert first.number != second.number
    # seen from the engine's own sessions: written and committed
    assert await _counts(env) == [2, 2, 2, 2]
    async with env.sessions() as s:
        order, appeal = (
            await s.execute(
                select(WorkOrder, Appeal)
                .join(Appeal, Appeal.id == WorkOrder.appeal_id)
                .where(WorkOrder.number == second.number)
            )
        ).one()
    assert (appeal.text, appeal.anonymous, appeal.contact_name) == ("路灯不亮了。", True, None)
    assert (order.state, order.version, order.deadline_at) == ("dispatched", 1, second.deadline)
    # the engine's service moves it: the rows are the ORM's as well
    rec = await env.cases.sign(second.number, Actor.unit("CX-ZJ"))
    assert (rec.state, rec.version) == ("signed", 2)


async def test_a_retry_through_a_connection_writes_nothing_and_a_conflict_rolls_back(
    bound: tuple[Env, CaseService],
) -> None:
    env, cases = bound
    first = await cases.open_work_order(draft("fb-again"))
    before = await _counts(env)
    again = await cases.open_work_order(draft("fb-again"))
    assert (again.number, again.created) == (first.number, False)
    with pytest.raises(IdempotencyConflict):
        await cases.open_work_order(draft("fb-again", text="另一件事。"), strict_key=True)
    assert await _counts(env) == before
    # the connection is usable after the refused transaction
    third = await cases.open_work_order(draft("fb-3"))
    assert third.created
    assert await _counts(env) == [n + 1 for n in before]
