"""The unit and centre HTTP APIs: every path of 第十四条–第十七条 through HTTP, and errors."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from casebridge.keys import demo_centre_key, demo_unit_key
from config.settings import Settings
from gateway.kv.limits import PROGRESS_FAILURES
from gateway.routers import centre, open311, units

from .conftest import SECRET, Env
from .http_api import CENTRE, MATERIALS, api_client, new_order, unit_headers

pytestmark = pytest.mark.integration


ZJ = unit_headers("CX-ZJ")


@pytest.fixture
async def client(env: Env) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(
        env, [units.router, centre.router, open311.router], Settings(secret_key=SECRET)
    ) as c:
        yield c


async def post(
    client: httpx.AsyncClient,
    path: str,
    headers: dict[str, str],
    body: dict[str, Any] | None = None,
    status: int = 200,
) -> dict[str, Any]:
    r = await client.post(path, json=body, headers=headers)
    assert r.status_code == status, r.text
    return dict(r.json()) if r.content else {}


async def test_progress_guessing_is_limited(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(PROGRESS_FAILURES, "clock", lambda: now[0])
    n = await new_order(client, "guess")
    for i in range(10):
        r = await client.post("/api/progress", json={"number": n, "phone_last4": f"{i:04d}"})
        assert r.status_code == 404
    r = await client.post("/api/progress", json={"number": n, "phone_last4": "5678"})
    assert r.status_code == 429  # even the right digits, until the window passes
    now[0] += 1200  # two windows later the misses have decayed
    r = await client.post("/api/progress", json={"number": n, "phone_last4": "5678"})
    assert r.status_code == 200


async def test_auth_required(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/units/orders")).status_code == 401
    bad = {"Authorization": "Bearer hk_nope"}
    assert (await client.get("/api/units/orders", headers=bad)).status_code == 401
    assert (await client.get("/api/centre/orders", headers=ZJ)).status_code == 401
    me = await client.get("/api/units/me", headers={"X-Unit-Key": demo_unit_key(SECRET, "CX-ZJ")})
    assert me.status_code == 200
    assert me.json()["code"] == "CX-ZJ"


async def test_walk_reply_callback_close(client: httpx.AsyncClient) -> None:
    n = await new_order(client, "a1")
    page = (
        await client.get("/api/units/orders", headers=ZJ, params={"state": "dispatched"})
    ).json()
    assert [i["number"] for i in page["items"]] == [n]
    detail = (await client.get(f"/api/units/orders/{n}", headers=ZJ)).json()
    assert detail["contact"]["phone"] == "13812345678"
    assert "13812345678" not in detail["appeal"]["text"]
    base = f"/api/units/orders/{n}"
    await post(client, f"{base}/sign", ZJ, {"expected_version": detail["version"]})
    await post(client, f"{base}/contact", ZJ, {"method": "phone", "note": "已联系"})
    await post(client, f"{base}/reply", ZJ, {"text": "已修复", "attachments": MATERIALS})
    c = f"/api/centre/orders/{n}"
    await post(client, f"{c}/callback/start", CENTRE)
    rec = await post(client, f"{c}/callback", CENTRE, {"satisfaction": "satisfied"})
    assert rec["state"] == "closed"
    events = (await client.get(f"{c}/events", headers=CENTRE)).json()
    assert [e["action"] for e in events if e["action"] != "view_contact"] == [
        "dispatch",
        "sign",
        "contact",
        "reply",
        "start_callback",
        "record_callback",
    ]
    assert any(e["action"] == "view_contact" and e["actor_unit"] == "CX-ZJ" for e in events)
    assert events[-1]["actor"] == "值班员A"
    prog = await post(client, "/api/progress", {}, {"number": n, "phone_last4": "5678"})
    assert prog["state"] == "closed"
    assert prog["result"] == "已修复"
    assert (
        await client.post("/api/progress", json={"number": n, "phone_last4": "0000"})
    ).status_code == 404


@pytest.mark.parametrize(
    ("path", "body", "headers", "status"),
    [
        ("reply", {"text": "先回复"}, "lead", 409),  # reply before sign
        ("contact", {"method": "phone"}, "lead", 409),
        ("sign", None, "other", 404),  # another unit's order: as if it did not exist
        ("reply", {"text": "x"}, "other", 404),
        ("return", {"reason": "不归我", "materials": []}, "lead", 422),  # no materials
        ("extend", {"reason": "r", "stage_report": "s", "working_days": 0}, "lead", 422),
        ("terminate", {"ground": "other", "reason": "r", "materials": []}, "lead", 422),
    ],
)
async def test_refusals_change_nothing(
    client: httpx.AsyncClient, path: str, body: dict[str, Any] | None, headers: str, status: int
) -> None:
    n = await new_order(client, f"r-{path}-{headers}-{status}")
    before = (await client.get(f"/api/centre/orders/{n}", headers=CENTRE)).json()
    h = ZJ if headers == "lead" else unit_headers("CX-GA")
    r = await client.post(f"/api/units/orders/{n}/{path}", json=body, headers=h)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["status"] == status
    assert problem["detail"]
    if status == 422 and "errors" in problem:  # refused by the request model
        assert problem["code"] == "ValidationError"
    after = (await client.get(f"/api/centre/orders/{n}", headers=CENTRE)).json()
    assert (after["state"], after["version"]) == (before["state"], before["version"])


async def test_double_sign_and_unknowns(client: httpx.AsyncClient) -> None:
    n = await new_order(client, "d1")
    await post(client, f"/api/units/orders/{n}/sign", ZJ)
    r = await client.post(f"/api/units/orders/{n}/sign", headers=ZJ)
    assert r.status_code == 409
    assert "已签收" in r.json()["detail"]
    assert r.json()["state"] == "signed"
    r = await client.get("/api/units/orders/HZ20990101-000009", headers=ZJ)
    assert r.status_code == 404
    assert "HZ20990101-000009" in r.json()["detail"]
    r = await client.post(
        f"/api/centre/orders/{n}/redispatch",
        headers=CENTRE,
        json={"unit_code": "NOPE", "reason": "x"},
    )
    assert r.status_code == 404
    r = await client.get("/api/centre/units", headers=CENTRE, params={"county": "火星县"})
    assert r.status_code == 404
    stale = await client.post(
        f"/api/units/orders/{n}/contact",
        headers=ZJ,
        json={"method": "phone", "expected_version": 1},
    )
    assert stale.status_code == 409


async def test_return_review_paths(client: httpx.AsyncClient) -> None:
    n = await new_order(client, "ret")
    u, c = f"/api/units/orders/{n}", f"/api/centre/orders/{n}"
    await post(client, f"{u}/return", ZJ, {"reason": "属城管职责", "materials": MATERIALS})
    rec = await post(
        client, f"{c}/return-review", CENTRE, {"approve": False, "reason": "属住建职责，请继续办理"}
    )
    assert rec["state"] == "dispatched"
    assert rec["lead_unit"]["code"] == "CX-ZJ"
    await post(client, f"{u}/return", ZJ, {"reason": "确属城管", "materials": MATERIALS})
    rec = await post(
        client,
        f"{c}/return-review",
        CENTRE,
        {"approve": True, "reason": "审查属实", "unit_code": "CX-CG"},
    )
    assert rec["lead_unit"]["code"] == "CX-CG"
    assert (await client.get(u, headers=ZJ)).status_code == 404  # no longer its order


async def test_extension_termination_dispute_coreport_merge_supervise(
    client: httpx.AsyncClient,
) -> None:
    n = await new_order(client, "many")
    u, c = f"/api/units/orders/{n}", f"/api/centre/orders/{n}"
    await post(client, f"{u}/sign", ZJ)
    await post(
        client, f"{u}/extend", ZJ, {"reason": "需招标", "stage_report": "已勘查", "working_days": 5}
    )
    rec = await post(client, f"{c}/extension-review", CENTRE, {"approve": True})
    assert rec["extension_count"] == 1
    assert rec["state"] == "signed"
    await post(client, f"{u}/co-units", ZJ, {"unit_codes": ["CX-CG"]})
    cg = unit_headers("CX-CG")
    rec = await post(client, f"{u}/co-report", cg, {"text": "已配合清理"})
    assert rec["co_units"][0]["report_text"] == "已配合清理"
    co_inbox = (await client.get("/api/units/orders", headers=cg, params={"role": "co"})).json()
    assert [i["number"] for i in co_inbox["items"]] == [n]
    await post(client, f"{c}/supervise", CENTRE, {"ground": "overdue", "method": "phone"})
    await post(
        client,
        f"{u}/terminate",
        ZJ,
        {"ground": "unlawful_demand", "reason": "已解释", "materials": MATERIALS},
    )
    rec = await post(client, f"{c}/termination-review", CENTRE, {"approve": True, "reason": "同意"})
    assert rec["state"] == "terminated"

    d = await new_order(client, "dispute")
    await post(
        client,
        f"/api/units/orders/{d}/dispute",
        ZJ,
        {"reason": "职责交叉", "unit_codes": ["CX-CG"]},
    )
    rec = await post(
        client,
        f"/api/centre/orders/{d}/dispute-decision",
        CENTRE,
        {"unit_code": "CX-CG", "co_unit_codes": ["CX-ZJ"], "reason": "会商结论"},
    )
    assert rec["lead_unit"]["code"] == "CX-CG"

    a = await new_order(client, "m-a")
    b = await new_order(client, "m-b", contact_phone="13900001111")
    rec = await post(client, f"/api/centre/orders/{b}/merge", CENTRE, {"into": a, "reason": "重复"})
    assert rec["merged_into"] == a
    prog = await post(client, "/api/progress", {}, {"number": b, "phone_last4": "1111"})
    assert a in prog["result"]


async def test_reopen_after_unsatisfied_callback(client: httpx.AsyncClient) -> None:
    n = await new_order(client, "reopen")
    u, c = f"/api/units/orders/{n}", f"/api/centre/orders/{n}"
    await post(client, f"{u}/sign", ZJ)
    await post(client, f"{u}/reply", ZJ, {"text": "已处理"})
    rec = await post(
        client,
        f"{c}/callback",
        CENTRE,
        {"satisfaction": "unsatisfied", "reasonable": True, "comment": "未解决"},
    )
    assert rec["state"] == "reopened"
    assert (await post(client, f"{u}/sign", ZJ))["state"] == "signed"


async def test_webhook_endpoint_api(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/units/webhooks",
        headers=ZJ,
        json={"url": "http://127.0.0.1:9/x", "event_types": ["order.dispatched"]},
    )
    assert r.status_code == 201
    assert r.json()["secret"].startswith("whsec_")
    bad = await client.post(
        "/api/units/webhooks", headers=ZJ, json={"url": "ftp://x", "event_types": None}
    )
    assert bad.status_code == 422
    listed = (await client.get("/api/units/webhooks", headers=ZJ)).json()
    assert len(listed) == 1
    assert listed[0]["secret"] is None
    await new_order(client, "wh")
    dels = (await client.get("/api/units/deliveries", headers=ZJ)).json()
    assert [d["event_type"] for d in dels] == ["order.dispatched"]
    assert (await client.get("/api/units/deliveries", headers=unit_headers("CX-GA"))).json() == []
    r = await client.delete(f"/api/units/webhooks/{listed[0]['id']}", headers=ZJ)
    assert r.status_code == 204
    dead = (
        await client.get("/api/centre/deliveries", headers=CENTRE, params={"status": "dead"})
    ).json()
    assert len(dead) == 1


async def test_open311_facade(client: httpx.AsyncClient) -> None:
    services = (await client.get("/open311/v2/services.json")).json()
    codes = {s["service_code"]: s for s in services}
    assert codes["CXJS-02-01"]["service_name"] == "城乡建设/城市建设和市政管理/自来水供应"
    assert "24小时" in codes["CXJS-02-01"]["description"]
    assert (await client.get("/open311/v2/services/NOPE.json")).status_code == 404
    key = demo_centre_key(SECRET, "open311")
    form = {
        "api_key": key,
        "service_code": "CXJS-02-01",
        "description": "曹县青菏街道停水两天了，我是李四，电话13900002222",
        "address_string": "曹县青菏街道幸福路8号",
        "first_name": "四",
        "last_name": "李",
        "phone": "13900002222",
        "lat": "34.8253",
        "long": "115.5412",
        "attribute[OUTAGE_SCOPE]": "building",  # the service asks for it (metadata=true)
    }
    r = await client.post("/open311/v2/requests.json", data=form)
    assert r.status_code == 201, r.text
    created = r.json()[0]
    number = created["service_request_id"]
    assert "曹县自来水公司" in created["service_notice"]
    bad = await client.post("/open311/v2/requests.json", data={**form, "api_key": "nope"})
    assert bad.status_code == 403
    assert bad.json()[0]["code"] == 403
    unknown = await client.post("/open311/v2/requests.json", data={**form, "service_code": "X"})
    assert unknown.status_code == 404
    nowhere = {k: v for k, v in form.items() if k not in ("address_string", "lat", "long")}
    assert (await client.post("/open311/v2/requests.json", data=nowhere)).status_code == 400
    # coordinates alone set the county (issue 11): 牡丹区's water company, not the city's
    coords = {k: v for k, v in form.items() if k != "address_string"}
    coords |= {"lat": "35.2336", "long": "115.4807", "description": "停水两天了"}
    r = await client.post("/open311/v2/requests.json", data=coords)
    assert r.status_code == 201, r.text
    placed = await client.get(f"/open311/v2/requests/{r.json()[0]['service_request_id']}.json")
    assert placed.json()[0]["address"].startswith("牡丹区")
    # a township named alone resolves to its county
    town = {k: v for k, v in form.items() if k not in ("lat", "long")}
    r = await client.post("/open311/v2/requests.json", data={**town, "address_string": "南城街道"})
    assert r.status_code == 201, r.text
    placed = await client.get(f"/open311/v2/requests/{r.json()[0]['service_request_id']}.json")
    assert placed.json()[0]["address"].startswith("牡丹区")

    one = (await client.get(f"/open311/v2/requests/{number}.json")).json()[0]
    assert one["status"] == "open"
    assert one["agency_responsible"] == "曹县自来水公司"
    assert one["address"] == "曹县青菏街道"
    assert one["lat"] == 34.825
    text = json.dumps(one, ensure_ascii=False)
    for secret in ("13900002222", "李四", "幸福路8号"):
        assert secret not in text
    listed = (
        await client.get(
            "/open311/v2/requests.json",
            params={
                "start_date": "2025-09-01T00:00:00+08:00",
                "end_date": "2025-10-31T00:00:00+08:00",
            },
        )
    ).json()
    assert number in [x["service_request_id"] for x in listed]
    assert all("13900002222" not in json.dumps(x) for x in listed)
    closed = (
        await client.get(
            "/open311/v2/requests.json", params={"status": "closed", "start_date": "2025-09-01"}
        )
    ).json()
    assert number not in [x["service_request_id"] for x in closed]
    assert (await client.get("/open311/v2/requests/HZ20990101-000001.json")).status_code == 404
    assert (
        await client.get("/open311/v2/requests.json", params={"status": "x"})
    ).status_code == 400


async def test_an_intake_key_reused_for_another_appeal_is_409(
    client: httpx.AsyncClient,
) -> None:
    """trial3 F25: the centre intake answered a reused key with the first order
    (``created: false``) even when the text and county were another appeal's."""
    first = await new_order(client, "trial3-reuse-1")
    same = await client.post(
        "/api/centre/orders",
        json={
            "idempotency_key": "trial3-reuse-1",
            "text": "楼道灯坏了，联系电话13812345678",
            "county": "曹县",
            "category_level1": "城乡建设",
            "category_level2": "住房保障与房地产",
            "contact_name": "张三",
            "contact_phone": "13812345678",
        },
        headers=CENTRE,
    )
    assert same.status_code == 201, same.text  # a true retry: the first order again
    assert same.json()["number"] == first
    assert same.json()["created"] is False
    other = await client.post(
        "/api/centre/orders",
        json={"idempotency_key": "trial3-reuse-1", "text": "单县井盖丢失", "county": "单县"},
        headers=CENTRE,
    )
    assert other.status_code == 409, other.text
    assert other.json()["code"] == "IdempotencyConflict"


