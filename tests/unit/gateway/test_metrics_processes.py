"""``/metrics`` of ``hotline serve --workers N`` counts every process (issue 16): a
scrape reaches one process, which answers the sum over all of them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gateway import metrics

_COUNT = (
    "from gateway import metrics\n"
    "metrics.MESSAGES.labels('wechat', 'processed').inc({n})\n"
    "metrics.STAGE_LATENCY.labels('wechat', 'total').observe(0.003)\n"
)
_EXPOSE = (
    "import sys\nfrom gateway import metrics\nsys.stdout.write(metrics.exposition().decode())\n"
)


def _run(code: str, directory: Path | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != metrics.MULTIPROC_ENV}
    if directory is not None:
        env[metrics.MULTIPROC_ENV] = str(directory)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _value(text: str, line_start: str) -> float:
    found = [line for line in text.splitlines() if line.startswith(line_start)]
    assert found, text
    return float(found[0].rsplit(" ", 1)[1])


def test_any_process_answers_the_sum_over_the_workers(tmp_path: Path) -> None:
    for n in (2, 3):  # two worker processes, each its own counts
        _run(_COUNT.format(n=n), tmp_path)
    exposed = _run(_EXPOSE, tmp_path)  # a third, as a scrape would reach
    total = 'hotline_messages_total{channel="wechat",outcome="processed"}'
    assert _value(exposed, total) == 5.0
    count = 'hotline_stage_seconds_count{channel="wechat",stage="total"}'
    assert _value(exposed, count) == 2.0


def test_one_process_answers_its_own_counts() -> None:
    assert "hotline_messages_total" in _run(_EXPOSE, None)


def test_the_directory_is_prepared_empty_and_inherited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # set first, so that monkeypatch records (and restores) the variable as it was before
    # the test: prepare_multiprocess() sets it itself, and a delenv of an absent variable
    # records nothing, so the next test saw a removed directory named in it
    monkeypatch.setenv(metrics.MULTIPROC_ENV, str(tmp_path / "unused"))
    monkeypatch.delenv(metrics.MULTIPROC_ENV)
    made = metrics.prepare_multiprocess()
    try:
        assert os.environ[metrics.MULTIPROC_ENV] == str(made)
        assert made.is_dir()
        assert not any(made.iterdir())
    finally:
        metrics.remove_multiprocess(made)
    assert not made.exists()
    # one given by the operator: its old counts (a previous run) are removed, it stays
    given = tmp_path / "counts"
    given.mkdir()
    (given / "counter_123.db").write_bytes(b"old")
    monkeypatch.setenv(metrics.MULTIPROC_ENV, str(given))
    assert metrics.prepare_multiprocess() == given
    assert not any(given.iterdir())
    metrics.remove_multiprocess(given)
    assert given.is_dir()
