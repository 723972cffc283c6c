"""服务质检 in headless Chromium: each role sees only the actions it may take — the
finding's agent 申诉, a supervisor 维持/撤销 (trial4 F27: buttons that only answered
「只能对本人的质检结果申诉」 or 「仅值班长可用」)."""

from __future__ import annotations

import time

import httpx
import pytest

from gateway.inspection.router import inspection_for

from .harness import ADMIN_PASSWORD, Citizen, Live

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def _signed_in(live: Live, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=live.base_url, timeout=15)
    r = client.post("/api/agent/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return client


def test_each_role_sees_only_its_own_inspection_actions(live: Live, browser: object) -> None:
    from playwright.sync_api import Browser, Page, expect

    assert isinstance(browser, Browser)
    boss = _signed_in(live, "admin", ADMIN_PASSWORD)
    made = boss.post(
        "/api/agent/agents",
        json={"username": "zhangmin", "display_name": "张敏", "password": "zhangmin-pass"},
    )
    assert made.status_code == 201, made.text
    agent = _signed_in(live, "zhangmin", "zhangmin-pass")
    citizen = Citizen(live)
    citizen.say("我家小区门口的路灯坏了一个多星期，晚上走路很不安全")
    citizen.say("转人工")
    assert agent.post("/api/agent/claim", json={"key": citizen.key}).status_code == 200
    reply = {"key": citizen.key, "text": "这不归我们管，你去找别人吧"}
    assert agent.post("/api/agent/reply", json=reply).status_code == 200
    assert agent.post("/api/agent/release", json={"key": citizen.key}).status_code == 200
    deadline = time.monotonic() + 20
    while not live.run(inspection_for(live.services).inspect_pending()):
        assert time.monotonic() < deadline, "no inspection record"
        time.sleep(0.3)  # the turns are written behind the replies

    def view(client: httpx.Client) -> Page:
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        page.context.add_cookies(
            [{"name": k, "value": v, "url": live.base_url} for k, v in client.cookies.items()]
        )
        page.set_default_timeout(15_000)
        page.goto(f"{live.base_url}/inspection")
        expect(page.get_by_test_id("finding").first).to_be_visible()
        return page

    mine = view(agent)
    expect(mine.get_by_role("button", name="申诉").first).to_be_visible()
    theirs = view(boss)
    expect(theirs.get_by_role("button", name="申诉")).to_have_count(0)
    # the agent by display name, in the record, its turns and the scores (trial4 F26, F13)
    expect(theirs.get_by_test_id("record").first).to_contain_text("张敏 · ")
    expect(theirs.get_by_test_id("finding").first).to_contain_text("坐席·张敏：")
    expect(theirs.locator("#scores tbody")).to_contain_text("张敏")
    assert "zhangmin" not in theirs.locator("#records").inner_text()
    assert "zhangmin" not in theirs.locator("#scores").inner_text()

    finding = agent.get("/api/inspection/records").json()["items"][0]["findings"][0]["id"]
    contest = {"reason": "诉求人要求转其他部门"}
    r = agent.post(f"/api/inspection/findings/{finding}/contest", json=contest)
    assert r.status_code == 200, r.text
    mine.reload()
    expect(mine.get_by_text("申诉中").first).to_be_visible()
    expect(mine.get_by_role("button", name="撤销")).to_have_count(0)
    theirs.reload()
    expect(theirs.get_by_role("button", name="撤销").first).to_be_visible()
    citizen.close()
