"""``hotline serve --workers N``: N gateway processes share sessions, dedup and locks in
Redis and the case store in PostgreSQL; the in-process store is refused for N > 1."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from gateway.cli import main
from tests.integration.gateway.citizen import ORDER_RE, answer

REPO = Path(__file__).resolve().parents[3]
MATTER = "你好，我们小区门口的路灯坏了一个多月了，晚上出行很不方便，希望尽快修好"


def test_more_than_one_process_needs_redis(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("HOTLINE_REDIS_URL", raising=False)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(tmp_path))
    assert main(["serve", "--workers", "2", "--port", "9"]) == 2
    err = capsys.readouterr().err
    assert "HOTLINE_REDIS_URL" in err
    assert not (tmp_path / "hotline.db").exists()  # refused before touching anything


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the last ")"
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


async def _say(port: int, token: str | None, text: str) -> tuple[str, list[str]]:
    """One message on a NEW connection (it may land on either process)."""
    import websockets

    url = f"ws://127.0.0.1:{port}/chat/ws" + (f"?token={token}" if token else "")
    async with websockets.connect(url) as ws:
        hello = json.loads(await ws.recv())
        token = token or hello["token"]
        await ws.send(json.dumps({"type": "message", "id": secrets.token_hex(6), "text": text}))
        out: list[str] = []
        while True:
            frame = json.loads(await ws.recv())
            if frame["type"] == "reply":
                out.append(frame["text"])
            if frame["type"] in ("done", "error"):
                assert token is not None
                return token, out


@pytest.mark.integration
def test_two_processes_carry_one_conversation(
    tmp_path: Path, free_port: int, postgres_url: str, redis_url: str
) -> None:
    env = dict(
        os.environ,
        HOTLINE_VAR_DIR=str(tmp_path),
        HOTLINE_DATABASE_URL=postgres_url,
        HOTLINE_REDIS_URL=redis_url,
        HOTLINE_LOG_LEVEL="WARNING",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--workers", "2", "--port", str(free_port)],
        cwd=REPO,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                r = httpx.get(f"http://127.0.0.1:{free_port}/healthz", timeout=1)
                if r.status_code == 200 and len(_children(proc.pid)) >= 2:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise AssertionError("two gateway processes did not come up")
        assert r.json()["store"] == "RedisStore"

        async def talk() -> tuple[str, str]:
            token, replies = await _say(free_port, None, MATTER)
            for _ in range(10):
                found = ORDER_RE.search("\n".join(replies))
                if found:
                    _, progress = await _say(free_port, token, f"查询 {found.group(0)}")
                    return found.group(0), "\n".join(progress)
                token, replies = await _say(free_port, token, answer("\n".join(replies)))
            raise AssertionError("no order number")

        number, progress = asyncio.run(talk())
        assert number in progress
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
