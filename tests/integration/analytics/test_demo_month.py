"""``hotline demo seed`` gives a month like the ones centres publish: city-wide 满意率 and
解决率 in the mid-90s, a real spread between units, and a ranking that means something."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from casebridge.analytics import figures, rollup
from casebridge.analytics.config import load_config
from casebridge.analytics.demo import DemoSeeder
from casebridge.analytics.periods import parse_period
from casebridge.analytics.tally import Metric
from casebridge.catalogue import load_catalogue
from casebridge.db import create_engine_for, migrate, session_factory, sync_engine_for
from config.settings import DATA_DIR

pytestmark = pytest.mark.integration

END = datetime(2025, 4, 3, 4, tzinfo=UTC)


def test_a_demo_month_looks_like_a_published_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    migrate(url)
    engine = sync_engine_for(url)
    try:
        with engine.begin() as conn:
            DemoSeeder(load_catalogue(DATA_DIR), orders=12000, end=END, months=13).run(conn)
    finally:
        engine.dispose()
    cfg = load_config(DATA_DIR)

    async def month() -> figures.PeriodFigures:
        e = create_engine_for(url)
        try:
            sessions = session_factory(e)
            await rollup.refresh(sessions, END, cfg.policy)
            async with sessions() as s:
                return await figures.from_rollup(s, parse_period("2025-03"), cfg, END)
        finally:
            await e.dispose()

    f = asyncio.run(month())
    rates = {m: f.overall.rates[m].value for m in Metric}
    assert 0.90 <= (rates[Metric.SATISFACTION] or 0) <= 0.985
    assert 0.90 <= (rates[Metric.RESOLUTION] or 0) <= 0.99
    assert (rates[Metric.RESPONSE] or 0) >= 0.9
    ranked = [r for r in f.ranking if r.rank is not None]
    assert len(ranked) >= 20
    scores = [r.score or 0.0 for r in ranked]
    assert max(scores) - min(scores) >= 10  # a real spread, not a wall of 100.00
    assert len({r.rank for r in ranked}) >= len(ranked) // 2  # ties are the exception
    sat = sorted(r.rates[Metric.SATISFACTION].value or 0 for r in ranked)
    assert sat[0] < 0.9 < sat[-1]
    # every kind of deduction occurs somewhere
    assert sum(r.tally.returns for r in f.ranking) > 0
    assert sum(r.tally.returns_rejected for r in f.ranking) > 0
    assert sum(r.reopens for r in f.ranking) > 0
    assert sum(r.supervisions for r in f.ranking) > 0
