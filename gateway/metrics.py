"""Prometheus metrics: requests, latency per channel and stage, rejections."""

from __future__ import annotations

from typing import Self, cast

from prometheus_client import CollectorRegistry
from prometheus_client import Counter as _Counter
from prometheus_client import Histogram as _Histogram


class _Children:
    """``labels(*values)`` answered from a dict of the children already made: the
    library's ``labels`` converts and checks every value and takes a lock on each call
    (about nine calls a WeChat message). The same child objects, so every count lands
    where it did; keyword labels and a first call go to the library."""

    def labels(self, *values: object, **named: object) -> Self:
        if named:
            return cast(Self, super().labels(*values, **named))  # type: ignore[misc]
        made: dict[tuple[object, ...], Self] | None = self.__dict__.get("_made")
        if made is None:
            made = self.__dict__["_made"] = {}
        child = made.get(values)
        if child is None:
            child = made[values] = cast(Self, super().labels(*values))  # type: ignore[misc]
        return child


class Counter(_Children, _Counter):
    """A counter whose labelled children are looked up once."""


class Histogram(_Children, _Histogram):
    """A histogram whose labelled children are looked up once."""


REGISTRY = CollectorRegistry(auto_describe=True)

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "hotline_http_requests_total",
    "HTTP requests by route template, method and status.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "hotline_http_request_seconds",
    "HTTP request latency by route template.",
    ["route"],
    buckets=_BUCKETS,
    registry=REGISTRY,
)
MESSAGES = Counter(
    "hotline_messages_total",
    "Inbound citizen messages by channel and outcome (processed, duplicate, failed).",
    ["channel", "outcome"],
    registry=REGISTRY,
)
STAGE_LATENCY = Histogram(
    "hotline_stage_seconds",
    "Pipeline stage latency per channel (dedup, session, media, nlu, dialog, actions, total).",
    ["channel", "stage"],
    buckets=_BUCKETS,
    registry=REGISTRY,
)
REJECTED = Counter(
    "hotline_webhook_rejected_total",
    "Webhook requests refused, by channel and reason (signature, payload, size, disabled).",
    ["channel", "reason"],
    registry=REGISTRY,
)
OUTBOUND = Counter(
    "hotline_outbound_total",
    "Replies by channel and path (inline, push, pending, failed).",
    ["channel", "path"],
    registry=REGISTRY,
)
WORK_ORDERS = Counter(
    "hotline_work_orders_total",
    "Work orders opened through conversations, by channel.",
    ["channel"],
    registry=REGISTRY,
)
JOB_RUNS = Counter(
    "hotline_job_runs_total",
    "Rounds of a periodic background job (gateway.scheduler.every), by job and outcome.",
    ["job", "outcome"],
    registry=REGISTRY,
)
WRITE_BEHIND = Counter(
    "hotline_write_behind_total",
    "Write-behind records by queue and outcome (written, failed, waited: a full queue "
    "made the writer wait).",
    ["queue", "outcome"],
    registry=REGISTRY,
)
WRITE_BEHIND_COMMITS = Counter(
    "hotline_write_behind_commits_total",
    "Group commits of a write-behind queue.",
    ["queue"],
    registry=REGISTRY,
)
MEDIA_REFUSED = Counter(
    "hotline_media_refused_total",
    "Inbound media URLs refused before any fetch (not the provider's host, an inside "
    "address, too many redirects), by channel (trial5 F25).",
    ["channel"],
    registry=REGISTRY,
)
