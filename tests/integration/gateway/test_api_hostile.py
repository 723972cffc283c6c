"""Issue 13's hostile requests on the API side, against the whole gateway on PostgreSQL:
each is a 4xx in the API's error form (problem+json; GeoReport's list under /open311/),
never a 500, and changes nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from .conftest import ADMIN_PASSWORD, CREDENTIALS

pytestmark = pytest.mark.integration

BIG = str(2**63)  # one more than PostgreSQL's bigint holds
UNIT, CENTRE = CREDENTIALS.unit, CREDENTIALS.centre


@pytest.fixture(scope="module")
def client(api_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(api_app) as c:
        yield c


def _no_constant(name: str) -> object:
    raise AssertionError(f"{name} in an answer")


def _problem(r: Any, status: int = 422) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert body["title"]
    assert body["type"]
    return body


RAW_JSON_BODIES = [
    ("/api/progress", b'{"number":1e400,"phone_last4":"1234"}', {}),
    ("/api/progress", b'{"number":"HZ\\u0000","phone_last4":"1234"}', {}),
    ("/api/progress", b'{"number":NaN,"phone_last4":"1234"}', {}),
    ("/api/progress", b'{"number":"HZ1","phone_last4":Infinity}', {}),
    ("/api/agent/login", b'{"username":"ad\\u0000min","password":"x"}', {}),
    ("/api/agent/login", b'{"username":"admin","password":-Infinity}', {}),
    ("/api/centre/orders", b'{"idempotency_key":"k","text":"t","latitude":NaN}', CENTRE),
    ("/api/centre/orders", b'{"idempotency_key":"k\\u0000","text":"t"}', CENTRE),
    ("/api/units/webhooks", b'{"url":"https://a.example/\\u0000"}', UNIT),
    ("/api/units/orders/HZ1/sign", b'{"expected_version":' + BIG.encode() + b"}", UNIT),
    ("/api/units/supervisions/1/response", b'{"text":"\\u0000"}', UNIT),
    (
        "/api/knowledge/entries",
        b'{"id":"a-1","domain":"\\u0000","title":"t1","answer":"answer",'
        b'"effective_date":"2025-01-01","review_date":"2026-01-01"}',
        UNIT,
    ),
    ("/api/agent/login", b"\xff\xfe not utf-8", {}),
    # F36: UTF-8 only, no byte-order mark, no key twice (json.loads would accept all three)
    ("/api/progress", '{"number":"HZ1","phone_last4":"1234"}'.encode("utf-16"), {}),
    ("/api/progress", b'\xef\xbb\xbf{"number":"HZ1","phone_last4":"1234"}', {}),
    ("/api/agent/login", '{"username":"admin","password":"x"}'.encode("utf-32"), {}),
    ("/api/agent/login", b'{"username":"admin","username":"root","password":"x"}', {}),
    (
        "/api/units/orders/HZ1/return",
        b'{"ground":"other","ground":"refused","reason":"x","expected_version":1}',
        UNIT,
    ),
    ("/api/centre/orders", b'{"idempotency_key":"k","text":"t","x":{"a":1,"a":2}}', CENTRE),
    ("/api/agent/login", b"[" * 100_000 + b"]" * 100_000, {}),
]


@pytest.mark.parametrize(("path", "body", "headers"), RAW_JSON_BODIES)
def test_hostile_json_bodies_are_422_problems(
    client: TestClient, path: str, body: bytes, headers: dict[str, str]
) -> None:
    r = client.post(path, content=body, headers={**headers, "Content-Type": "application/json"})
    problem = _problem(r)
    assert problem["errors"], problem  # says which input was refused
    json.loads(r.text, parse_constant=_no_constant)  # the answer itself is strict JSON


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/units/deliveries?before=" + BIG, UNIT),
        ("/api/centre/deliveries?before=" + BIG, CENTRE),
        ("/api/units/feed/events?cursor=" + BIG, UNIT),
        ("/api/units/feed/callbacks?cursor=" + BIG, UNIT),
        ("/api/units/orders?cursor=" + BIG, UNIT),
        ("/api/centre/orders?cursor=" + "9" * 40, CENTRE),
        ("/api/units/deliveries/" + BIG + "/attempts", UNIT),
        ("/api/agent/turns?key=k&after=" + BIG, {}),
        ("/api/units/orders/HZ%00/events", UNIT),
        ("/api/centre/orders?county=%00", CENTRE),
        ("/api/centre/units?county=a%00b", CENTRE),
        ("/api/knowledge/search?q=%00", {}),
        ("/api/knowledge/entries/a%00b", {}),
        ("/api/knowledge/entries?domain=%00", {}),
        ("/api/agent/prefill?key=%00", {}),
    ],
)
def test_nul_and_bigint_in_query_and_path_are_422(
    client: TestClient, path: str, headers: dict[str, str]
) -> None:
    client.post("/api/agent/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    _problem(client.get(path, headers=headers))


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/units/deliveries/" + BIG + "/redeliver", UNIT),
        ("/api/centre/deliveries/" + BIG + "/redeliver", CENTRE),
        ("/api/units/supervisions/" + BIG + "/response", UNIT),
    ],
)
def test_bigint_path_ids_in_posts_are_422(
    client: TestClient, path: str, headers: dict[str, str]
) -> None:
    _problem(client.post(path, json={"text": "好的"}, headers=headers))


def test_nul_in_the_operator_header_is_refused(client: TestClient) -> None:
    r = client.get("/api/centre/units", headers={**CENTRE, "X-Operator": "a%00b"})
    _problem(r)


@pytest.mark.parametrize("operator", ["%ff%fe", "%c3", "%ed%a0%80", "%e5%80", "ok%c0%af"])
def test_an_operator_name_that_is_not_utf8_is_refused(client: TestClient, operator: str) -> None:
    r = client.get("/api/centre/units", headers={**CENTRE, "X-Operator": operator})
    assert "UTF-8" in _problem(r)["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/open311/v2/requests/%00.json",
        "/open311/v2/requests/%00.xml",
        "/open311/v2/requests.json?service_code=%00",
        "/open311/v2/tokens/a%00.json",
        "/open311/v2/services/%00.json",
    ],
)
def test_open311_keeps_georeport_errors(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 400, r.text
    if path.endswith(".xml"):
        assert r.headers["content-type"].startswith("text/xml")
        assert "<errors>" in r.text
    else:
        assert r.headers["content-type"].startswith("application/json")
        assert r.json()[0]["code"] == 400


def test_open311_post_form_with_nul_is_georeport_400(client: TestClient) -> None:
    r = client.post(
        "/open311/v2/requests.json",
        content=b"api_key=x&service_code=a%00&description=b",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code in (400, 403), r.text
    assert isinstance(r.json(), list)


def test_validation_errors_are_problems_with_field_errors(client: TestClient) -> None:
    body = _problem(client.post("/api/progress", json={"number": "HZ1", "phone_last4": "12"}))
    assert body["code"] == "ValidationError"
    assert any(e["loc"][-1] == "phone_last4" for e in body["errors"])


def test_unknown_paths_and_auth_errors_are_problems(client: TestClient) -> None:
    _problem(client.get("/api/nothing-here"), 404)
    r = client.get("/api/units/me")
    assert _problem(r, 401)["code"] == "Unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"
    _problem(client.get("/api/units/me", headers={"Authorization": "Bearer nope"}), 401)


def test_a_body_over_the_limit_is_a_413_problem(client: TestClient, tmp_path: Path) -> None:
    big = b'{"number":"' + b"x" * (2 * 1024 * 1024) + b'"}'
    r = client.post("/api/progress", content=big, headers={"Content-Type": "application/json"})
    _problem(r, 413)


def test_every_reference_in_the_document_resolves(api_app: FastAPI) -> None:
    """ReDoc and schemathesis refuse a document with a dangling ``$ref`` (ReDoc shows only
    "Invalid reference token"): every reference names a schema the document defines."""
    doc = api_app.openapi()
    text = json.dumps(doc)
    defined = set(doc["components"]["schemas"])
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text))
    assert refs, "the document refers to no schema at all"
    assert refs - defined == set()


def test_every_operation_documents_its_errors(api_app: FastAPI) -> None:
    """The document lists problem+json for each error an operation can answer, derived
    from its dependencies and parameters (422 wherever there is input, 401 behind a key)."""
    doc = api_app.openapi()
    assert doc["components"]["schemas"]["Problem"]["properties"]["errors"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            if path.startswith("/webhooks/"):
                assert "403" in codes
                assert "content" not in op["responses"]["403"]
                continue
            if path.startswith("/open311/"):
                assert "400" in codes
                assert "text/xml" in op["responses"]["400"]["content"]
                continue
            if op.get("parameters") or op.get("requestBody"):
                assert "422" in codes, (method, path)
            if path.startswith(("/api/units", "/api/centre")):
                assert "401" in codes, (method, path)
            for code in codes - {"200", "201", "204"}:
                content = op["responses"][code]["content"]
                assert set(content) == {"application/problem+json"}, (method, path, code)
