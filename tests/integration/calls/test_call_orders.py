"""Orders a call-taker files from a call (trial11 N02, N03): classified from their text like
every other order and dispatched to the competent unit, never the district government
with no category; the caller's number as the contact when the form leaves it empty, in
the bot's orders' form; no contact and no 匿名 is refused with a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from casebridge.models import Appeal, WorkOrder
from dialogs.spoken import clean_phone
from dialogs.state import DialogState, IntakeFlow, IntakeSlots
from gateway.kv import KEYS
from gateway.routers.calls import calls_of
from nlu.engine import NluEngine, load_engine

from .conftest import CALLER, OUR_NUMBER, Line, post_signed

pytestmark = pytest.mark.integration
CONVERSATION = KEYS.conversation("voice", OUR_NUMBER, CALLER)


@pytest.fixture(scope="module")
def real_nlu() -> NluEngine:
    """The project's NLU (the harness scripts it): the order's category is the point."""
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


async def _taken(line: Line, sid: str, caller: str = CALLER) -> str:
    """A call accepted by agent alice; the conversation key the order is filed from."""
    alice = await line.agent("alice")
    await post_signed(line, "/webhooks/voice", CallSid=sid, From=caller, To=OUR_NUMBER)
    await calls_of(line.services).accept(sid, alice)
    return KEYS.conversation("voice", OUR_NUMBER, caller)


async def _order(line: Line, number: str) -> tuple[WorkOrder, Appeal]:
    async with line.services.sessions() as s:
        order = (await s.scalars(select(WorkOrder).where(WorkOrder.number == number))).one()
        appeal = await s.get(Appeal, order.appeal_id)
    assert appeal is not None
    return order, appeal


@pytest.mark.parametrize(
    ("text", "place", "unit"),
    [
        (  # trial11 N02, as the call-taker wrote it
            "来电人反映：牡丹区牡丹街道桂陵社区北门的下水道堵了一个月，污水漫到路上",
            {"county": "牡丹区", "township": "牡丹街道"},
            "综合行政执法局",
        ),
        (
            "楼下烧烤摊每天经营到半夜，油烟扰民",
            {"county": "定陶区", "township": "天中街道", "address": "锦绣小区"},
            "生态环境",
        ),
        (
            "小区门口的下水道堵了，污水漫到路上",
            {"county": "牡丹区", "township": "西城街道", "address": "阳光小区"},
            "综合行政执法局",
        ),
        (  # paraphrases of the kind: a call-taker's summary of a matter with a competent unit
            "市民来电反映：小区外面的下水道堵了好几天，雨水排不出去",
            {"county": "曹县", "township": "青菏街道", "address": "万福小区"},
            "综合行政执法局",
        ),
        (
            "来电人称路边的窨井盖没了，晚上很危险",
            {"county": "牡丹区", "township": "东城街道"},
            "综合行政执法局",
        ),
        (
            "来电者称小区旁边的饭店油烟直排，熏得没法开窗",
            {"county": "牡丹区", "township": "西城街道"},
            "生态环境",
        ),
    ],
)
async def test_a_call_order_is_classified_and_goes_to_the_competent_unit(
    line: Line, real_nlu: NluEngine, text: str, place: dict[str, str], unit: str
) -> None:
    line.services.pipeline.nlu = real_nlu
    key = await _taken(line, "CO100")
    agent = await line.login("alice")
    r = await agent.post(
        "/api/agent/order", json={"key": key, "token": "tok-call-order-1", "text": text, **place}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert unit in body["unit_name"], body
    assert not body["unit_name"].endswith("人民政府")
    order, appeal = await _order(line, body["number"])
    assert order.category_level1 is not None
    assert order.category_level2 is not None
    assert appeal.category_level1 == order.category_level1


async def test_an_empty_contact_is_the_callers_number_in_the_bots_form(line: Line) -> None:
    key = await _taken(line, "CO200")
    agent = await line.login("alice")
    r = await agent.post(
        "/api/agent/order",
        json={
            "key": key,
            "token": "tok-call-order-2",
            "text": "楼上装修噪音扰民",
            "county": "牡丹区",
        },
    )
    assert r.status_code == 200, r.text
    _, appeal = await _order(line, r.json()["number"])
    # the bot's call and SMS orders keep a mobile as its eleven digits: one form
    assert appeal.contact_phone == clean_phone(CALLER) == "13905301234"
    # a number typed in another spelling is kept in the same form
    again = await agent.post(
        "/api/agent/order",
        json={
            "key": key,
            "token": "tok-call-order-3",
            "text": "楼下烧烤油烟扰民",
            "county": "牡丹区",
            "contact_phone": "+86 139 5300 7788",
            "again": True,
        },
    )
    assert again.status_code == 200, again.text
    _, typed = await _order(line, again.json()["number"])
    assert typed.contact_phone == "13953007788"


async def test_no_contact_and_no_anonymous_is_refused_with_a_reason(line: Line) -> None:
    await _taken(line, "CO300", caller="anonymous")  # a withheld caller ID
    key = KEYS.conversation("voice", OUR_NUMBER, "anonymous-CO300")
    agent = await line.login("alice")
    order = {
        "key": key,
        "token": "tok-call-order-4",
        "text": "路灯坏了一个多月",
        "county": "牡丹区",
    }
    r = await agent.post("/api/agent/order", json=order)
    assert r.status_code == 422
    assert "联系电话" in r.text
    assert "匿名" in r.text
    async with line.services.sessions() as s:
        assert (await s.scalars(select(WorkOrder))).all() == []  # nothing filed
    # the form's own opt-out of the recorded contact is refused alike
    r = await agent.post("/api/agent/order", json={**order, "use_session_contact": False})
    assert r.status_code == 422
    assert (await agent.post("/api/agent/order", json={**order, "anonymous": True})).is_success


async def test_a_chats_empty_contact_is_the_dialogues_recorded_contact(line: Line) -> None:
    """A chat whose dialogue recorded 刘大妮 139…6688: the order filed with empty contact
    fields has that contact (trial11 N03), without ``use_session_contact``."""
    await line.agent("alice")
    console = line.services.console
    key = "wechat:gh_test:o-citizen-6688"
    slots = IntakeSlots(matter="路灯坏了", name="刘大妮", phone="13953006688")
    state = DialogState(flow=IntakeFlow(step="confirm", slots=slots))
    await console.store.set(KEYS.session(key), state.model_dump_json())
    await console.enqueue(key, "wechat", "gh_test", "o-citizen-6688", "citizen_request", "路灯")
    assert await console.claim(key, "alice")
    agent = await line.login("alice")
    r = await agent.post(
        "/api/agent/order",
        json={"key": key, "token": "tok-chat-order-1", "text": "路灯坏了", "county": "牡丹区"},
    )
    assert r.status_code == 200, r.text
    _, appeal = await _order(line, r.json()["number"])
    assert (appeal.contact_name, appeal.contact_phone) == ("刘大妮", "13953006688")
