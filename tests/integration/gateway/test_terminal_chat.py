"""``hotline chat --local``: a citizen files an appeal from a terminal and asks its progress."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.integration.gateway.citizen import MATTER, ORDER_RE, answer

REPO = Path(__file__).resolve().parents[3]
PROMPT = "您："


def _read_until_prompt(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    out = ""
    while not out.endswith(PROMPT):
        ch = proc.stdout.read(1)
        if ch == "":
            raise AssertionError("chat ended early:\n" + out)
        out += ch
    return out[: -len(PROMPT)]


def test_terminal_chat_files_an_appeal(tmp_path: Path) -> None:
    env = dict(os.environ, HOTLINE_VAR_DIR=str(tmp_path), HOTLINE_LOG_LEVEL="ERROR")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "chat", "--local"],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdin is not None
    try:
        screen = _read_until_prompt(proc)
        assert "12345" in screen

        def say(text: str) -> str:
            assert proc.stdin is not None
            proc.stdin.write(text + "\n")
            proc.stdin.flush()
            return _read_until_prompt(proc)

        reply = say(MATTER)
        number = None
        for _ in range(10):
            found = ORDER_RE.search(reply)
            if found:
                number = found.group(0)
                break
            reply = say(answer(reply))
        assert number, reply
        progress = say(f"查询 {number}")
        assert number in progress
        proc.stdin.write("/quit\n")
        proc.stdin.flush()
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
