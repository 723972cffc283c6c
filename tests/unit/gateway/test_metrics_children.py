"""The gateway's metrics look a labelled child up once and then reuse it: the counts
and the exposition are those of prometheus_client's own metrics."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client import Counter as LibraryCounter

from gateway.metrics import Counter, Histogram


def _exposed(registry: CollectorRegistry) -> list[str]:
    return [
        line
        for line in generate_latest(registry).decode().splitlines()
        if not line.startswith("#") and "_created" not in line
    ]


def test_children_are_reused_and_count_as_the_library_counts() -> None:
    ours, theirs = CollectorRegistry(), CollectorRegistry()
    mine = Counter("t_total", "t", ["channel", "outcome"], registry=ours)
    lib = LibraryCounter("t_total", "t", ["channel", "outcome"], registry=theirs)
    for channel, outcome in [("wechat", "processed")] * 3 + [("sms", "failed"), ("wechat", "x")]:
        mine.labels(channel, outcome).inc()
        lib.labels(channel, outcome).inc()
    assert _exposed(ours) == _exposed(theirs)
    assert 'outcome="processed"} 3.0' in "\n".join(_exposed(ours))
    assert mine.labels("wechat", "processed") is mine.labels("wechat", "processed")
    assert mine.labels("wechat", "processed") is mine.labels(channel="wechat", outcome="processed")
    assert mine.labels("sms", "failed") is not mine.labels("sms", "processed")


def test_a_wrong_call_is_refused_every_time_and_remembered_never() -> None:
    h = Histogram("t_seconds", "t", ["route"], registry=CollectorRegistry())
    for _ in range(2):
        with pytest.raises(ValueError, match="label count"):
            h.labels("a", "b")
    h.labels("/x").observe(0.5)
    assert h.labels("/x") is h.labels(route="/x")
