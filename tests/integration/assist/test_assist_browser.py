"""The assist path end to end in headless Chromium: a call's speech (espeak-ng) streams in,
the agent sees the transcript and a filled draft, corrects it, submits the order; the call
ends and its inspection record shows in the supervisor view.

Screenshots go to ``test-artifacts/assist/``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from websockets.sync.client import connect

from gateway.inspection.router import inspection_for
from tests.integration.console.harness import ADMIN_PASSWORD, Live

from .conftest import admin_client, signed_headers, ws_url
from .speech import SILENCE, Frames, KnownTextEngine, chunks, utterances

pytestmark = [pytest.mark.integration, pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "assist"
KEY = "voice:twilio:+8613853009999"


def _call_frames(voices: dict[str, list[bytes]], frames: Frames) -> list[str]:
    """Both tracks, frame by frame: the agent greets, the citizen speaks, the agent closes."""
    greet = utterances(voices["agent"][:1])
    citizen = utterances(voices["citizen"])
    close = utterances(voices["agent"][1:])
    inbound = SILENCE * len(greet) + citizen + SILENCE * len(close)
    outbound = greet + SILENCE * len(citizen) + close
    out = []
    for i, (a, b) in enumerate(zip(chunks(inbound), chunks(outbound), strict=True)):
        out.append(frames.media(a, i, "inbound"))
        out.append(frames.media(b, i, "outbound"))
    return out


def test_agent_submits_the_order_from_the_live_draft(
    live: Live, engine: KnownTextEngine, voices: dict[str, list[bytes]], browser: object
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    console = live.services.console
    live.run(console.enqueue(KEY, "voice", "twilio", "+8613853009999", "citizen_request", "来电"))

    page = browser.new_page(viewport={"width": 1500, "height": 950}, locale="zh-CN")
    page.set_default_timeout(20_000)
    page.goto(f"{live.base_url}/agent")
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("#login-btn")
    expect(page.locator("#live")).to_have_class(re.compile(r"\bon\b"))
    item = page.get_by_test_id("queue").locator("li", has_text="来电").first
    item.get_by_role("button", name="接入").click()
    expect(page.get_by_test_id("assist")).to_be_visible()
    expect(page.locator("#order-panel")).to_be_visible()

    frames = Frames(KEY)
    media = _call_frames(voices, frames)
    with connect(ws_url(live), additional_headers=signed_headers(live), open_timeout=10) as ws:
        ws.send(frames.connected())
        ws.send(frames.start(("inbound", "outbound")))
        for m in media:
            ws.send(m)

        # the transcript and the draft, live
        transcript = page.locator("#assist-transcript")
        expect(transcript).to_contain_text("阳光小区")
        expect(transcript).to_contain_text("138****1234")  # masked on screen
        expect(page.locator("#order-county")).to_have_value("牡丹区")
        expect(page.locator("#order-township")).to_have_value("西城街道")
        expect(page.locator("#order-text")).to_have_value(re.compile("路灯坏了"))
        expect(page.locator("#order-since")).to_have_value(re.compile("星期"))
        expect(page.locator("#order-phone")).to_have_value("13853001234")
        expect(page.locator("#assist-draft dd[data-field=category]")).to_contain_text("城乡建设")
        expect(page.locator("#assist-kb")).to_contain_text("路灯")
        turns = page.get_by_test_id("turns")
        expect(turns.locator("li.agent", has_text="请讲")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "01-live-draft.png"))

        # the agent corrects the place; the draft no longer overwrites that field
        page.fill("#order-address", "牡丹区西城街道阳光小区南门")
        page.click("#order-btn")
        expect(page.locator("#order-result")).to_contain_text("工单已登记：HZ")
        page.screenshot(path=str(ARTIFACTS / "02-order-submitted.png"))
        ws.send(frames.stop())

    number = re.search(r"HZ[0-9-]+", page.inner_text("#order-result"))
    assert number is not None
    client = admin_client(live)
    deadline = time.monotonic() + 20
    done: list[object] = []
    while time.monotonic() < deadline and not done:
        done = live.run(inspection_for(live.services).inspect_pending())
        done = [d for d in done if getattr(d, "conversation_key", "") == KEY]
        time.sleep(0.2)
    assert done, "the ended call was not inspected"
    records = client.get("/api/inspection/records").json()["items"]
    mine = next(r for r in records if r["conversation"] == KEY)
    assert mine["agent"] == "admin"
    assert mine["work_order"] == number.group(0)
    assert mine["agent_turns"] == 2
    assert mine["score"] == 100, mine["findings"]

    order = client.get("/api/agent/prefill", params={"key": KEY}).json()
    assert order["work_order"] == number.group(0)

    page.goto(f"{live.base_url}/inspection")
    record = page.get_by_test_id("records").locator("[data-testid=record]").first
    expect(record).to_contain_text("值班长")  # the display name (trial4 F26)
    expect(page.get_by_test_id("scores")).to_contain_text("值班长")
    page.screenshot(path=str(ARTIFACTS / "03-inspection.png"))
    page.close()
