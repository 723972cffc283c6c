"""The dashboard in the real headless Chromium of the console tests: a supervisor signs
in at /agent, opens /dashboard on demo data, reads the figures and drills into a rate.

Screenshots go to ``test-artifacts/analytics/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from casebridge.analytics.demo import DemoSeeder
from casebridge.analytics.periods import parse_period
from casebridge.catalogue import load_catalogue
from casebridge.db import sync_url
from casebridge.models import Appeal
from config.settings import DATA_DIR
from tests.integration.console.conftest import apply_console_migration
from tests.integration.console.harness import ADMIN_PASSWORD, Live, live_gateway

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM = Path(os.environ.get("HOTLINE_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "analytics"


@pytest.fixture
def live(tmp_path: Path, free_port: int, sqlite_url: str) -> Iterator[Live]:
    with live_gateway(tmp_path, sqlite_url, free_port) as gateway:
        apply_console_migration(sqlite_url, "0004_supervision_analytics.py")
        engine = create_engine(sync_url(sqlite_url))
        try:
            with engine.begin() as conn:
                DemoSeeder(
                    load_catalogue(DATA_DIR),
                    orders=3000,
                    end=datetime(2025, 4, 5, tzinfo=UTC),
                    months=14,
                ).run(conn)
            with engine.connect() as conn:
                march = parse_period("2025-03")
                gateway.extras["march_total"] = conn.execute(
                    select(func.count()).where(
                        Appeal.created_at >= march.start_utc, Appeal.created_at < march.end_utc
                    )
                ).scalar_one()
        finally:
            engine.dispose()
        yield gateway


@pytest.fixture
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: browser test NOT run"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true makes this a failure)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


def test_supervisor_reads_the_dashboard(live: Live, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page.set_default_timeout(20_000)
    external: list[str] = []
    page.on(
        "request",
        lambda req: external.append(req.url) if not req.url.startswith(live.base_url) else None,
    )
    page.goto(f"{live.base_url}/dashboard?period=2025-03")
    expect(page.locator("h2", has_text="坐席登录")).to_be_visible()  # sent to sign in first
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("#login-btn")
    expect(page.get_by_test_id("who")).to_contain_text("值班长")

    page.goto(f"{live.base_url}/dashboard?period=2025-03")
    total = str(live.extras["march_total"])
    expect(page.locator('[data-kpi="total"]')).to_have_text(total)
    expect(page.locator("#p-trend svg").first).to_be_visible()
    expect(page.locator("#ranking tr").nth(1)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "01-dashboard.png"), full_page=True)

    page.locator("a.drill[data-metric='response']").first.click()
    box = page.locator("#drill")
    expect(box).to_be_visible()
    expect(box).to_contain_text(re.compile(r"达标 \d+ 件"))
    expect(box).to_contain_text("响应率")
    page.screenshot(path=str(ARTIFACTS / "02-drill-down.png"))
    assert external == []  # nothing from a CDN or anywhere else
    page.close()
