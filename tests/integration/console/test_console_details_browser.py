"""In headless Chromium, the console's small things from trial 4: header links to 服务质检
(everyone) and 查看记录 (supervisors, F29); a Chinese picture button, never the browser's
"Choose File" (F16); Enter sends, Shift+Enter starts a new line (F43); the agent's turn
is signed with the display name (F13); no empty 相似工单 heading (F12)."""

from __future__ import annotations

import httpx
import pytest

from .harness import ADMIN_PASSWORD, APPEAL, Citizen, Live, waiting_citizen

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def _sign_in(page: object, live: Live, user: str, password: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.set_default_timeout(15_000)
    page.goto(f"{live.base_url}/agent")
    page.fill("#username", user)
    page.fill("#password", password)
    page.click("#login-btn")
    expect(page.get_by_test_id("who")).to_contain_text(user)


def _zhangmin_and_a_citizen_waiting(live: Live) -> tuple[httpx.Client, Citizen]:
    """The admin signed in (its client), the agent zhangmin (张敏) made, and a citizen who
    told the appeal and asked for an agent."""
    boss = httpx.Client(base_url=live.base_url, timeout=30)
    login = {"username": "admin", "password": ADMIN_PASSWORD}
    assert boss.post("/api/agent/login", json=login).is_success
    made = boss.post(
        "/api/agent/agents",
        json={"username": "zhangmin", "display_name": "张敏", "password": "zhangmin-pass-1"},
    )
    assert made.status_code == 201
    citizen = waiting_citizen(live)
    return boss, citizen


def test_an_agents_console_details(live: Live, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    _boss, citizen = _zhangmin_and_a_citizen_waiting(live)

    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="en-US")
    _sign_in(page, live, "zhangmin", "zhangmin-pass-1")
    expect(page.get_by_test_id("to-inspection")).to_have_text("服务质检")
    expect(page.get_by_test_id("to-audit")).to_have_count(0)  # supervisors only
    page.get_by_test_id("queue").locator("li").first.get_by_role("button", name="接入").click()
    expect(page.locator("#reply-form")).to_be_visible()

    # the picture button is Chinese whatever the browser's language; the input is hidden
    expect(page.locator("#reply-image-btn")).to_have_text("发送图片")
    expect(page.locator("#reply-image")).to_be_hidden()
    assert "Choose File" not in page.locator("#reply-form").inner_text()
    assert "No file chosen" not in page.locator("#reply-form").inner_text()

    # Shift+Enter: a new line, nothing sent; Enter: sent
    box = page.locator("#reply-text")
    box.fill("您好")
    box.press("Shift+Enter")
    box.type("请问路灯在几号楼附近？")
    assert box.input_value() == "您好\n请问路灯在几号楼附近？"
    mine = page.locator("#turns li.agent", has_text="几号楼")
    expect(mine).to_have_count(0)
    box.press("Enter")
    expect(mine).to_have_count(1)
    expect(mine.locator(".when")).to_contain_text("坐席·张敏")
    expect(box).to_have_value("")
    citizen.pushed("几号楼")

    # the assist panel: no heading with nothing under it
    expect(page.locator("#assist-similar")).to_contain_text("暂无相似工单")
    page.close()

    chief = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    _sign_in(chief, live, "admin", ADMIN_PASSWORD)
    expect(chief.get_by_test_id("to-inspection")).to_be_visible()
    chief.get_by_test_id("to-audit").click()
    expect(chief).to_have_url(f"{live.base_url}/inspection/audit")
    entries = chief.get_by_test_id("audit-entry")
    claimed = entries.filter(has_text="接入会话")
    expect(claimed.first).to_contain_text("张敏（zhangmin）")
    chief.close()
    citizen.close()


def test_the_audit_page_is_for_supervisors(live: Live) -> None:
    boss = httpx.Client(base_url=live.base_url, timeout=30)
    assert boss.post(
        "/api/agent/login", json={"username": "admin", "password": ADMIN_PASSWORD}
    ).is_success
    made = boss.post(
        "/api/agent/agents",
        json={"username": "zhangmin", "display_name": "张敏", "password": "zhangmin-pass-1"},
    )
    assert made.status_code == 201
    agent = httpx.Client(base_url=live.base_url, timeout=30)
    assert agent.post(
        "/api/agent/login", json={"username": "zhangmin", "password": "zhangmin-pass-1"}
    ).is_success
    assert boss.get("/inspection/audit").status_code == 200
    refused = agent.get("/inspection/audit", follow_redirects=False)
    assert (refused.status_code, refused.headers["location"]) == (303, "/agent")
    nobody = httpx.get(f"{live.base_url}/inspection/audit", follow_redirects=False)
    assert nobody.headers["location"] == "/agent?next=/inspection/audit"
    assert boss.get("/inspection/static/nothing.js").status_code == 404


def test_an_order_without_a_phone_needs_the_anonymous_choice(live: Live, browser: object) -> None:
    """trial4 F49: no phone typed, none in the chat, 匿名 unticked: the form asks first
    (nothing filed); with 匿名 ticked the order is filed."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    boss, citizen = _zhangmin_and_a_citizen_waiting(live)
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    _sign_in(page, live, "zhangmin", "zhangmin-pass-1")
    page.get_by_test_id("queue").locator("li").first.get_by_role("button", name="接入").click()
    expect(page.locator("#order-panel")).to_be_visible()
    expect(page.locator("#order-phone")).to_have_attribute("placeholder", "会话中未登记电话")
    page.fill("#order-text", APPEAL)
    page.click("#order-btn")
    expect(page.locator("#order-result")).to_have_text(
        "请填写联系电话，或在诉求人不愿留联系方式时勾选“匿名”。"
    )
    turns = boss.get("/api/agent/turns", params={"key": citizen.key}).json()
    assert turns["work_order"] is None
    page.check("#order-anonymous")
    page.click("#order-btn")
    expect(page.locator("#order-result")).to_contain_text("工单已登记：HZ")
    page.close()
    citizen.close()
