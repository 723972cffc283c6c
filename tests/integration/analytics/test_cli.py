"""``hotline demo seed`` then ``hotline report`` on a fresh SQLite file: what a new user
runs first (the schema is brought up to date by the commands themselves)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.cli import main

pytestmark = pytest.mark.integration


def test_seed_then_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'h.db'}")
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(tmp_path / "var"))
    args = [
        "demo",
        "seed",
        "--orders",
        "1200",
        "--months",
        "4",
        "--end",
        "2025-04-03T12:00:00+08:00",
    ]
    assert main(args) == 0
    seeded = capsys.readouterr().out
    assert "诉求 1200 件" in seeded
    # the last line names the states in Chinese, never their codes (trial4 F02)
    states = seeded.strip().splitlines()[-1]
    assert states.startswith("工单状态：已办结 "), states
    assert not re.search(r"[A-Za-z_]{3,}", states), states
    assert main(["report", "--period", "2025-03", "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    total = re.search(r"诉求 (\d+) 件", out)
    assert total is not None
    assert int(total.group(1)) > 200
    html = (tmp_path / "out" / "hotline-report-2025-03.html").read_text("utf-8")
    assert f'id="kpi-total">{total.group(1)}<' in html
    assert (tmp_path / "out" / "hotline-report-2025-03.pdf").read_bytes().startswith(b"%PDF")
    # a period with no data still gives a report, with zeros and no crash
    assert main(["report", "--period", "2019-01", "--out", str(tmp_path / "empty")]) == 0
    assert "诉求 0 件" in capsys.readouterr().out
