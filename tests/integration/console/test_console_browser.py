"""The console in real headless Chromium: sign in, claim, reply, create order, hand back.

Screenshots go to ``test-artifacts/console/``.
"""

from __future__ import annotations

import re

import httpx
import pytest

from .harness import ADMIN_PASSWORD, APPEAL, ARTIFACTS, Live, waiting_citizen

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def test_agent_takes_over_replies_registers_and_hands_back(live: Live, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    citizen = waiting_citizen(live)

    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live.base_url}/agent")
    expect(page.locator("h2", has_text="坐席登录")).to_be_visible()
    page.fill("#username", "admin")
    page.fill("#password", "wrong-password")
    page.click("#login-btn")
    expect(page.locator("#login-error")).to_contain_text("用户名或密码错误")
    page.screenshot(path=str(ARTIFACTS / "01-login.png"))
    page.fill("#password", ADMIN_PASSWORD)
    page.click("#login-btn")
    expect(page.get_by_test_id("who")).to_contain_text("值班长")
    expect(page.locator("#live")).to_have_class(re.compile(r"\bon\b"))

    item = page.get_by_test_id("queue").locator("li").first
    expect(item).to_contain_text("第1位")
    expect(item).to_contain_text("路灯")
    expect(page.get_by_test_id("supervisor")).to_contain_text("排队 1 个")
    expect(page.locator("#reply-form")).to_be_hidden()  # nothing to answer before a claim
    expect(page.locator("#order-panel")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "02-queue.png"))

    item.get_by_role("button", name="接入").click()
    turns = page.get_by_test_id("turns")
    expect(turns).to_contain_text(APPEAL)
    expect(turns).to_contain_text("已接入")
    title = page.locator("#chat-title")
    expect(title).to_contain_text("网页访客")  # a title an agent can read
    expect(title).to_contain_text("路灯")
    expect(title).not_to_contain_text("web:web:")
    greeting = citizen.pushed("工作人员")
    assert "工作人员已接入" in greeting
    assert "值班长" not in greeting  # a role is not a name

    # the citizen writes while held: it appears live (SSE), masked
    assert citizen.say("我的电话是13853001234，在牡丹区阳光小区") == []
    masked = turns.locator("li.in", has_text="138****1234")
    expect(masked).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "03-claimed-live-message.png"))
    masked.get_by_role("button", name="查看").click()
    expect(turns.locator("li.in", has_text="13853001234")).to_be_visible()

    page.fill("#reply-text", "您好，已收到您反映的路灯问题，马上为您登记。")
    page.click("#reply-btn")
    assert "马上为您登记" in citizen.pushed("马上为您登记")
    expect(turns.locator("li.agent", has_text="马上为您登记")).to_be_visible()

    expect(page.locator("#order-text")).to_have_value(re.compile("路灯坏了"))
    counties = page.locator("#order-county option").all_inner_texts()
    assert {"牡丹区", "曹县", "东明县", "菏泽高新技术产业开发区"} <= set(counties)
    page.select_option("#order-county", "牡丹区")
    page.fill("#order-address", "牡丹区阳光小区")
    page.fill("#order-phone", "13853001234")  # none in the chat: typed (trial4 F49)
    page.click("#order-btn")
    expect(page.locator("#order-result")).to_contain_text("工单已登记：HZ")
    number = re.search(r"HZ[0-9-]+", page.inner_text("#order-result"))
    assert number is not None
    assert number.group(0) in citizen.pushed(number.group(0))
    page.screenshot(path=str(ARTIFACTS / "04-order-created.png"))

    page.click("#release-btn")
    expect(page.locator("#chat-meta")).to_contain_text("机器人服务")
    assert "人工服务已结束" in citizen.pushed("人工服务已结束")
    page.screenshot(path=str(ARTIFACTS / "05-handed-back.png"))
    assert citizen.say("你好")  # the bot answers again

    jar = {str(c.get("name")): str(c.get("value")) for c in page.context.cookies()}
    audit = httpx.get(f"{live.base_url}/api/agent/audit", cookies=jar).json()["entries"]
    assert {"claim", "reveal_pii", "open_order", "release"} <= {e["action"] for e in audit}
    citizen.close()
    page.close()


def test_the_web_chat_shows_a_quick_reply_by_its_label(live: Live, browser: object) -> None:
    """A tapped quick reply shows (and sends) its Chinese label, never its payload."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page()
    try:
        page.goto(live.base_url + "/chat")
        page.fill("#text", "你好")
        page.press("#text", "Enter")
        button = page.locator(".quick button", has_text="反映问题").first
        expect(button).to_be_visible(timeout=15000)
        button.click()
        mine = page.locator(".msg.me")
        expect(mine.last).to_have_text("反映问题", timeout=15000)
        expect(page.locator(".msg.bot").last).to_contain_text("具体说说", timeout=15000)
        assert "/appeal" not in page.locator("#log").inner_text()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "web-chat-quick-reply.png"))
    finally:
        page.close()


def test_a_second_click_on_submit_does_not_file_the_order_twice(
    live: Live, browser: object
) -> None:
    """After an order the form is emptied; submitting again in the same chat asks first,
    and declining files nothing (trial4 F06: a second order went to the unit)."""
    from playwright.sync_api import Browser, Dialog, expect

    assert isinstance(browser, Browser)
    citizen = waiting_citizen(live)
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live.base_url}/agent")
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("#login-btn")
    page.get_by_test_id("queue").locator("li").first.get_by_role("button", name="接入").click()
    expect(page.locator("#chat-meta")).to_contain_text("渠道：网页")  # never the code "web"
    expect(page.locator("#order-text")).to_have_value(re.compile("路灯坏了"))
    page.select_option("#order-county", "牡丹区")
    page.fill("#order-phone", "13853001234")  # none in the chat: typed (trial4 F49)
    page.click("#order-btn")
    expect(page.locator("#order-result")).to_contain_text("工单已登记：HZ")
    first = re.search(r"HZ[0-9-]+", page.inner_text("#order-result"))
    assert first is not None
    expect(page.locator("#order-county")).to_have_value("")  # the form is emptied

    asked: list[str] = []

    def decline(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", decline)
    page.fill("#order-text", APPEAL)  # the same matter typed again
    page.fill("#order-phone", "13853001234")
    page.click("#order-btn")
    expect(page.locator("#order-result")).to_contain_text("本会话已登记工单" + first.group(0))
    assert asked
    assert first.group(0) in asked[0]
    jar = {str(c.get("name")): str(c.get("value")) for c in page.context.cookies()}
    audit = httpx.get(f"{live.base_url}/api/agent/audit", cookies=jar).json()["entries"]
    assert [e["detail"]["number"] for e in audit if e["action"] == "open_order"] == [first.group(0)]
    citizen.close()
    page.close()
