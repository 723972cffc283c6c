"""In headless Chromium: after 转交 the handing agent's view says so and is closed to
input (trial4 F08); signing out with chats held warns first (F33); a narrow window
stacks the three columns (F17).

Screenshots go to ``test-artifacts/console/``.
"""

from __future__ import annotations

import httpx
import pytest

from .harness import ADMIN_PASSWORD, ARTIFACTS, Live, waiting_citizen

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def _agents(live: Live) -> httpx.Client:
    """zhangmin and lili exist; lili is signed in (online), so a chat can go to her."""
    boss = httpx.Client(base_url=live.base_url, timeout=30)
    assert boss.post(
        "/api/agent/login", json={"username": "admin", "password": ADMIN_PASSWORD}
    ).is_success
    for user, name in (("zhangmin", "张敏"), ("lili", "李丽")):
        made = boss.post(
            "/api/agent/agents",
            json={"username": user, "display_name": name, "password": f"{user}-pass-1"},
        )
        assert made.status_code == 201, made.text
    lili = httpx.Client(base_url=live.base_url, timeout=30)
    assert lili.post(
        "/api/agent/login", json={"username": "lili", "password": "lili-pass-1"}
    ).is_success
    return lili


def _sign_in(page: object, live: Live, user: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.set_default_timeout(15_000)
    page.goto(f"{live.base_url}/agent")
    page.fill("#username", user)
    page.fill("#password", f"{user}-pass-1")
    page.click("#login-btn")
    expect(page.get_by_test_id("who")).to_contain_text(user)


def test_after_handover_the_view_says_so_and_takes_no_input(live: Live, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lili = _agents(live)
    citizen = waiting_citizen(live)
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    _sign_in(page, live, "zhangmin")
    page.get_by_test_id("queue").locator("li").first.get_by_role("button", name="接入").click()
    expect(page.locator("#reply-form")).to_be_visible()
    page.fill("#transfer-to", "lili")
    page.click("#transfer-btn")
    expect(page.locator("#chat-meta")).to_have_text("状态：已转交李丽（lili）")
    expect(page.locator("#alerts")).to_contain_text("会话已转交李丽（lili）")
    for button in ("#reply-btn", "#transfer-btn", "#release-btn", "#order-btn"):
        expect(page.locator(button)).to_be_disabled()
    expect(page.locator("#reply-text")).to_be_disabled()
    page.screenshot(path=str(ARTIFACTS / "handover-done.png"))
    # it is lili's now
    held = lili.get("/api/agent/turns", params={"key": citizen.key}).json()["held_by"]
    assert held == "lili"
    # a supervisor watching lili's chat sees it, but no order form (trial4 F22)
    boss = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    boss.set_default_timeout(15_000)
    boss.goto(f"{live.base_url}/agent")
    boss.fill("#username", "admin")
    boss.fill("#password", ADMIN_PASSWORD)
    boss.click("#login-btn")
    boss.get_by_test_id("queue").locator("li").first.click()
    expect(boss.locator("#chat-meta")).to_contain_text("李丽")  # display name (trial4 F13)
    expect(boss.locator("#order-panel")).to_be_hidden()
    citizen.close()


def test_signing_out_with_a_chat_held_warns_first(live: Live, browser: object) -> None:
    from playwright.sync_api import Browser, Dialog, expect

    assert isinstance(browser, Browser)
    lili = _agents(live)
    citizen = waiting_citizen(live)
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    _sign_in(page, live, "zhangmin")
    page.get_by_test_id("queue").locator("li").first.get_by_role("button", name="接入").click()
    expect(page.locator("#reply-form")).to_be_visible()
    asked: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        # answered inside the handler: a confirm() left open would hold the click itself
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("#logout")
    page.wait_for_timeout(500)
    assert asked == ["您还有1个会话在处理，退出后将回到排队。确定退出吗？"]
    expect(page.locator("#reply-form")).to_be_visible()  # stayed: nothing changed
    expect(page.get_by_test_id("who")).to_contain_text("zhangmin")
    assert lili.get("/api/agent/queue").json()["items"] == []  # not back in the queue
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#logout")
    expect(page.locator("#login-form")).to_be_visible()
    assert "正在为您转接其他工作人员" in citizen.pushed("转接")
    citizen.close()


@pytest.mark.parametrize("width", [800, 400])
def test_a_narrow_window_stacks_the_columns(live: Live, browser: object, width: int) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _agents(live)
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    _sign_in(page, live, "zhangmin")
    boxes = [page.locator(f"section.{c}").bounding_box() for c in ("queue", "chat")]
    assert all(b is not None for b in boxes)
    queue, chat = boxes
    assert queue is not None
    assert chat is not None
    assert chat["width"] > width * 0.8  # full width, not a sliver
    assert chat["y"] >= queue["y"] + queue["height"]  # below the queue, not beside it
    page.screenshot(path=str(ARTIFACTS / f"narrow{width}-console.png"), full_page=True)
