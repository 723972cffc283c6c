"""A streamed call's draft in the console (trial11 N07): ``/api/assist`` and the order
form's prefill give the matter only, the county, the address with its detail, since when
and the caller's name; the order filed from them has them all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gateway.assist.router import EXTRA_KEY
from gateway.assist.service import AssistService
from gateway.console.service import ConsoleService
from gateway.kv import KEYS
from gateway.routers.calls import calls_of
from nlu.engine import NluEngine, load_engine

from .conftest import CALLER, OUR_NUMBER, Line, post_signed

pytestmark = pytest.mark.integration
CONVERSATION = KEYS.conversation("voice", OUR_NUMBER, CALLER)
SAID = [
    "喂 恁好 俺是曹县青菏街道的",
    "俺们万福小区门口那个下水道堵了得有一个来月了",
    "污水都漫到路上了 臭得没法走人",
    "俺叫周建华 电话是幺三八五三零零四四六六",
]


@pytest.fixture(scope="module")
def real_nlu() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


async def test_the_calls_draft_and_prefill_are_the_matter_place_time_and_caller(
    line: Line, real_nlu: NluEngine
) -> None:
    console = line.services.console
    assert isinstance(console, ConsoleService)
    assist = AssistService(
        nlu=real_nlu,
        knowledge=None,
        console=console,
        sessions=line.services.sessions,
        engine=None,
    )
    line.services.extras[EXTRA_KEY] = assist
    line.services.pipeline.nlu = real_nlu  # the order's category (trial11 N02)
    alice = await line.agent("alice")
    await post_signed(line, "/webhooks/voice", CallSid="CP100", From=CALLER, To=OUR_NUMBER)
    await calls_of(line.services).accept("CP100", alice)
    for text in SAID:
        await assist.segment(CONVERSATION, "inbound", text, True)
    agent = await line.login("alice")

    draft = (await agent.get("/api/assist", params={"key": CONVERSATION})).json()["draft"]
    assert draft["matter"].startswith("俺们万福小区门口那个下水道堵了")
    assert "恁好" not in draft["matter"]
    assert "周建华" not in draft["matter"]
    assert draft["address"] == "曹县青菏街道万福小区门口"
    assert draft["since"] == "一个来月"
    assert draft["name"] == "周建华"

    form = (await agent.get("/api/agent/prefill", params={"key": CONVERSATION})).json()
    assert form["text"] == draft["matter"]
    assert (form["county"], form["township"]) == ("曹县", "青菏街道")
    assert form["address"] == "曹县青菏街道万福小区门口"
    assert form["since"] == "一个来月"
    assert form["contact_name"] == "周建华"

    fields = {k: form[k] for k in ("text", "county", "township", "address", "since")}
    r = await agent.post(
        "/api/agent/order",
        json={
            "key": CONVERSATION,
            "token": "tok-assist-order-1",
            **fields,
            "contact_name": form["contact_name"],
            "contact_phone": draft["phone"],
        },
    )
    assert r.status_code == 200, r.text
    assert "人民政府" not in r.json()["unit_name"]
