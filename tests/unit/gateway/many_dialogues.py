"""Many citizens at once, through the real pipeline to real work orders (issue 16).

Each citizen runs the intake dialogue to an order (appeal with its place → "匿名" →
"确认"), all at the same time, on the real dialogue engine, case store and console
records; only the NLU is scripted (same result every run). Shared by the SQLite test here
and the PostgreSQL + Redis one in ``tests/integration/gateway``.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, select

from casebridge.db import create_engine_for, session_factory
from casebridge.models import WorkOrder
from channels.messages import InboundMessage, MessageKind
from config.settings import DATA_DIR, Settings
from dialogs.engine import context_for_channel, step
from dialogs.wording import load_wording
from gateway.casebridge_wiring import build_case_service
from gateway.console.service import ConsoleService
from gateway.kv.store import Store
from gateway.pipeline import Pipeline
from gateway.pipeline.handler import PipelineConfig
from nlu.types import Intent, NluResult, Territory

COUNTIES = ("牡丹区", "定陶区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县")
# each tells since when: the fixed script answers no "since when?" (asked of a quick intake)
PROBLEMS = (
    "小区门口的路灯坏了一个多星期",
    "楼下的下水道堵了两天了，污水溢到路面",
    "村里的自来水停了三天了",
)
WORDING = load_wording(DATA_DIR)


class ScriptedNlu:
    """An appeal with its county, whatever the text."""

    def parse(self, text: str) -> NluResult:
        county = next((c for c in COUNTIES if c in text), None)
        return NluResult(
            text=text,
            intent=Intent("appeal", 0.9),
            territory=Territory(county=county) if county else None,
        )


async def run_dialogues(
    database_url: str,
    store: Store,
    citizens: int,
    *,
    pool_size: int = 2,
    concurrency: int = 16,
) -> tuple[list[str], int]:
    """``citizens`` concurrent intake dialogues; returns each citizen's failure (empty when
    every one was told a work-order number) and the orders in the database.

    The pool is small on purpose (``pool_size`` kept, none more, 2 s checkout timeout):
    many more order transactions than connections must queue, not fail.
    """
    engine = create_engine_for(database_url, pool_size=pool_size, max_overflow=0, pool_timeout=2.0)
    sessions = session_factory(engine)
    settings = Settings(env="test", database_url=database_url)
    cases = build_case_service(settings, sessions)
    await cases.prepare(settings.secret_key.get_secret_value())
    console = ConsoleService(sessions, store)
    pipeline = Pipeline(
        store=store,
        nlu=ScriptedNlu(),
        knowledge=None,
        cases=cases,
        console=console,
        media=None,
        adapters={},
        step=step,
        context_for=lambda channel: context_for_channel(WORDING, channel),
        config=PipelineConfig(rate_limit_per_minute=1000, concurrency=concurrency),
    )

    async def citizen(i: int) -> str | None:
        script = [
            f"{COUNTIES[i % len(COUNTIES)]}某某小区{i}号楼，{PROBLEMS[i % len(PROBLEMS)]}",
            "匿名",
            "确认",
        ]
        said: list[str] = []
        for n, text in enumerate(script):
            msg = InboundMessage(
                channel="web",
                account="web",
                sender=f"citizen-{i}",
                external_id=f"m{n}",
                kind=MessageKind.TEXT,
                text=text,
                received_at=datetime.now(UTC),
            )
            said = [r.text or "" for r in await pipeline.handle(msg)]
        if any("工单编号" in t or "工单号" in t for t in said):
            return None
        return f"citizen {i} got no order number: {said!r}"

    try:
        results = await asyncio.gather(*(citizen(i) for i in range(citizens)))
        await pipeline.delivery.drain()
        async with sessions() as s:
            orders = int(await s.scalar(select(func.count()).select_from(WorkOrder)) or 0)
    finally:
        await console.aclose()
        await engine.dispose()
    return [r for r in results if r is not None], orders
