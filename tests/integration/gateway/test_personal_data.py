"""Issue 13 item 7: personal data in every form stays out of public answers, unit views
and logs. One masking function (``nlu.pii.mask_text``) serves them all."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from starlette.testclient import TestClient

from casebridge.db import create_engine_for
from casebridge.keys import demo_unit_key
from gateway.logging import JsonFormatter, MaskingTextFormatter
from nlu.pii import mask_text

from .conftest import CREDENTIALS, SECRET

pytestmark = pytest.mark.integration

# the forms of issue 13: full-width, dotted, spaced, dashed phones; spaced ID; names
APPEAL = (
    "我叫王小明，手机１３８００１３８０００，备用138.0013.8000，家里138 0013 8000，"
    "身份证 371702 19900101 1234，联系人李建国 139-1234-5678。小区楼道灯坏了，请尽快修理。"
)
CLEAR = ("13800138000", "13912345678", "371702199001011234", "小明", "建国")


def leaks(text: str) -> list[str]:
    """The clear forms found in ``text`` once separators and widths are taken away."""
    flat = re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]", "", unicodedata.normalize("NFKC", text))
    return [c for c in CLEAR if c in flat]


@pytest.mark.parametrize(
    "written",
    [
        "我叫王小明，手机１３８００１３８０００",
        "电话138.0013.8000",
        "电话 138 0013 8000",
        "138-0013-8000 王小明",
        "身份证 371702 19900101 1234",
        "身份证３７１７０２１９９００１０１１２３４",
        "王小明女士反映",
        "联系人：李建国 13912345678",
        "q=%E6%89%8B%E6%9C%BA13800138000",
    ],
)
def test_one_masking_function_hides_every_form(written: str) -> None:
    from urllib.parse import unquote

    masked = mask_text(unquote(written))
    assert leaks(masked) == [], masked


def test_masking_keeps_what_is_not_personal() -> None:
    kept = "工单HZ20250101-000123已办结，2025.10.01 18:00 回访，拨打12345。我是业主，王女士来电。"
    assert mask_text(kept) == kept


@pytest.fixture(scope="module")
def client(api_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(api_app) as c:
        yield c


def _order(client: TestClient, **extra: Any) -> str:
    body = {
        "idempotency_key": "pii-" + uuid.uuid4().hex,
        "text": APPEAL,
        "county": "曹县",
        "category_level1": "城乡建设",
        "category_level2": "住房保障与房地产",
        **extra,
    }
    r = client.post("/api/centre/orders", json=body, headers=CREDENTIALS.centre)
    assert r.status_code == 201, r.text
    return str(r.json()["number"])


def test_open311_public_reads_mask_every_form(client: TestClient) -> None:
    number = _order(client)
    for path in (
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{number}.json",
        f"/open311/v2/requests/{number}.xml",
    ):
        r = client.get(path)
        assert r.status_code == 200, r.text
        assert number in r.text
        assert leaks(r.text) == [], (path, r.text[:500])
        assert "楼道灯坏了" in r.text  # the matter itself stays readable


def test_a_co_handling_unit_without_contact_sees_no_name(client: TestClient) -> None:
    number = _order(client, contact_name="王小明", contact_phone="13800138000")
    lead = CREDENTIALS.unit
    assert client.post(f"/api/units/orders/{number}/sign", headers=lead).status_code == 200
    r = client.post(
        f"/api/units/orders/{number}/co-units", json={"unit_codes": ["CX-CG"]}, headers=lead
    )
    assert r.status_code == 200, r.text
    co = {"Authorization": f"Bearer {demo_unit_key(SECRET, 'CX-CG')}"}
    view = client.get(f"/api/units/orders/{number}", headers=co)
    assert view.status_code == 200, view.text
    record = view.json()
    assert record["contact"] is None
    assert leaks(json.dumps(record, ensure_ascii=False)) == []


def test_progress_and_knowledge_answers_are_masked(client: TestClient) -> None:
    r = client.get("/api/knowledge/search", params={"q": "我叫王小明 手机13800138000 医保"})
    assert r.status_code in (200, 503), r.text
    assert leaks(r.text) == []
    r = client.post("/api/progress", json={"number": "HZ20990101-000001", "phone_last4": "8000"})
    assert r.status_code == 404
    assert leaks(r.text) == []


def test_a_units_reply_shown_by_progress_is_masked_as_a_public_answer(
    client: TestClient,
) -> None:
    """trial3 F16: the reply names the citizen and the house; /api/progress answers anyone
    who knows four digits, so it is masked like Open311's public reads."""
    number = _order(client, contact_name="王小明", contact_phone="13800138000")
    lead = CREDENTIALS.unit
    assert client.post(f"/api/units/orders/{number}/sign", headers=lead).status_code == 200
    reply = "经核实，已电话联系诉求人王小明，长江路88号门前的路灯已修复。"
    r = client.post(f"/api/units/orders/{number}/reply", json={"text": reply}, headers=lead)
    assert r.status_code == 200, r.text
    r = client.post("/api/progress", json={"number": number, "phone_last4": "8000"})
    assert r.status_code == 200, r.text
    result = r.json()["result"]
    assert "路灯已修复" in result
    assert leaks(result) == [], result
    assert "88号" not in result


