"""``hotline demo seed`` leaves settled data: the 督办 sweep, the warnings and the roll-up
have run at the seed's clock, so counts agree with the orders from the first view."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casebridge.analytics import figures
from casebridge.analytics.config import load_config
from casebridge.analytics.demo import DemoSeeder
from casebridge.analytics.models import EarlyWarning, SupervisionFinding
from casebridge.analytics.periods import parse_period
from casebridge.analytics.settle import seeded_months, settle
from casebridge.catalogue import load_catalogue
from casebridge.db import create_engine_for, migrate, session_factory, sync_engine_for
from casebridge.models import Supervision, WorkOrder
from casebridge.service import CaseService
from config.settings import DATA_DIR

pytestmark = pytest.mark.integration

END = datetime(2025, 4, 3, 4, tzinfo=UTC)


def test_seeded_data_is_settled(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    migrate(url)
    engine = sync_engine_for(url)
    catalogue = load_catalogue(DATA_DIR)
    try:
        with engine.begin() as conn:
            DemoSeeder(catalogue, orders=3000, end=END, months=2).run(conn)
    finally:
        engine.dispose()
    cfg = load_config(DATA_DIR)
    months = seeded_months(END, 2)
    assert [m.label for m in months] == ["2025-03", "2025-04"]

    async def run() -> None:
        e = create_engine_for(url)
        try:
            sessions = session_factory(e)
            cases = CaseService(sessions, catalogue, lambda: END, secret_key="test-secret")
            await cases.sync_units()
            async with sessions() as s:
                before = await s.scalar(select(func.count()).select_from(SupervisionFinding))
            first = await settle(sessions, cases, cfg, END, months)
            again = await settle(sessions, cases, cfg, END, months)
            async with sessions() as s:
                findings = await s.scalar(select(func.count()).select_from(SupervisionFinding))
                warnings = await s.scalar(select(func.count()).select_from(EarlyWarning))
                # 督办 per unit in the roll-up = the store's own count for March
                march = parse_period("2025-03")
                f = await figures.from_rollup(s, march, cfg, END)
                in_store = await s.scalar(
                    select(func.count())
                    .select_from(Supervision)
                    .join(WorkOrder, WorkOrder.id == Supervision.order_id)
                    .where(
                        WorkOrder.dispatched_at >= march.start_utc,
                        WorkOrder.dispatched_at < march.end_utc,
                    )
                )
                hot = [h for h in f.hotspots if h.key in f.warned]
                hot_alerts = await s.scalar(
                    select(func.count())
                    .select_from(EarlyWarning)
                    .where(EarlyWarning.rule == "hotspot", EarlyWarning.key.like("%:2025-03"))
                )
        finally:
            await e.dispose()
        assert before == 0
        assert first.supervisions_opened > 0  # the rules found something to supervise
        assert findings == first.supervisions_opened
        assert first.days_checked == 31 + 3
        assert again.supervisions_opened == 0  # settling twice adds nothing
        assert again.warnings_raised == 0
        assert warnings == first.warnings_raised
        assert in_store > 0
        assert f.overall.supervisions == in_store  # the roll-up saw the sweep's 督办
        assert hot_alerts == len(hot)  # each warned hotspot raised its warning

    asyncio.run(run())
