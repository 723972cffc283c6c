"""The API docs: every operation under a tag, and ReDoc's bundle naming no CDN."""

from __future__ import annotations

import importlib

from fastapi import FastAPI

from gateway.routers import apidocs

ROUTERS: tuple[str, ...] = ("agent", "centre", "chat", "dashboard", "feed", "knowledge")
ROUTERS += ("media", "open311", "ops", "units", "webhooks")


def test_every_operation_has_a_tag() -> None:
    app = FastAPI()
    for name in ROUTERS:
        app.include_router(importlib.import_module(f"gateway.routers.{name}").router)
    spec = app.openapi()
    untagged = [
        f"{method.upper()} {path}"
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if not op.get("tags")
    ]
    assert untagged == []
    assert any(p.startswith("/api/agent/") for p in spec["paths"])


def test_redoc_bundle_fetches_nothing_from_a_cdn() -> None:
    bundle = apidocs.redoc_bundle().decode("utf-8")
    assert apidocs.REDOC_CDN_LOGO not in bundle
    assert "cdn.redoc.ly" not in bundle
    assert "/favicon.ico" in bundle
