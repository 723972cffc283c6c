"""``hotline report`` and ``hotline demo seed`` are registered and refuse bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.cli import build_parser, main


def test_subcommands_are_registered() -> None:
    parser = build_parser()
    args = parser.parse_args(["report", "--period", "2025-03", "--out", "out"])
    assert (args.period, args.out, args.no_pdf) == ("2025-03", Path("out"), False)
    args = parser.parse_args(["demo", "seed", "--orders", "50000"])
    assert (args.orders, args.months, args.seed) == (50000, 13, 12345)


def test_bad_period_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--period", "2025-13", "--out", str(tmp_path)]) == 2
    assert "month out of range" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_bad_order_count_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "seed", "--orders", "0"]) == 2
    assert "--orders" in capsys.readouterr().err
