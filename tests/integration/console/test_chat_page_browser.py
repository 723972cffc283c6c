"""The /chat page in real headless Chromium (W4): one greeting, not two; a reload shows
the conversation again with the bot's last question, and the citizen goes on from it."""

from __future__ import annotations

import pytest

from .harness import Live

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def test_one_greeting_and_a_reload_resumes_the_last_question(live: Live, browser: object) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live.base_url + "/chat")
        bot = page.locator(".msg.bot")
        page.fill("#text", "你好")
        page.press("#text", "Enter")
        expect(bot.last).to_contain_text("请问有什么可以帮您", timeout=15000)
        said = " ".join(page.locator(".msg").all_inner_texts())
        assert said.count("请问有什么可以帮您") == 1
        page.fill("#text", "小区里的垃圾好几天没人清了，臭得很")
        page.press("#text", "Enter")
        expect(bot.last).to_contain_text("发生在哪里", timeout=15000)
        before = page.locator(".msg.bot, .msg.me").all_inner_texts()

        page.reload()
        expect(bot.last).to_contain_text("发生在哪里", timeout=15000)
        assert page.locator(".msg.bot, .msg.me").all_inner_texts() == before
        page.fill("#text", "鄄城县古泉街道金色家园小区")
        page.press("#text", "Enter")
        expect(bot.last).not_to_contain_text("发生在哪里", timeout=15000)
        # the conversation went on where it stood: the answer was taken as the place
        assert "什么问题" not in bot.last.inner_text()
    finally:
        context.close()
