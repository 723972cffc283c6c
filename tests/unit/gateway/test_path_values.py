"""trial5 F21: a path whose escapes are not UTF-8 is a 400, and a control or format
character in a path is never echoed back (``/open311/v2/requests/%ff.json`` answered
404 「service_request_id � was not found」; ``/open311/v2/tokens/%E2%80%AE.json`` echoed
the right-to-left override)."""

from __future__ import annotations

import unicodedata
from types import SimpleNamespace

import pytest
from starlette.testclient import TestClient

from config.settings import Settings
from gateway.app import create_app
from gateway.guard import path_problem


@pytest.fixture(scope="module")
def client() -> TestClient:
    settings = Settings(env="test")
    app = create_app(settings, services=SimpleNamespace(settings=settings))  # type: ignore[arg-type]
    return TestClient(app, raise_server_exceptions=False)


def _unsafe(text: str) -> list[str]:
    bad = {"Cc", "Cf", "Co"}
    return [c for c in text if c == "\ufffd" or (unicodedata.category(c) in bad and c != "\n")]


BAD = [
    "/open311/v2/requests/%ff.json",
    "/open311/v2/requests/HZ%c3.xml",  # a cut sequence
    "/open311/v2/tokens/%E2%80%AE.json",  # right-to-left override
    "/open311/v2/tokens/ab%E2%81%A6cd.xml",  # left-to-right isolate
    "/open311/v2/requests/%E2%80%8B.json",  # zero-width space
    "/open311/v2/requests/%07.json",  # bell
    "/open311/v2/services/%ed%a0%80.json",  # an encoded surrogate
]


@pytest.mark.parametrize("path", BAD)
def test_a_path_value_that_is_not_clean_utf8_is_a_400_never_echoed(
    client: TestClient, path: str
) -> None:
    r = client.get(path)
    assert r.status_code == 400, r.text
    assert not _unsafe(r.text)
    if path.endswith(".json"):
        assert r.json()[0]["code"] == 400  # GeoReport's own error form
    else:
        assert "<errors>" in r.text


@pytest.mark.parametrize("path", ["/api/centre/orders/%ff", "/chat/%E2%80%AEx"])
def test_the_same_outside_open311_is_a_problem_without_the_character(
    client: TestClient, path: str
) -> None:
    r = client.get(path)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    assert not _unsafe(r.text)


@pytest.mark.parametrize(
    "raw",
    [
        b"/open311/v2/requests/HZ20261201-000001.json",
        b"/open311/v2/requests/%E8%B7%AF%E7%81%AF.json",  # 路灯: ordinary UTF-8
        b"/api/knowledge/search?q=%ff",  # the query is checked elsewhere
    ],
)
def test_ordinary_paths_pass(raw: bytes) -> None:
    from urllib.parse import unquote

    assert path_problem(raw, unquote(raw.decode().split("?")[0])) is None


def test_every_operation_with_a_path_value_documents_the_400(client: TestClient) -> None:
    """The guard's 400 is in the OpenAPI answer of every operation taking a path value,
    so a client (and the schemathesis suite) knows it (the /api/units/orders/{number} case)."""
    schema = client.get("/openapi.json").json()
    checked = 0
    for path, item in schema["paths"].items():
        if "{" not in path:
            continue
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            checked += 1
            assert "400" in op.get("responses", {}), f"{method.upper()} {path}"
    assert checked >= 10
    r = client.get("/api/units/orders/HZ%E2%80%AE20261201-000001")
    assert r.status_code == 400
    assert "\u202e" not in r.text
