"""Prometheus metrics: requests, latency per channel and stage, rejections.

Several processes: ``hotline serve --workers N`` shares one port between N processes, so
a scrape reaches any one of them; it sets ``PROMETHEUS_MULTIPROC_DIR`` (a fresh local
directory, :func:`prepare_multiprocess`) before the workers start, each process then
writes its counts to files there (prometheus_client's multiprocess mode) and ``/metrics``
on any of them answers the sum over all (:func:`exposition`). Gateways started one by one
(one per container or port, behind a balancer) keep their counts in memory and are
scraped one by one (docs/deploy.md "Metrics").
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Self, cast

from prometheus_client import CollectorRegistry, generate_latest
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


#: The environment variable of prometheus_client's multiprocess mode.
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def prepare_multiprocess() -> Path:
    """Before N worker processes start: a directory for their counts, empty, named in
    the environment they inherit (one already set is emptied and used). Local, never the
    shared ``HOTLINE_VAR_DIR``: processes of two machines would mix their files."""
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        path = Path(given)
        if path.is_dir():
            for old in path.glob("*.db"):
                old.unlink()
        path.mkdir(parents=True, exist_ok=True)
    else:
        path = Path(tempfile.mkdtemp(prefix="hotline-metrics-"))
    os.environ[MULTIPROC_ENV] = str(path)
    return path


def remove_multiprocess(path: Path) -> None:
    """After the workers ended: their count files (a directory this module made)."""
    if path.name.startswith("hotline-metrics-"):
        shutil.rmtree(path, ignore_errors=True)


def exposition() -> bytes:
    """The text ``/metrics`` answers: this process's registry, or, in multiprocess mode,
    the counts of every process of the directory summed."""
    directory = os.environ.get(MULTIPROC_ENV)
    if not directory:
        return generate_latest(REGISTRY)
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    return generate_latest(registry)
