"""trial13 Q06: gas with someone unwell is told 119 and 120. The citizen's frame puts
119 through; the supervisor's banner shows both numbers, 119 first, with the reason that
says someone is unwell, and the record's JSON lists them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import ADMIN_PASSWORD, Citizen, Live, live_gateway

pytestmark = [pytest.mark.integration, pytest.mark.browser]


@pytest.fixture
def live(tmp_path: Path, free_port: int, sqlite_url: str) -> Iterator[Live]:
    with live_gateway(tmp_path, sqlite_url, free_port, real_nlu=True, emergencies=True) as gateway:
        yield gateway


def test_the_banner_shows_every_number_told_and_the_reason(live: Live, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    citizen = Citizen(live)
    frames = citizen.frames("俺家液化气罐子呲呲漏气 俺老伴闻了头晕乎乎的 站不稳")
    assert frames[0]["transfer_to"] == "119", frames
    assert "120" in str(frames[0]["text"]), frames
    citizen.close()

    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live.base_url}/agent")
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("#login-btn")
    card = page.get_by_test_id("emergency-alerts").get_by_test_id("emergency").first
    expect(card).to_contain_text("119、120")
    expect(card).to_contain_text("火警、医疗急救")
    reason = card.get_by_test_id("emergency-reason")
    expect(reason).to_contain_text("身体不适")
    expect(reason).to_contain_text("120")
