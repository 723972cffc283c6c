"""What opening a work order costs in waits (issue 16): on SQLite one hand-off from a
driver's thread back to the event loop (the whole transaction in one worker thread, not
one hop per cursor call as through aiosqlite: 24 before); on PostgreSQL four round trips
(the pool's pre-ping, BEGIN, one statement, COMMIT; nine before) and one more for the
outbox rows when the lead unit has an endpoint, once the statement is prepared on the
connection (its preparation is one round trip more, once per connection). The numbers
are those Python formats, past the sixth digit too."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from psycopg import pq
from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncEngine

from casebridge.intake import OrderReceipt
from casebridge.models import OrderSequence

from .conftest import Env, draft


@contextmanager
def handoffs() -> Iterator[list[int]]:
    """The event loop's wake-ups from other threads inside the block."""
    loop = asyncio.get_running_loop()
    plain = loop.call_soon_threadsafe
    seen = [0]

    def counted(*args: Any, **kw: Any) -> asyncio.Handle:
        seen[0] += 1
        return plain(*args, **kw)

    setattr(loop, "call_soon_threadsafe", counted)  # noqa: B010 (a method, counted)
    try:
        yield seen
    finally:
        del loop.call_soon_threadsafe


@asynccontextmanager
async def round_trips(env: Env) -> AsyncIterator[Callable[[], int]]:
    """PostgreSQL: libpq's protocol trace of the engine's connections, made anew; the
    counter answers the server's ReadyForQuery messages so far (one ends each round
    trip). The traces stop before the file closes."""
    bind = env.sessions.kw["bind"]
    assert isinstance(bind, AsyncEngine)
    traced: list[Any] = []
    with tempfile.NamedTemporaryFile(suffix=".pqtrace") as out:

        def trace(dbapi_connection: Any, _record: object) -> None:
            pgconn = dbapi_connection.driver_connection.pgconn
            pgconn.trace(out.fileno())
            pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
            traced.append(pgconn)

        event.listen(bind.sync_engine, "connect", trace)
        await bind.dispose()  # the pooled connections were made untraced
        try:
            yield lambda: Path(out.name).read_bytes().count(b"\tReadyForQuery\t")
        finally:
            event.remove(bind.sync_engine, "connect", trace)
            for pgconn in traced:
                pgconn.untrace()


async def costs(env: Env, key: str, **kw: object) -> tuple[OrderReceipt, int, int]:
    """One order opened: its receipt, the hand-offs and (PostgreSQL) the round trips."""
    if not env.url.startswith("postgresql"):
        await env.cases.open_work_order(draft("warm-" + key))
        with handoffs() as seen:
            receipt = await env.cases.open_work_order(draft(key, **kw))
        return receipt, seen[0], 0
    async with round_trips(env) as trips:
        # the pool's connection made; the second run of the statement prepares it
        # (psycopg's prepare_threshold=1: a Parse of its own, once per connection)
        for n in (1, 2):
            await env.cases.open_work_order(draft(f"warm{n}-{key}"))
        before = trips()
        with handoffs() as seen:
            receipt = await env.cases.open_work_order(draft(key, **kw))
        return receipt, seen[0], trips() - before


async def test_a_new_order_is_one_handoff_or_four_round_trips(env: Env) -> None:
    receipt, hops, trips = await costs(env, "k1", text="小区门口路灯不亮了。")
    assert receipt.created
    if env.url.startswith("postgresql"):
        assert (hops, trips) == (0, 4)  # pre-ping, BEGIN, the statement, COMMIT
    else:
        assert hops == 1


async def test_with_an_endpoint_the_outbox_rows_are_one_round_trip_more(env: Env) -> None:
    await env.cases.register_endpoint("CX-ZJ", "http://127.0.0.1:9/hook")
    await env.cases.register_endpoint("CX-ZJ", "http://127.0.0.1:9/other")
    receipt, hops, trips = await costs(env, "k2", anonymous=True)
    assert receipt.created
    if env.url.startswith("postgresql"):
        assert (hops, trips) == (0, 5)
    else:
        assert hops == 1


async def test_a_retried_confirmation_costs_no_more_than_a_new_order(env: Env) -> None:
    first = await env.cases.open_work_order(draft("k3"))
    receipt, hops, trips = await costs(env, "k3")
    assert (receipt.created, receipt.number) == (False, first.number)
    if env.url.startswith("postgresql"):
        # pre-ping, BEGIN, the statement (no row), the appeal's text, its order, COMMIT
        assert (hops, trips) == (0, 6)
    else:
        assert hops == 1


async def test_numbers_past_the_sixth_digit_as_python_formats_them(env: Env) -> None:
    first = await env.cases.open_work_order(draft("n1"))
    assert first.number.endswith("-000001")
    day = first.number[2:10]
    async with env.sessions() as s, s.begin():
        await s.execute(update(OrderSequence).where(OrderSequence.day == day).values(last=999_998))
    numbers = [(await env.cases.open_work_order(draft(f"n{i}"))).number for i in (2, 3, 4)]
    assert numbers == [f"HZ{day}-999999", f"HZ{day}-1000000", f"HZ{day}-1000001"]
