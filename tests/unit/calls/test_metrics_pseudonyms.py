"""``/metrics`` shows agents only by pseudonym: the scrape is read by monitoring, and an
agent's username is personal data. The same agent keeps one pseudonym."""

from __future__ import annotations

from prometheus_client import generate_latest

from gateway.calls import figures
from gateway.metrics import REGISTRY


def test_agents_appear_in_metrics_only_by_pseudonym() -> None:
    figures.set_pseudonym_key("k" * 32)
    for agent in ("zhangmin", "li.hua"):
        figures.answered(3.0, 15.0, agent)
        figures.talked(agent, 95.0)
        figures.wrapped_up(agent, 40.0)
    scrape = generate_latest(REGISTRY).decode()
    for agent in ("zhangmin", "li.hua"):
        assert agent not in scrape
        label = figures.pseudonym(agent)
        for family in (
            "hotline_call_answered_total",
            "hotline_call_talk_seconds_count",
            "hotline_call_after_work_seconds_count",
        ):
            assert f'{family}{{agent="{label}"}}' in scrape


def test_a_pseudonym_is_stable_distinct_and_keyed() -> None:
    figures.set_pseudonym_key("a" * 32)
    first = figures.pseudonym("zhangmin")
    assert first == figures.pseudonym("zhangmin")
    assert first != figures.pseudonym("zhangmim")
    assert first.startswith("agent-")
    assert "zhangmin" not in first
    figures.set_pseudonym_key("b" * 32)
    assert figures.pseudonym("zhangmin") != first  # without the key, no dictionary look-up
    assert figures.pseudonym("") == ""
