"""The /chat page's 「位置」 button in real headless Chromium: the browser's position goes
out as a location frame; a point in Heze fills the place, one outside is refused and the
bot asks where again (W5, docs/channels.md "Locations")."""

from __future__ import annotations

import pytest

from .harness import Live

pytestmark = [pytest.mark.integration, pytest.mark.browser]


@pytest.mark.parametrize(("where", "inside"), [((35.25, 115.45), True), ((0.0, 0.0), False)])
def test_the_location_button_sends_the_browsers_position(
    live: Live, browser: object, where: tuple[float, float], inside: bool
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(
        permissions=["geolocation"],
        geolocation={"latitude": where[0], "longitude": where[1]},
        locale="zh-CN",
    )
    page = context.new_page()
    try:
        page.goto(live.base_url + "/chat")
        page.fill("#text", "路口的红绿灯坏了，一直不亮")
        page.press("#text", "Enter")
        bot = page.locator(".msg.bot")
        expect(bot.last).to_contain_text("发生在哪里", timeout=15000)
        asked = bot.count()
        page.click("#where")
        expect(page.locator(".msg.me").last).to_have_text("［已发送位置］", timeout=15000)
        expect(bot).to_have_count(asked + (1 if inside else 2), timeout=15000)
        said = " ".join(bot.all_inner_texts()[asked:])
        if inside:
            assert "发生在哪里" not in said
        else:
            assert "不在菏泽市范围内" in said
            assert "发生在哪里" in said
    finally:
        context.close()
