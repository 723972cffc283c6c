"""trial3 F30: which address is the client for the ``/api/progress`` limit.

uvicorn believes ``X-Forwarded-For`` from 127.0.0.1 by default, so anyone reaching the
port from the machine itself got a fresh budget by naming another address. ``hotline
serve`` believes it only from ``HOTLINE_FORWARDED_ALLOW_IPS`` (none by default): the
real gateway, served with the CLI's options, on SQLite.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import httpx
import pytest

from config.settings import ConfigError, Settings
from gateway.app import create_app
from gateway.cli import serve
from gateway.cli.serve import uvicorn_options
from gateway.kv.limits import PROGRESS_FAILURES
from tests.unit.gateway.live_server import serving


def _settings(tmp_path: Path, trusted: str = "") -> Settings:
    from gateway.db import migrate

    settings = Settings(
        var_dir=tmp_path, database_url="", secret_key="x" * 32, forwarded_allow_ips=trusted
    )
    migrate(settings.effective_database_url)
    return settings


async def _misses(client: httpx.AsyncClient, prefix: str, n: int, **headers: str) -> list[int]:
    """``n`` look-ups of distinct unknown numbers (so only the client's budget counts)."""
    statuses = []
    for i in range(n):
        r = await client.post(
            "/api/progress",
            json={"number": f"HZ20250101-{prefix}{i:04d}", "phone_last4": "1234"},
            headers=headers,
        )
        statuses.append(r.status_code)
    return statuses


async def test_a_spoofed_forwarded_for_from_an_untrusted_peer_gets_no_fresh_budget(
    tmp_path: Path,
) -> None:
    async with (
        serving(create_app(_settings(tmp_path)), _settings(tmp_path)) as base,
        httpx.AsyncClient(base_url=base) as c,
    ):
        limit = PROGRESS_FAILURES.limit
        assert await _misses(c, "10", limit) == [404] * limit
        spoofed = await _misses(c, "20", 3, **{"X-Forwarded-For": "1.2.3.4"})
        assert spoofed == [429] * 3


async def test_the_trusted_proxy_names_the_client(tmp_path: Path) -> None:
    # behind nginx (here: the test, from 127.0.0.1, listed as the proxy) each citizen has
    # their own budget, and a citizen's own X-Forwarded-For entry cannot be used to hop
    # budgets: nginx appends the address it saw, the rightmost untrusted one counts
    settings = _settings(tmp_path, "127.0.0.1")
    async with (
        serving(create_app(settings), settings) as base,
        httpx.AsyncClient(base_url=base) as c,
    ):
        limit = PROGRESS_FAILURES.limit
        one = {"X-Forwarded-For": "203.0.113.7"}
        assert await _misses(c, "10", limit, **one) == [404] * limit
        assert await _misses(c, "20", 1, **one) == [429]
        assert await _misses(c, "30", 1, **{"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}) == [429]
        assert await _misses(c, "40", 1, **{"X-Forwarded-For": "198.51.100.9"}) == [404]


def test_the_default_trusts_no_proxy() -> None:
    assert Settings(secret_key="x" * 32).forwarded_allow_ips == ""
    options = uvicorn_options(Settings(secret_key="x" * 32), "127.0.0.1", 0)
    assert options["forwarded_allow_ips"] == ""


@pytest.mark.parametrize("value", ["nginx", "127.0.0.1,lb.local", "10.0.0.0/33"])
def test_a_proxy_list_that_is_not_addresses_is_refused(value: str, monkeypatch: Any) -> None:
    monkeypatch.setenv("HOTLINE_FORWARDED_ALLOW_IPS", value)
    from config.settings import load_settings

    with pytest.raises(ConfigError, match="FORWARDED_ALLOW_IPS"):
        load_settings()
    args = argparse.Namespace(workers=None, host=None, port=None, forwarded_allow_ips=value)
    monkeypatch.delenv("HOTLINE_FORWARDED_ALLOW_IPS")
    with pytest.raises(ConfigError, match="--forwarded-allow-ips"):
        serve._serve(args)
