"""The gateway side of the case store: error mapping and the OpenAPI webhook docs."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from casebridge.errors import (
    CaseError,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    NotFound,
    VersionConflict,
)
from casebridge.schemas import ORDER_EVENT_TYPES
from gateway import errors
from gateway.casebridge_wiring import http_error, register_openapi_webhooks
from gateway.routers import centre, open311, units


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (NotFound("未找到工单 X"), 404),
        (Forbidden("该工单不属于本单位"), 403),
        (IllegalTransition("不能签收", action="sign", state="signed"), 409),
        (VersionConflict("已更新"), 409),
        (InvalidInput("请提供材料"), 422),
        (CaseError("其他"), 400),
    ],
)
def test_http_error(exc: CaseError, status: int) -> None:
    e = http_error(exc)
    assert e.status_code == status
    assert isinstance(e.detail, dict)
    assert e.detail["detail"] == str(exc)
    assert e.detail["status"] == status
    assert e.detail["code"] == type(exc).__name__
    if isinstance(exc, IllegalTransition):
        assert e.detail["state"] == "signed"


def test_openapi_documents_routes_and_webhooks() -> None:
    app = FastAPI()
    errors.install(app)
    for module in (units, centre, open311):
        app.include_router(module.router)
    register_openapi_webhooks(app)
    spec = app.openapi()
    assert set(spec["webhooks"]) == set(ORDER_EVENT_TYPES)
    schemas = spec["components"]["schemas"]
    assert "OrderRecord" in schemas["WebhookData"]["properties"]["order"]["$ref"]
    for path in (
        "/api/units/orders/{number}/sign",
        "/api/centre/orders/{number}/return-review",
        "/open311/v2/requests.{fmt}",  # .json and .xml
        "/api/progress",
    ):
        assert path in spec["paths"]
