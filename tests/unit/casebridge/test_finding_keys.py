"""Supervision finding keys fit their column (VARCHAR(255)) whatever they are about.

The knowledge-base staleness key once joined every stale entry id and overflowed the
column (``value too long for type character varying(255)``, the job failed every run).
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from casebridge.supervision_policy import Policy
from casebridge.supervision_rules import (
    KEY_LIMIT,
    KnowledgeSnapshot,
    OrderSnapshot,
    bounded_key,
    knowledge_stale,
    repeated,
)
from casebridge.supervision_terms import Timer

NOW = datetime(2025, 6, 1, tzinfo=UTC)
POLICY = Policy()


def test_staleness_key_is_bounded_and_names_the_set() -> None:
    base = KnowledgeSnapshot("k", "u1", "市医保局", "条目", updated_at=NOW - timedelta(days=400))
    many = [replace(base, entry_id=f"entry-{i:04d}-{'x' * 40}") for i in range(300)]
    (finding,) = knowledge_stale(many, NOW, POLICY)
    assert len(finding.key) <= KEY_LIMIT
    assert finding.key.startswith("sv:kb:u1:")
    assert len(finding.entry_ids) == 300  # the ids themselves are all kept
    # the same stale set gives the same key in any order; another set another key
    assert knowledge_stale(list(reversed(many)), NOW, POLICY)[0].key == finding.key
    assert knowledge_stale(many[:-1], NOW, POLICY)[0].key != finding.key


def test_repeated_keys_with_long_parts_are_bounded() -> None:
    orders = [
        OrderSnapshot(
            number=f"S{i}",
            unit_id="u1",
            unit_name="牡丹区住建局",
            state="dispatched",
            dispatched_at=NOW - timedelta(days=5 - i),
            category="类" * 200,
            township="西城街道",
            citizen_key="c" * 300,
            deadlines={Timer.REPLY: NOW - timedelta(hours=1)},  # past due: 应当解决未解决
        )
        for i in range(3)
    ]
    findings = repeated(orders, NOW, POLICY)
    assert findings
    assert all(len(f.key) <= KEY_LIMIT for f in findings)
    assert len({f.key for f in findings}) == len(findings)


def test_bounded_key_is_order_insensitive() -> None:
    assert bounded_key("p", ["a", "b"]) == bounded_key("p", ["b", "a"])
    assert bounded_key("p", ["a", "b"]) != bounded_key("p", ["a,b"])
    assert len(bounded_key("x" * 1000, ["a"])) <= KEY_LIMIT
