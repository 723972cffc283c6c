"""The /chat page in headless Chromium, trial 4's small things: the read-back's buttons
are off once the citizen answered or a person took the chat, and stay off after a reload
(F15, F36); the buttons keep their width at 400 px (F19); a picture's bubble fits the
picture (F48)."""

from __future__ import annotations

import io

import httpx
import pytest

from .harness import ADMIN_PASSWORD, Live

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 120, 200)).save(buf, format="PNG")
    return buf.getvalue()


def test_stale_quick_replies_are_off_after_the_chat_moves_on(live: Live, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live.base_url + "/chat")
        bot = page.locator(".msg.bot")
        for said, asked in (
            ("我家小区门口的路灯坏了一个多星期，晚上走路很不安全", "发生在哪里"),
            ("牡丹区西城街道阳光小区3号楼", "手机号码"),
            ("13853001234", "核对"),
        ):
            page.fill("#text", said)
            page.press("#text", "Enter")
            expect(bot.last).to_contain_text(asked)
        # the read-back bubble itself (``bot.last`` would follow the newest bubble)
        confirm = bot.nth(bot.count() - 1).get_by_role("button", name="确认提交")
        expect(confirm).to_be_enabled()
        page.fill("#text", "转人工")
        page.press("#text", "Enter")
        expect(confirm).to_be_disabled()
        boss = httpx.Client(base_url=live.base_url, timeout=30)
        assert boss.post(
            "/api/agent/login", json={"username": "admin", "password": ADMIN_PASSWORD}
        ).is_success
        key = boss.get("/api/agent/queue").json()["items"][0]["key"]
        assert boss.post("/api/agent/claim", json={"key": key}).status_code == 200
        expect(bot.last).to_contain_text("工作人员已接入")
        expect(page.locator(".quick button:enabled")).to_have_count(0)
        page.reload()
        expect(bot.last).to_contain_text("工作人员已接入")
        expect(page.get_by_role("button", name="确认提交")).to_be_disabled()
        expect(page.locator(".quick button:enabled")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("width", [400, 320])
def test_the_chat_fits_a_phone_and_a_picture_bubble_fits_the_picture(
    live: Live, browser: object, width: int
) -> None:
    from playwright.sync_api import Browser, FilePayload, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live.base_url + "/chat")
        expect(page.locator("#status")).to_have_text("已连接")
        for selector in ("label.pick", "#where", "#send"):
            box = page.locator(selector).bounding_box()
            assert box is not None, selector
            # one line of text: wider than tall, never a column of single characters
            assert box["width"] > box["height"], (selector, box)
            assert box["height"] < 60, (selector, box)
        picture: FilePayload = {"name": "lamp.png", "mimeType": "image/png", "buffer": _png()}
        page.set_input_files("#file", files=[picture])
        bubble = page.locator(".msg.me").last
        expect(bubble.locator("img")).to_be_visible()
        img = bubble.locator("img").bounding_box()
        box = bubble.bounding_box()
        assert img is not None
        assert box is not None
        assert box["width"] <= img["width"] + 40, (box, img)  # padding only
    finally:
        context.close()
