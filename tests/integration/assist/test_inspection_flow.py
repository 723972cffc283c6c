"""Inspection of a finished chat: red line found, supervisors alerted, the agent contests,
a supervisor decides; who may see and do what; chat assist suggestions."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from gateway.console.hub import Subscriber
from gateway.inspection.router import inspection_for
from tests.integration.console.harness import Citizen, Live

from .conftest import admin_client, make_agent

pytestmark = [pytest.mark.integration]


async def _subscribe(live: Live) -> tuple[Subscriber, Any]:
    cm = live.services.console.hub.subscribe("boss-watch", True)
    return cm.__enter__(), cm


async def _next_inspection(sub: Subscriber) -> dict[str, Any]:
    while True:
        event = await asyncio.wait_for(sub.queue.get(), 10)
        if event.get("type") == "inspection":
            return event


def test_a_shifting_answer_is_a_red_line_contested_and_withdrawn(live: Live) -> None:
    boss = admin_client(live)
    li = make_agent(live, boss, "li", "li-password-1")
    citizen = Citizen(live)
    citizen.say("我家小区门口的路灯坏了一个多星期，晚上走路很不安全")
    citizen.say("转人工")
    key = citizen.key
    assert li.post("/api/agent/claim", json={"key": key}).status_code == 200

    # chat assist while held: draft, knowledge-base answer, suggested replies
    view = li.get("/api/assist", params={"key": key}).json()
    assert view["source"] == "chat"
    assert "路灯" in view["draft"]["matter"]
    assert view["draft"]["phone"] is None  # chat stays masked
    assert any("路灯" in k["title"] for k in view["knowledge"])
    assert any("县区" in r or "哪里" in r for r in view["replies"])  # ask the place next
    assert boss.get("/api/assist", params={"key": key}).status_code == 200  # supervisor
    other = make_agent(live, boss, "wang", "wang-password-1")
    assert other.get("/api/assist", params={"key": key}).status_code == 403

    for text in ("这不归我们管，你去找别人吧。", "就这样。"):
        assert li.post("/api/agent/reply", json={"key": key, "text": text}).status_code == 200
    assert li.post("/api/agent/release", json={"key": key}).status_code == 200

    sub, cm = live.run(_subscribe(live))
    try:
        done = live.run(inspection_for(live.services).inspect_pending())
        assert key in {d.conversation_key for d in done}
        event = live.run(_next_inspection(sub))
    finally:
        cm.__exit__(None, None, None)
    assert event["key"] == key
    assert event["red_line"] is True
    assert event["agent"] == "li"
    assert "推诿" in event["summary"]
    assert live.run(inspection_for(live.services).inspect_pending()) == []  # once only

    mine = li.get("/api/inspection/records").json()["items"]
    assert {r["agent"] for r in mine} == {"li"}  # an agent sees only their own
    record = next(r for r in mine if r["conversation"] == key)
    assert record["red_line"] is True
    rules = {f["rule"]: f for f in record["findings"]}
    # the greeting the console sends on claiming (wording agent_joined) is the console's,
    # not the agent's wording (trial4 F28): li's own first words carry no greeting, and
    # the closing "就这样" is not standard
    assert set(rules) == {"greeting", "closing", "shifting_responsibility"}
    assert rules["greeting"]["turns"][0]["text"].startswith("这不归我们管")
    shifting = rules["shifting_responsibility"]
    assert shifting["turns"][0]["text"].startswith("这不归我们管")
    assert shifting["turns"][0]["author"] == "li"
    assert record["score"] == 100 - 10 - 10 - 40
    assert li.get("/api/inspection/scores").status_code == 403

    fid = shifting["id"]
    assert (
        boss.post(f"/api/inspection/findings/{fid}/contest", json={"reason": "x"}).status_code
        == 403
    )  # not the supervisor's own finding
    r = li.post(
        f"/api/inspection/findings/{fid}/contest", json={"reason": "诉求人要求转交供电公司"}
    )
    assert r.status_code == 200
    assert r.json()["finding"]["state"] == "contested"
    again = li.post(f"/api/inspection/findings/{fid}/contest", json={"reason": "再次申诉"})
    assert again.status_code == 409
    assert (
        li.post(f"/api/inspection/findings/{fid}/decide", json={"uphold": False}).status_code == 403
    )
    r = boss.post(f"/api/inspection/findings/{fid}/decide", json={"uphold": False})
    assert r.json()["finding"]["state"] == "withdrawn"
    assert (
        boss.post("/api/inspection/findings/999999/decide", json={"uphold": True}).status_code
        == 404
    )

    after = next(
        r for r in boss.get("/api/inspection/records").json()["items"] if r["conversation"] == key
    )
    assert after["score"] == 100 - 10 - 10  # the greeting and closing findings stand
    assert after["red_line"] is False
    audit = boss.get("/api/agent/audit", params={"key": key}).json()["entries"]
    assert {"contest_finding", "decide_finding"} <= {e["action"] for e in audit}
    scores = boss.get("/api/inspection/scores").json()["items"]
    assert any(s["agent"] == "li" and s["inspected"] >= 1 for s in scores)

    # a second stretch of the same conversation is inspected on its own turns only
    citizen.say("转人工")
    assert li.post("/api/agent/claim", json={"key": key}).status_code == 200
    for text in ("您好，请问还有什么需要帮您？", "好的，感谢您的来电，再见。"):
        assert li.post("/api/agent/reply", json={"key": key, "text": text}).status_code == 200
    assert li.post("/api/agent/release", json={"key": key}).status_code == 200
    second = live.run(inspection_for(live.services).inspect_pending())
    assert [d.conversation_key for d in second] == [key]
    assert second[0].result.score == 100
    both = [
        r for r in li.get("/api/inspection/records").json()["items"] if r["conversation"] == key
    ]
    assert len(both) == 2
    citizen.close()


def test_the_inspection_page_needs_a_sign_in(live: Live) -> None:
    import httpx

    r = httpx.get(f"{live.base_url}/inspection", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/agent?next=/inspection"
    assert httpx.get(f"{live.base_url}/api/inspection/records").status_code == 401


def test_similar_recent_orders_are_offered_as_merge_candidates(live: Live) -> None:
    from casebridge.intake import AppealDraft
    from gateway.assist.router import assist_for

    text = "牡丹区丹阳街道花园小区门口的路灯坏了好几天，晚上一片漆黑"
    draft = AppealDraft(
        idempotency_key="assist-similar-1",
        channel="web",
        sender="v-similar",
        text=text,
        county="牡丹区",
        township="丹阳街道",
        conversation_id="web:web:v-similar",
    )
    receipt = live.run(live.services.cases.open_work_order(draft))
    assist = assist_for(live.services)
    live.run(assist.similar.refresh(force=True))
    other = "花园小区门口路灯坏了好几天了，晚上很黑"
    found = assist.similar.find(other, "牡丹区", "voice:twilio:+8613000000000")
    assert [f["number"] for f in found][:1] == [receipt.number]
    assert assist.similar.find(other, "曹县", "voice:twilio:+8613000000000") == []
    assert assist.similar.find(other, "牡丹区", "web:web:v-similar") == []  # its own order
    assert assist.similar.find("路灯坏了", "牡丹区", "x:y:z") == []  # too short to say


def test_a_handover_notice_is_not_the_agents_closing_line(live: Live) -> None:
    """trial4 F28: li greets, asks, hands the chat to wang (the console tells the citizen in
    li's name); wang hands it back. The console's notices are not li's words, and a
    handover is not the end of li's service: no closing finding, nothing on the notices."""
    boss = admin_client(live)
    li = make_agent(live, boss, "li", "li-password-1")
    wang = make_agent(live, boss, "wang", "wang-password-1")
    citizen = Citizen(live)
    citizen.say("我家小区门口的路灯坏了一个多星期，晚上走路很不安全")
    citizen.say("转人工")
    key = citizen.key
    assert li.post("/api/agent/claim", json={"key": key}).status_code == 200
    for text in ("您好，菏泽12345热线。", "请问路灯在哪个小区？"):
        assert li.post("/api/agent/reply", json={"key": key, "text": text}).status_code == 200
    moved = li.post("/api/agent/transfer", json={"key": key, "to": "wang"})
    assert moved.status_code == 200
    assert moved.json()["display_name"] == "wang"
    assert wang.post("/api/agent/release", json={"key": key}).status_code == 200

    done = live.run(inspection_for(live.services).inspect_pending())
    assert [d.conversation_key for d in done] == [key]
    result = done[0].result
    assert [f.rule for f in result.findings] == []
    assert result.agent_turns == 2  # li's own two lines; the two notices are not counted
    record = next(
        r for r in li.get("/api/inspection/records").json()["items"] if r["conversation"] == key
    )
    assert record["agent"] == "li"
    assert record["score"] == 100
    citizen.close()
