"""trial4 F42: the emergency banner in real headless Chromium. The supervisor shows the
caller's number from the banner (recorded in the record's trail) to phone it through,
and an acknowledged record stays findable under 「已处置的紧急事项」."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .harness import ADMIN_PASSWORD, Citizen, Live, live_gateway

pytestmark = [pytest.mark.integration, pytest.mark.browser]

PHONE = "13853001234"


@pytest.fixture
def live(tmp_path: Path, free_port: int, sqlite_url: str) -> Iterator[Live]:
    with live_gateway(tmp_path, sqlite_url, free_port, real_nlu=True, emergencies=True) as gateway:
        yield gateway


def test_the_supervisor_reveals_the_number_and_finds_the_acknowledged_record(
    live: Live, browser: object
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    citizen = Citizen(live)
    frames = citizen.frames(f"楼道里着火了，浓烟很大，我电话{PHONE}")
    assert frames[0]["transfer_to"] == "119", frames
    citizen.close()

    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live.base_url}/agent")
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("#login-btn")
    card = page.get_by_test_id("emergency-alerts").get_by_test_id("emergency").first
    expect(card).to_contain_text("119")
    where = card.get_by_test_id("emergency-where")
    expect(where).to_contain_text("138****1234")
    expect(where).not_to_contain_text(PHONE)

    card.get_by_test_id("emergency-reveal").click()
    expect(where).to_contain_text(PHONE)
    record = card.get_attribute("data-id")
    assert record

    # the look is in the record's own trail
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    with httpx.Client(base_url=live.base_url, cookies=cookies) as api:
        trail = api.get("/api/agent/emergencies/trail", params={"id": record}).json()["trail"]
    assert [(t["actor"], t["action"]) for t in trail if t["action"] == "revealed"] == [
        ("admin", "revealed")
    ], trail

    card.get_by_test_id("emergency-ack").click()
    expect(page.get_by_test_id("emergency-alerts")).to_be_hidden()
    history = page.get_by_test_id("emergency-history")
    history.locator("summary").click()
    past = history.get_by_test_id("emergency").first
    expect(past).to_contain_text("已知悉：admin")
    expect(past).to_contain_text("119")
    expect(past.get_by_test_id("emergency-where")).to_contain_text(PHONE)  # revealed here

    # after a reload (or for another agent) the record is still listed, masked again
    page.reload()
    expect(page.get_by_test_id("who")).to_contain_text("值班长")
    history = page.get_by_test_id("emergency-history")
    history.locator("summary").click()
    past = history.get_by_test_id("emergency").first
    expect(past).to_contain_text("已知悉：admin")
    expect(past.get_by_test_id("emergency-where")).to_contain_text("138****1234")
    expect(past.get_by_test_id("emergency-where")).not_to_contain_text(PHONE)
    expect(past.get_by_test_id("emergency-reveal")).to_be_visible()
