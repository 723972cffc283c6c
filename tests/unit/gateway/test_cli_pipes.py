"""``hotline … | head``: a command whose reader has gone stops quietly (trial6 F06)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.cli import BROKEN_PIPE

REPO = Path(__file__).resolve().parents[3]


def run_into_closed_pipe(argv: list[str]) -> tuple[int, str]:
    """``hotline argv`` writing to a pipe nobody reads any more: (status, stderr)."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "gateway.cli", *argv],
            stdout=write,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env={**os.environ, "HOTLINE_SECRET_KEY": "pipe-secret"},
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    return done.returncode, done.stderr.decode()


def quiet(err: str) -> bool:
    return not any(w in err for w in ("Traceback", "BrokenPipeError", "Exception ignored"))


@pytest.mark.parametrize(
    "argv",
    [
        ["units", "keys"],  # the finding: hotline units keys | head
        ["units", "list"],
        ["units", "keys", "--county", "曹县"],
        ["channels", "list"],
    ],
)
def test_output_to_a_closed_pipe_ends_quietly(argv: list[str]) -> None:
    status, err = run_into_closed_pipe(argv)
    assert quiet(err), err
    assert status == BROKEN_PIPE


@pytest.mark.parametrize("argv", [["--help"], ["report", "--help"]])
def test_help_to_a_closed_pipe_ends_quietly(argv: list[str]) -> None:
    # argparse writes the help and exits itself (0): no traceback either way
    status, err = run_into_closed_pipe(argv)
    assert quiet(err), err
    assert status in (0, BROKEN_PIPE)


def test_output_to_an_open_pipe_is_whole() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "units", "keys"],
        capture_output=True,
        cwd=REPO,
        env={**os.environ, "HOTLINE_SECRET_KEY": "pipe-secret"},
        timeout=120,
        check=True,
    )
    lines = done.stdout.decode().splitlines()
    assert lines[0].startswith("centre\t")
    assert len(lines) > 100
