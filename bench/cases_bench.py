"""Case-store benchmark on PostgreSQL: bulk-load N work orders with events, then measure

1. create-and-dispatch throughput through ``CaseService.open_work_order`` (appeal, order,
   assignment, event and outbox rows in one transaction each), concurrency 8;
2. a unit's inbox (``list_orders``: open states + pagination by cursor) p50/p99;
3. order detail (``get_order`` as the lead unit) p50/p99;
4. outbox drain rate of ``DeliveryWorker`` against a local keep-alive HTTP receiver.

Usage (a fresh database is created and dropped unless --keep):
    .venv/bin/python bench/cases_bench.py --orders 1000000
    .venv/bin/python bench/cases_bench.py --orders 20000   # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from casebridge.cases import Actor, CaseService  # noqa: E402
from casebridge.catalogue import Catalogue, load_catalogue  # noqa: E402
from casebridge.db import create_engine_for, migrate, session_factory  # noqa: E402
from casebridge.intake import AppealDraft  # noqa: E402
from casebridge.lifecycle import State  # noqa: E402
from casebridge.sla import SHANGHAI  # noqa: E402
from casebridge.webhooks.delivery import DeliveryWorker  # noqa: E402
from casebridge.webhooks.urlpolicy import UrlPolicy  # noqa: E402

COUNTIES = [
    "牡丹区",
    "定陶区",
    "曹县",
    "单县",
    "成武县",
    "巨野县",
    "郓城县",
    "鄄城县",
    "东明县",
    "菏泽经济技术开发区",
    None,
]
STATES = [  # a realistic mix: most orders are finished
    (State.CLOSED, 0.78),
    (State.DISPATCHED, 0.04),
    (State.SIGNED, 0.04),
    (State.IN_PROGRESS, 0.06),
    (State.REPLIED, 0.04),
    (State.CALLBACK, 0.02),
    (State.EXTENSION, 0.01),
    (State.TERMINATED, 0.01),
]


def combos(cat: Catalogue) -> list[tuple[str, str, str | None, str | None, int | None, int | None]]:
    """(unit code, entry code, level1, county, limit hours, limit days) from real dispatch."""
    out: list[tuple[str, str, str | None, str | None, int | None, int | None]] = []
    for e in cat.entries.values():
        if e.level2 is None:
            continue
        for county in COUNTIES:
            d = cat.dispatch(level1=e.level1, level2=e.level2, level3=e.level3, county=county)
            out.append((d.unit.code, e.code, e.level1, county, d.limit.hours, d.limit.working_days))
    return out


def bulk_load(pg: str, n: int, cat: Catalogue, unit_ids: dict[str, int], seed: int = 7) -> float:
    """COPY ``n`` orders with appeals, lead assignments and 1-4 events each."""
    rnd = random.Random(seed)
    pairs = combos(cat)
    rnd.shuffle(pairs)
    cum: list[float] = []
    acc = 0.0
    for i in range(len(pairs)):
        acc += 1.0 / (i + 1) ** 0.8  # a few busy units, a long tail
        cum.append(acc)
    states, sw = zip(*STATES, strict=True)
    scum = [sum(sw[: i + 1]) for i in range(len(sw))]
    now = datetime.now(UTC).replace(microsecond=0)
    t0 = time.perf_counter()
    per_day: dict[str, int] = {}
    with psycopg.connect(pg) as conn, conn.cursor() as cur:
        with cur.copy(
            "COPY appeals (id, idempotency_key, channel, sender, text, order_type, "
            "category_level1, category_level2, county, contact_name, contact_phone, "
            "phone_last4, anonymous, attachments, extra, created_at) FROM STDIN"
        ) as cp_a:
            for i in range(1, n + 1):
                created = now - timedelta(days=2, seconds=rnd.randrange(0, 730 * 86400))
                phone = f"139{rnd.randrange(10**8):08d}"
                cp_a.write_row(
                    (
                        i,
                        f"bench-{i}",
                        "wechat",
                        f"openid-{i % 50000}",
                        "小区路灯不亮，影响夜间出行，请尽快维修。",
                        "appeal",
                        None,
                        None,
                        None,
                        "张先生",
                        phone,
                        phone[-4:],
                        False,
                        "[]",
                        "{}",
                        created,
                    )
                )
        print(f"  appeals copied: {time.perf_counter() - t0:.0f}s", flush=True)
        rnd = random.Random(seed)
        with cur.copy(
            "COPY work_orders (id, number, appeal_id, state, lead_unit_id, entry_code, "
            "category_level1, county, utility, needs_contact, limit_hours, limit_working_days, "
            "deadline_at, dispatched_at, signed_at, replied_at, closed_at, reply_text, "
            "reply_attachments, reopen_count, extension_count, return_count, created_at, "
            "updated_at, version) FROM STDIN"
        ) as cp_o:
            for i in range(1, n + 1):
                created = now - timedelta(days=2, seconds=rnd.randrange(0, 730 * 86400))
                rnd.randrange(10**8)
                unit, entry, l1, county, hours, days = rnd.choices(pairs, cum_weights=cum)[0]
                state = rnd.choices(states, cum_weights=scum)[0]
                day = created.astimezone(SHANGHAI).strftime("%Y%m%d")
                per_day[day] = per_day.get(day, 0) + 1
                due = created + (
                    timedelta(hours=hours) if hours else timedelta(days=(days or 5) + 2)
                )
                signed = created + timedelta(hours=2) if state != State.DISPATCHED else None
                replied = (
                    created + timedelta(days=3)
                    if state in (State.CLOSED, State.REPLIED, State.CALLBACK)
                    else None
                )
                closed = (
                    created + timedelta(days=5)
                    if state in (State.CLOSED, State.TERMINATED)
                    else None
                )
                cp_o.write_row(
                    (
                        i,
                        f"HZ{day}-{per_day[day]:06d}",
                        i,
                        state,
                        unit_ids[unit],
                        entry,
                        l1,
                        county,
                        hours is not None,
                        rnd.random() < 0.7,
                        hours,
                        days,
                        due,
                        created,
                        signed,
                        replied,
                        closed,
                        "已处理完毕" if replied else None,
                        "[]",
                        0,
                        0,
                        0,
                        created,
                        closed or replied or signed or created,
                        1 + (signed is not None) + (replied is not None) + (closed is not None),
                    )
                )
        print(f"  orders copied: {time.perf_counter() - t0:.0f}s", flush=True)
        cur.execute(
            "INSERT INTO assignments (order_id, unit_id, role, active, assigned_at, deadline_at) "
            "SELECT id, lead_unit_id, 'lead', true, dispatched_at, deadline_at FROM work_orders"
        )
        cur.execute(
            "INSERT INTO order_events (order_id, seq, action, actor_role, from_state, to_state, "
            "data, attachments, created_at) "
            "SELECT id, 1, 'dispatch', 'system', NULL, 'dispatched', '{}'::json, '[]'::json, "
            "dispatched_at FROM work_orders UNION ALL "
            "SELECT id, 2, 'sign', 'unit_lead', 'dispatched', 'signed', '{}'::json, '[]'::json, "
            "signed_at FROM work_orders WHERE signed_at IS NOT NULL UNION ALL "
            "SELECT id, 3, 'reply', 'unit_lead', 'signed', 'replied', '{}'::json, '[]'::json, "
            "replied_at FROM work_orders WHERE replied_at IS NOT NULL UNION ALL "
            "SELECT id, 4, 'record_callback', 'centre', 'replied', state, "
            "'{\"satisfaction\": \"satisfied\"}'::json, '[]'::json, closed_at "
            "FROM work_orders WHERE closed_at IS NOT NULL"
        )
        # co-handling (协办): one order in seven has a co-unit, one of the ten busiest
        # lead units (so their inboxes mix led and co-handled orders)
        cur.execute(
            "WITH busy AS (SELECT lead_unit_id AS unit_id, "
            "row_number() OVER (ORDER BY count(*) DESC) - 1 AS k FROM work_orders "
            "GROUP BY lead_unit_id ORDER BY count(*) DESC LIMIT 10) "
            "INSERT INTO assignments (order_id, unit_id, role, active, assigned_at, "
            "deadline_at, reported_at) "
            "SELECT o.id, b.unit_id, 'co', true, o.dispatched_at, o.deadline_at, o.replied_at "
            "FROM work_orders o JOIN busy b ON b.k = o.id % 10 "
            "WHERE o.id % 7 = 0 AND b.unit_id <> o.lead_unit_id"
        )
        for table in ("appeals", "work_orders", "assignments", "order_events"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        for day, last in per_day.items():
            cur.execute("INSERT INTO order_sequences (day, last) VALUES (%s, %s)", (day, last))
        conn.commit()
        print(f"  assignments/events: {time.perf_counter() - t0:.0f}s", flush=True)
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - t0


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def _serve_receiver(port: int) -> None:
    """A minimal keep-alive HTTP/1.1 server answering 204 to every POST (own process)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                writer.write(b"HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def receiver() -> tuple[multiprocessing.Process, int]:
    """Start the receiver in another process (a unit's server is not in our loop)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    proc = multiprocessing.Process(target=_serve_receiver, args=(port,), daemon=True)
    proc.start()
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, port


async def measure(url: str, cat: Catalogue, args: argparse.Namespace) -> dict[str, Any]:
    threshold = None if args.prepare_threshold < 0 else args.prepare_threshold
    engine = create_engine_for(url, prepare_threshold=threshold, pre_ping=not args.no_pre_ping)
    sessions = session_factory(engine)
    local = UrlPolicy.from_setting("127.0.0.1")  # the receiver is on this machine
    cases = CaseService(sessions, cat, secret_key="bench", url_policy=local)
    await cases.prepare()
    only = set(args.only.split(",")) if args.only else {"create", "inbox", "detail", "drain"}
    res: dict[str, Any] = {}
    rnd = random.Random(3)

    # busiest lead units for the inbox query
    with psycopg.connect(args.pg_db) as conn:
        top = conn.execute(
            "SELECT u.code, count(*) FROM work_orders o JOIN units u ON u.id = o.lead_unit_id "
            "GROUP BY u.code ORDER BY count(*) DESC LIMIT 10"
        ).fetchall()
        sample = conn.execute(
            "SELECT o.number, u.code FROM work_orders o JOIN units u ON u.id = o.lead_unit_id "
            "ORDER BY random() LIMIT %s",
            (args.samples,),
        ).fetchall()
    res["busiest_units"] = [(c, int(n)) for c, n in top[:3]]

    # 1. create and dispatch (with a webhook endpoint on every unit of the sample)
    if "create" in only:
        await create_phase(cases, cat, top, args, res, rnd)
    if "inbox" in only:
        await inbox_phase(cases, top, args, res)
    if "detail" in only:
        await detail_phase(cases, sample, args, res)
    if "drain" in only:
        await drain_phase(sessions, local, args, res)
    if "compare" in only:
        await compare_phase(url, cat, top, sample, args)
    await engine.dispose()
    return res


async def create_phase(
    cases: CaseService,
    cat: Catalogue,
    top: list[tuple[str, int]],
    args: argparse.Namespace,
    res: dict[str, Any],
    rnd: random.Random,
) -> None:
    """Orders opened through ``open_work_order``, 8 at a time; endpoints on busy units."""
    for code, _ in top[:10]:
        await cases.register_endpoint(code, "http://127.0.0.1:9/unused")
    pairs = combos(cat)
    sem = asyncio.Semaphore(8)

    async def create(i: int) -> None:
        _, entry_code, _, county, _, _ = rnd.choice(pairs)
        e = cat.entries[entry_code]
        async with sem:
            await cases.open_work_order(
                AppealDraft(
                    idempotency_key=f"live-{uuid.uuid4().hex}",
                    channel="wechat",
                    sender=f"u{i}",
                    text="路面破损，请修复。",
                    category_level1=e.level1,
                    category_level2=e.level2,
                    county=county,
                    contact_phone="13800000000",
                    extra={"category_level3": e.level3},
                )
            )

    t0 = time.perf_counter()
    await asyncio.gather(*(create(i) for i in range(args.creates)))
    res["create_per_s"] = args.creates / (time.perf_counter() - t0)


async def inbox_phase(
    cases: CaseService, top: list[tuple[str, int]], args: argparse.Namespace, res: dict[str, Any]
) -> None:
    """Inbox: open states, newest first, first page + the next page by cursor; then every
    order of the unit (led and co-handled), and the co-handled ones alone."""
    lat: list[float] = []
    open_states = [
        State.DISPATCHED,
        State.SIGNED,
        State.IN_PROGRESS,
        State.EXTENSION,
        State.REOPENED,
    ]
    for k in range(args.samples):
        code = top[k % len(top)][0]
        actor = Actor.unit(code)
        t = time.perf_counter()
        page = await cases.list_orders(actor, role="lead", states=open_states, limit=20)
        lat.append(time.perf_counter() - t)
        if page.next_cursor:
            t = time.perf_counter()
            await cases.list_orders(
                actor, role="lead", states=open_states, limit=20, cursor=page.next_cursor
            )
            lat.append(time.perf_counter() - t)
    res["inbox_ms"] = (pct(lat, 50) * 1000, pct(lat, 99) * 1000, len(lat))
    lat = []
    for k in range(args.samples):
        code = top[k % len(top)][0]
        t = time.perf_counter()
        await cases.list_orders(Actor.unit(code), role="all", limit=20)
        lat.append(time.perf_counter() - t)
    res["inbox_all_ms"] = (pct(lat, 50) * 1000, pct(lat, 99) * 1000, len(lat))
    lat = []
    for k in range(args.samples):
        code = top[k % len(top)][0]
        t = time.perf_counter()
        await cases.list_orders(Actor.unit(code), role="co", limit=20)
        lat.append(time.perf_counter() - t)
    res["inbox_co_ms"] = (pct(lat, 50) * 1000, pct(lat, 99) * 1000, len(lat))


VARIANTS = {  # name: (prepare_threshold, pre_ping)
    "prepared+ping": (1, True),
    "unprepared+ping": (None, True),
    "prepared, no ping": (1, False),
    "unprepared, no ping": (None, False),
}


async def compare_phase(
    url: str,
    cat: Catalogue,
    top: list[tuple[str, int]],
    sample: list[tuple[str, str]],
    args: argparse.Namespace,
) -> None:
    """Driver settings side by side: each call goes to the variants in turn, so load from
    elsewhere on the machine falls on all of them alike (ratios in one run)."""
    engines = {
        name: create_engine_for(url, prepare_threshold=t, pre_ping=p)
        for name, (t, p) in VARIANTS.items()
    }
    services = {
        name: CaseService(session_factory(e), cat, secret_key="bench")
        for name, e in engines.items()
    }
    for svc in services.values():
        await svc.prepare()
    inbox: dict[str, list[float]] = {n: [] for n in services}
    detail: dict[str, list[float]] = {n: [] for n in services}
    for k in range(args.samples):
        order = list(services.items())
        order = order[k % len(order) :] + order[: k % len(order)]  # rotate who goes first
        for name, svc in order:
            t = time.perf_counter()
            await svc.list_orders(Actor.unit(top[k % len(top)][0]), role="all", limit=20)
            inbox[name].append(time.perf_counter() - t)
            number, code = sample[k % len(sample)]
            t = time.perf_counter()
            await svc.get_order(number, Actor.unit(code))
            detail[name].append(time.perf_counter() - t)
    for name in services:
        i, d = inbox[name], detail[name]
        print(
            f"{name:22} inbox lead+co p50 {pct(i, 50) * 1000:5.1f} p99 {pct(i, 99) * 1000:5.1f}"
            f" | detail p50 {pct(d, 50) * 1000:5.1f} p99 {pct(d, 99) * 1000:5.1f} ms"
        )
    for e in engines.values():
        await e.dispose()


async def detail_phase(
    cases: CaseService, sample: list[tuple[str, str]], args: argparse.Namespace, res: dict[str, Any]
) -> None:
    """Detail as the lead unit: with the contact shown, the view is a durable event (one
    INSERT, committed before the answer); without, a read. The commit of one logged row
    is timed alongside, as the floor of the first."""
    viewed: list[float] = []
    read: list[float] = []
    for number, code in sample:
        t = time.perf_counter()
        rec = await cases.get_order(number, Actor.unit(code))
        (viewed if rec.contact is not None else read).append(time.perf_counter() - t)
    lat = viewed + read
    res["detail_ms"] = (pct(lat, 50) * 1000, pct(lat, 99) * 1000, len(lat))
    res["detail_view_ms"] = (pct(viewed, 50) * 1000, pct(viewed, 99) * 1000, len(viewed))
    res["detail_read_ms"] = (pct(read, 50) * 1000, pct(read, 99) * 1000, len(read))
    commits: list[float] = []
    async with await psycopg.AsyncConnection.connect(args.pg_db, autocommit=True) as conn:
        await conn.execute("CREATE TEMP TABLE IF NOT EXISTS _c (x int)")
        await conn.execute("CREATE TABLE IF NOT EXISTS bench_commit (x int)")
        for _ in range(len(sample)):
            t = time.perf_counter()
            await conn.execute("INSERT INTO bench_commit VALUES (1)")
            commits.append(time.perf_counter() - t)
        await conn.execute("DROP TABLE bench_commit")
    res["commit_ms"] = (pct(commits, 50) * 1000, pct(commits, 99) * 1000, len(commits))


async def drain_phase(
    sessions: Any, policy: UrlPolicy, args: argparse.Namespace, res: dict[str, Any]
) -> None:
    """Outbox drain against a local receiver."""
    proc, port = receiver()
    with psycopg.connect(args.pg_db) as conn:
        conn.execute("UPDATE webhook_endpoints SET url = %s", (f"http://127.0.0.1:{port}/hook",))
        eps = [r[0] for r in conn.execute("SELECT id FROM webhook_endpoints").fetchall()]
        payload = json.dumps({"type": "order.updated", "data": {"order": {"number": "x"}}})
        now = datetime.now(UTC)
        nonce = uuid.uuid4().hex[:8]
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY outbox (msg_id, endpoint_id, order_id, event_type, payload, status, "
                "attempts, next_attempt_at, created_at) FROM STDIN"
            ) as cp,
        ):
            for i in range(args.outbox):
                cp.write_row(
                    (
                        f"msg_bench_{nonce}_{i}",
                        eps[i % len(eps)],
                        1 + i % 50000,
                        "order.updated",
                        payload,
                        "pending",
                        0,
                        now,
                        now,
                    )
                )
        conn.commit()
        pending = conn.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()
    total = pending[0] if pending else 0
    worker = DeliveryWorker(sessions, batch=200, concurrency=32, url_policy=policy)
    t0 = time.perf_counter()
    delivered = 0
    while delivered < total:
        n = await worker.run_once()
        if n == 0:
            break
        delivered += n
    res["drain_per_s"] = delivered / (time.perf_counter() - t0)
    res["drained"] = (delivered, total)
    await worker.aclose()
    proc.terminate()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--creates", type=int, default=2000)
    ap.add_argument("--samples", type=int, default=500)
    ap.add_argument("--outbox", type=int, default=20000)
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    ap.add_argument("--reuse", default=None, help="measure again on a kept database")
    ap.add_argument("--only", default="", help="phases, e.g. inbox,detail (default: all)")
    ap.add_argument("--prepare-threshold", type=int, default=1, help="psycopg's; -1: never prepare")
    ap.add_argument("--no-pre-ping", action="store_true", help="skip the checkout ping")
    args = ap.parse_args()
    cat = load_catalogue(REPO / "config" / "data")
    if args.reuse:
        args.pg_db = args.pg.rsplit("/", 1)[0] + "/" + args.reuse
        report(asyncio.run(measure(args.pg_db, cat, args)), args)
        return 0
    name = f"hotline_casebridge_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.pg, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    args.pg_db = args.pg.rsplit("/", 1)[0] + "/" + name
    try:
        migrate(args.pg_db)  # the case store's tree (its indexes included)

        async def sync() -> dict[str, int]:
            engine = create_engine_for(args.pg_db)
            await CaseService(session_factory(engine), cat).sync_units()
            await engine.dispose()
            with psycopg.connect(args.pg_db) as conn:
                return {c: i for i, c in conn.execute("SELECT id, code FROM units").fetchall()}

        unit_ids = asyncio.run(sync())
        print(f"loading {args.orders:,} orders into {name} ...", flush=True)
        load_s = bulk_load(args.pg_db, args.orders, cat, unit_ids)
        with psycopg.connect(args.pg_db) as conn:
            ev = conn.execute("SELECT count(*) FROM order_events").fetchone()
        print(f"bulk load: {args.orders:,} orders, {ev[0] if ev else 0:,} events in {load_s:.0f}s")
        report(asyncio.run(measure(args.pg_db, cat, args)), args)
    finally:
        if not args.keep:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            print(f"kept database {name} (drop it when done)")
    return 0


def report(res: dict[str, Any], args: argparse.Namespace) -> None:
    """Print the figures."""
    print(f"busiest units: {res['busiest_units']}")
    if "create_per_s" in res:
        print(
            f"create+dispatch: {res['create_per_s']:.0f} orders/s "
            f"({args.creates} orders, concurrency 8)"
        )
    for k, label in (
        ("inbox_ms", "inbox (open states, page 1+2)"),
        ("inbox_all_ms", "inbox (lead+co, page 1)"),
        ("inbox_co_ms", "inbox (co-handled only, page 1)"),
        ("detail_ms", "order detail"),
        ("detail_view_ms", "  of which contact shown (audited view: one durable INSERT)"),
        ("detail_read_ms", "  of which without contact (read only)"),
        ("commit_ms", "commit of one logged row (fsync floor, same run)"),
    ):
        if k in res:
            p50, p99, n = res[k]
            print(f"{label}: p50 {p50:.1f} ms, p99 {p99:.1f} ms over {n} calls")
    if "drain_per_s" in res:
        print(f"outbox drain: {res['drain_per_s']:.0f} deliveries/s {res['drained']}")


if __name__ == "__main__":
    raise SystemExit(main())
