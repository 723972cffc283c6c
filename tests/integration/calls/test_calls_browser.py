"""In real headless Chromium: an incoming call appears in the console, the agent accepts,
and the double of Twilio's REST API receives the bridge. Screenshots go to
``test-artifacts/console/``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import defusedxml.ElementTree as ET
import httpx
import pytest

from gateway.routers.calls import calls_of
from tests.integration.console.harness import Live, live_gateway

from .conftest import CALLER, OUR_NUMBER, PASSWORD, TwilioDouble, signed, voice_adapter

pytestmark = [pytest.mark.integration, pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "console"


@pytest.fixture
def live(tmp_path: Path, free_port: int, sqlite_url: str, twilio: TwilioDouble) -> Iterator[Live]:
    with live_gateway(tmp_path, sqlite_url, free_port) as gateway:
        gateway.services.adapters["voice"] = voice_adapter(twilio.url)
        calls_of(gateway.services)
        yield gateway


def test_an_incoming_call_is_accepted_in_the_console_and_bridged(
    live: Live, browser: object, twilio: TwilioDouble
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    live.run(live.services.console.create_agent("alice", "张受理", "agent", PASSWORD))
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live.base_url}/agent")
    page.fill("#username", "alice")
    page.fill("#password", PASSWORD)
    page.click("#login-btn")
    expect(page.get_by_test_id("calls")).to_be_visible()
    expect(page.locator("#live")).to_have_class("live on")

    path, body, headers = signed(
        "/webhooks/voice", {"CallSid": "CA42", "From": CALLER, "To": OUR_NUMBER}, live.base_url
    )
    r = httpx.post(live.base_url + path, content=body, headers=headers, timeout=10)
    assert r.status_code == 200
    assert ET.fromstring(r.text).find("Enqueue") is not None

    call = page.get_by_test_id("call-list").locator("li", has_text="来电…1234")
    expect(call).to_be_visible()
    expect(call).not_to_contain_text(CALLER)
    page.screenshot(path=str(ARTIFACTS / "calls-01-incoming.png"))
    call.get_by_role("button", name="接听").click()
    expect(page.get_by_test_id("calls-note")).to_contain_text("已接听")
    deadline = time.monotonic() + 10
    while not twilio.updates and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [sid for sid, _ in twilio.updates] == ["CA42"]
    dial = ET.fromstring(twilio.updates[0][1]["Twiml"]).find("Dial/Client")
    assert dial is not None
    assert dial.text == "alice"
    expect(page.get_by_test_id("turns")).to_contain_text("来电：进入人工排队")
    expect(call).to_contain_text("正在接通")
    # HOTLINE_VOICE_STREAM off: the agent is told there is no live assist, and the assist
    # panel shows the call as a call with assist off (not as a chat)
    expect(page.get_by_test_id("turns")).to_contain_text("本通电话未开启实时辅助")
    expect(page.locator("#assist-status")).to_contain_text("本通电话未开启实时辅助")
    page.screenshot(path=str(ARTIFACTS / "calls-02-accepted.png"))
    page.close()


def _post(live: Live, path: str, params: dict[str, str]) -> httpx.Response:
    url, body, headers = signed(path, params, live.base_url)
    return httpx.post(live.base_url + url, content=body, headers=headers, timeout=10)


def test_a_call_in_the_console_reads_as_a_call(
    live: Live, browser: object, twilio: TwilioDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trial4 F51–F54 and F04: a queued call's wait counts and turns red past the answer
    target; on the call no chat reply box, 渠道：电话; the talk time is a system turn and
    after-call work counts down; 整理完毕 says so; the endpoint reads 网页话机; a missed
    call's item has the number in the domestic form, its time and the wait."""
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    monkeypatch.setenv("HOTLINE_VOICE_ANSWER_SECONDS", "2")
    live.services.extras.pop("calls", None)
    calls_of(live.services)  # built again with the short answer target
    live.run(live.services.console.create_agent("alice", "张受理", "agent", PASSWORD))
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)
    page.goto(f"{live.base_url}/agent")
    page.fill("#username", "alice")
    page.fill("#password", PASSWORD)
    page.click("#login-btn")
    expect(page.locator("#live")).to_have_class("live on")
    expect(page.locator("#endpoint-now")).to_have_text("网页话机 alice")

    assert _post(live, "/webhooks/voice", {"CallSid": "CA7", "From": CALLER, "To": OUR_NUMBER})
    call = page.get_by_test_id("call-list").locator("li", has_text="来电…1234")
    wait = call.get_by_test_id("call-wait")
    expect(wait).to_contain_text("已等待")
    expect(wait).to_have_class("wait late")  # past 2 s
    call.get_by_role("button", name="接听").click()
    expect(page.locator("#chat-meta")).to_contain_text("渠道：电话")
    expect(page.get_by_test_id("call-note")).to_be_visible()
    expect(page.locator("#reply-form")).to_be_hidden()
    expect(page.locator("#reply-image-btn")).to_be_hidden()

    params = {"CallSid": "CA7", "DialCallStatus": "completed", "DialCallDuration": "95"}
    assert _post(live, "/webhooks/voice/dialed?sid=CA7", params).status_code == 200
    expect(page.get_by_test_id("turns")).to_contain_text("通话结束，通话时长1分35秒")
    expect(page.get_by_test_id("calls-note")).to_contain_text("剩余4分")
    page.click("#wrap-btn")
    expect(page.get_by_test_id("calls-note")).to_contain_text("话后整理完毕（用时")
    expect(page.get_by_test_id("turns")).to_contain_text("话后整理完毕")
    expect(page.get_by_test_id("turns")).not_to_contain_text("会话已释放")
    expect(page.locator("#chat-meta")).to_contain_text("状态：通话已结束")

    # a caller who hangs up in the queue: the callback item says when and how long
    other = "+8613853001234"
    assert _post(live, "/webhooks/voice", {"CallSid": "CA8", "From": other, "To": OUR_NUMBER})
    hung = {"CallSid": "CA8", "QueueResult": "hangup", "QueueTime": "3"}
    assert _post(live, "/webhooks/voice/dequeued", hung).status_code == 200
    item = page.get_by_test_id("callback-item").filter(has_text="来电…1234")
    expect(item).to_contain_text("来电时间 ")
    expect(item).to_contain_text("等待")
    item.get_by_role("button", name="领取回拨").click()
    expect(item.get_by_test_id("callback-number")).to_have_text("回拨号码：138 5300 1234")
    assert "+86" not in page.get_by_test_id("calls").inner_text()
    page.screenshot(path=str(ARTIFACTS / "calls-03-callback.png"))
    page.close()