async def test_a_repeated_supervision_request_opens_one_supervision(
    client: httpx.AsyncClient,
) -> None:
    """trial3 F35: five identical 督办 requests (a client retrying) opened five supervisions
    and sent the unit five notices; another method is a new 督办."""
    number = await new_order(client, "trial3-supervise-1")
    c = f"/api/centre/orders/{number}"
    same = {"ground": "overdue", "method": "phone", "note": "请尽快办理"}
    for _ in range(3):
        await post(client, f"{c}/supervise", CENTRE, same)
    await post(client, f"{c}/supervise", CENTRE, {"ground": "overdue", "method": "writing"})
    r = await client.get(f"{c}/events", headers=CENTRE)
    assert r.status_code == 200, r.text
    supervised = [e["data"]["method"] for e in r.json() if e["action"] == "supervise"]
    assert supervised == ["phone", "writing"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("county", "火星区"),
        ("category_level1", "不存在的类"),
        ("contact_phone", "abc"),
        ("contact_phone", "139-5300-abcd"),
    ],
)
async def test_the_centre_intake_refuses_unknown_names_and_a_phone_without_digits(
    client: httpx.AsyncClient, field: str, value: str
) -> None:
    """trial3 F44: an unknown county went to the city 住建局, an unknown class to a county
    government, and ``abc`` was kept as the phone: all 201."""
    body = {
        "idempotency_key": f"trial3-bad-{field}-{value}",
        "text": "市民来电反映路灯不亮",
        "county": "牡丹区",
        "category_level1": "城乡建设",
        "contact_phone": "13953002020",
        field: value,
    }
    before = await client.get("/api/centre/orders?limit=100", headers=CENTRE)
    r = await client.post("/api/centre/orders", json=body, headers=CENTRE)
    assert r.status_code == 422, r.text
    assert field in r.json()["detail"]
    after = await client.get("/api/centre/orders?limit=100", headers=CENTRE)
    assert len(after.json()["items"]) == len(before.json()["items"])  # nothing opened


async def test_the_centre_intake_takes_known_names_in_their_usual_forms(
    client: httpx.AsyncClient,
) -> None:
    for i, county in enumerate(("牡丹区", "菏泽市曹县", "山东省菏泽市单县")):
        await new_order(client, f"trial3-good-{i}", county=county, contact_phone="0530-5551234")
