"""Fixtures shared by the whole suite: real services, or a loud skip (a failure under CI)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HOTLINE_SHARED_DIR", REPO.parent / "shared"))
POSTGRES_URL = os.environ.get(
    "HOTLINE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("HOTLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# Tests that start the gateway share one trained NLU model (training takes seconds).
os.environ.setdefault("HOTLINE_NLU_MODEL_DIR", str(REPO / "var" / "test-nlu-model"))


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 0), 1.0):
            return True
    except OSError:
        return False


def require_service(url: str, name: str) -> None:
    """Skip loudly when a real service is missing; under ``CI=true`` fail instead."""
    if _reachable(url):
        return
    message = f"{name} is not reachable at {url}: integration test NOT run"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true makes this a failure)")
    pytest.skip(message)


@pytest.fixture
def redis_url() -> str:
    """A real Redis (the tests use a unique key prefix each)."""
    require_service(REDIS_URL, "Redis")
    return REDIS_URL


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    require_service(POSTGRES_URL, "PostgreSQL")
    import psycopg

    name = f"hotline_t_{uuid.uuid4().hex[:12]}"
    admin = POSTGRES_URL
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file in the test's own folder."""
    return f"sqlite:///{tmp_path / 'hotline.db'}"


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` beside the repository (vectors, data, spec)."""
    if not SHARED.is_dir():
        pytest.skip(f"shared folder not found at {SHARED}")
    return SHARED


@pytest.fixture
def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# Headless Chromium for the browser tests (Debian's package; no browser downloads here),
# started with the flags this machine's closed network needs.
CHROMIUM = Path(os.environ.get("HOTLINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser() -> Iterator[object]:
    """A Playwright Chromium browser; skipped loudly without Chromium, a failure under CI."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: browser test NOT run"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true makes this a failure)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
