"""trial3 F17: errors raised as plain HTTP exceptions (an unknown path, the console's
sign-in check, the dashboard's key check) answered ``type: about:blank`` without ``code``,
unlike every other error of the API (docs/security.md "Error model")."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, HTTPException
from starlette.testclient import TestClient

from gateway.errors import install


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    install(app)

    @app.get("/api/agent/me")
    async def me() -> None:
        raise HTTPException(401, "请先登录坐席工作台")

    @app.get("/api/agent/overview")
    async def overview() -> None:
        raise HTTPException(403, "仅值班长可用")

    @app.post("/api/agent/claim")
    async def claim() -> None:
        raise HTTPException(409, "该会话已被其他坐席接入")

    return TestClient(app)


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/agent/me", 401, "Unauthorized"),
        ("GET", "/api/agent/overview", 403, "Forbidden"),
        ("POST", "/api/agent/claim", 409, "Conflict"),
        ("GET", "/api/centre/orders/../../etc", 404, "NotFound"),
        ("DELETE", "/api/agent/me", 405, "MethodNotAllowed"),
    ],
)
def test_every_http_error_has_a_code_and_a_problem_type(
    client: TestClient, method: str, path: str, status: int, code: str
) -> None:
    r = client.request(method, path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == code
    assert body["type"].startswith("urn:heze-12345:problem:")
    assert body["status"] == status
