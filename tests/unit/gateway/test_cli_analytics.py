"""``hotline report`` and ``hotline demo seed`` are registered and refuse bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.cli import build_parser, main


def test_subcommands_are_registered() -> None:
    parser = build_parser()
    args = parser.parse_args(["report", "--period", "2025-03", "--out", "out"])
    assert (args.period, args.out, args.no_pdf) == ("2025-03", Path("out"), False)
    args = parser.parse_args(["demo", "seed", "--orders", "50000"])
    assert (args.orders, args.months, args.seed) == (50000, 13, 12345)


@pytest.mark.parametrize("period", ["2025-13", "abc", "2025-Q5", "2025-02-30"])
def test_bad_period_is_a_clear_error_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], period: str
) -> None:
    """The dashboard's sentence, no English after 错误 (trial4 F39)."""
    assert main(["report", "--period", period, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"错误：无法识别统计周期“{period}”。统计周期可写作")
    assert not re.search(r"[A-Za-z]{3,}", err.replace(period, "")), err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("period", ["0001", "0001-W01", "9999-12-31", "0001-01-01..0001-01-31"])
def test_period_at_the_calendars_edge_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], period: str
) -> None:
    assert main(["report", "--period", period, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：")
    assert len(err.strip().splitlines()) == 1
    assert "2000" in err
    assert not any(tmp_path.iterdir())


def test_as_of_at_the_calendars_edge_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "--period", "2025-03", "--out", str(tmp_path), "--as-of", "0001-01-01"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())


def test_bad_order_count_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "seed", "--orders", "0"]) == 2
    assert "--orders" in capsys.readouterr().err
