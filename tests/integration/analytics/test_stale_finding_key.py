"""Issue 13 item 6: the knowledge-base staleness supervision with many stale entries of
one unit stores its finding (key within VARCHAR(255) on PostgreSQL) and runs again
without a second supervision."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, text

from casebridge.analytics import supervise
from casebridge.analytics.models import SupervisionFinding
from casebridge.models import Supervision
from casebridge.supervision_policy import Policy
from casebridge.supervision_rules import KEY_LIMIT
from gateway.analytics import load_knowledge

pytestmark = pytest.mark.integration

INSERT = text(
    "INSERT INTO kb_entry_versions (entry_id, version, domain, title, questions, answer, "
    "source_unit, effective_date, review_date, retired, author, created_at) VALUES "
    "(:e, 1, 'yibao', :t, '[]', '答复', '菏泽市医疗保障局', :eff, :rev, false, 'test', :at)"
)


async def test_many_stale_entries_make_one_bounded_finding(env) -> None:  # type: ignore[no-untyped-def]
    ids = [f"yibao-policy-{i:03d}-{'long-entry-id-' * 3}"[:64] for i in range(120)]
    assert len(",".join(ids)) > 255 * 10  # joined, the ids would overflow the column
    async with env.sessions() as s, s.begin():
        for i, entry_id in enumerate(ids):
            await s.execute(
                INSERT,
                {
                    "e": entry_id,
                    "t": f"政策条目{i}",
                    "eff": date(2024, 6, 1),
                    "rev": date(2025, 1, 1),
                    "at": datetime(2024, 6, 1, tzinfo=UTC),
                },
            )
    entries = await load_knowledge(env.sessions)
    assert len(entries) == len(ids)
    for _ in range(2):  # the scheduled job runs again: same finding, no second supervision
        await supervise.sweep(env.sessions, env.cases, env.clock.now, Policy(), knowledge=entries)
    async with env.sessions() as s:
        finding = (await s.execute(select(SupervisionFinding))).scalar_one()
        opened = await s.scalar(select(func.count()).select_from(Supervision))
    assert finding.trigger == "kb_stale"
    assert len(finding.key) <= KEY_LIMIT
    assert sorted(finding.entry_ids) == sorted(ids)
    assert opened == 1