def test_a_name_after_any_verb_is_masked_in_progress_and_open311(client: TestClient) -> None:
    """trial12 P08: 「已联系赵红梅」 and 「有事找刘桂芝」 were published (no cue word the
    masker knew): public answers mask a name whatever precedes it."""
    appeal = "赵红梅反映：孙德福老人家门口的路灯坏了半个月，有事找刘桂芝，手机13853001111"
    number = _order(client, text=appeal, contact_name="赵红梅", contact_phone="13953007722")
    lead = CREDENTIALS.unit
    assert client.post(f"/api/units/orders/{number}/sign", headers=lead).status_code == 200
    reply = "经核查，已联系赵红梅（电话13953007722）上门劝导，路灯已修复。"
    r = client.post(f"/api/units/orders/{number}/reply", json={"text": reply}, headers=lead)
    assert r.status_code == 200, r.text
    r = client.post("/api/progress", json={"number": number, "phone_last4": "7722"})
    assert r.status_code == 200, r.text
    result = r.json()["result"]
    assert "已联系赵**（电话139****7722）" in result, result
    assert "红梅" not in result
    r = client.get(f"/open311/v2/requests/{number}.json")
    assert r.status_code == 200, r.text
    description = r.json()[0]["description"]
    assert "有事找刘**" in description, description
    assert not {"红梅", "桂芝", "德福"} & {description[i : i + 2] for i in range(len(description))}


def _formatted(records: list[logging.LogRecord]) -> str:
    lines = []
    for formatter in (JsonFormatter(), MaskingTextFormatter("%(name)s %(message)s")):
        lines += [formatter.format(r) for r in records]
    return "\n".join(lines)


def test_logs_of_a_conversation_and_api_calls_carry_no_personal_data(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with client.websocket_connect("/chat/ws") as ws:
        assert ws.receive_json()["type"] == "hello"
        for i, said in enumerate(APPEAL.split("，")):
            ws.send_text(json.dumps({"type": "message", "id": f"m{i}", "text": said}))
            while ws.receive_json()["type"] not in ("done", "error"):
                pass
    client.get("/api/knowledge/search", params={"q": "手机号码13800138000 王小明"})
    client.get("/open311/v2/requests.json", params={"service_code": "１３８００１３８０００"})
    client.post("/api/progress", json={"number": "138 0013 8000", "phone_last4": "8000"})
    _order(client)
    # the access log line uvicorn writes for such a request (the query is dropped)
    access = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/api/knowledge/search?q=%E6%89%8B%E6%9C%BA13800138000",
         "1.1", 200), None,
    )  # fmt: skip
    records = [*caplog.records, access]
    out = _formatted(records)
    assert "/api/knowledge/search" in out
    assert leaks(out) == [], [line for line in out.splitlines() if leaks(line)][:5]


def test_logged_database_errors_carry_no_sql_parameters(tmp_path: Any) -> None:
    import asyncio

    async def fail() -> str:
        engine = create_engine_for(f"sqlite:///{tmp_path / 'x.db'}")
        try:
            async with engine.begin() as conn:
                await conn.execute(text("CREATE TABLE t (v TEXT NOT NULL UNIQUE)"))
                await conn.execute(text("INSERT INTO t VALUES (:v)"), {"v": APPEAL})
                await conn.execute(text("INSERT INTO t VALUES (:v)"), {"v": APPEAL})
        except Exception:
            import sys

            record = logging.LogRecord("t", logging.ERROR, __file__, 1, "x", (), sys.exc_info())
            return _formatted([record])
        finally:
            await engine.dispose()
        raise AssertionError("the second insert should fail")

    out = asyncio.run(fail())
    assert "UNIQUE" in out
    assert leaks(out) == [], out[-800:]
    assert "楼道灯" not in out  # parameters are hidden, not only masked
