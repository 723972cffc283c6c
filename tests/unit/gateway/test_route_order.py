"""Route order on the hot path (issue 16): a provider webhook is matched against few route
patterns, the voice line's routes still win for /webhooks/voice, and the agent console's
call routes (moved after the generic webhook route) are still reached."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import fastapi.routing
import pytest
from fastapi import FastAPI
from starlette.routing import Match
from starlette.types import Scope

from config.settings import Settings
from gateway.app import create_app


@pytest.fixture
def app() -> FastAPI:
    settings = Settings(env="test")
    return create_app(settings, services=SimpleNamespace(settings=settings))  # type: ignore[arg-type]


@pytest.fixture
def tried(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    seen: Counter[str] = Counter()
    original = fastapi.routing.APIRoute.matches

    def counting(self: fastapi.routing.APIRoute, scope: Scope) -> tuple[Match, Scope]:
        seen[self.path] += 1
        return original(self, scope)

    monkeypatch.setattr(fastapi.routing.APIRoute, "matches", counting)
    return seen


def _scope(method: str, path: str) -> Scope:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }


def _selected(app: FastAPI, method: str, path: str) -> tuple[str, str]:
    """The route path and endpoint name the app's router picks (as it does per request)."""
    for route in app.router.routes:
        match, _ = route.matches(_scope(method, path))
        if match == Match.FULL:
            if isinstance(route, fastapi.routing._IncludedRouter):
                _, _, inner, _ = route._match(_scope(method, path))
                assert isinstance(inner, fastapi.routing.APIRoute)
                return inner.path, inner.endpoint.__name__
            assert isinstance(route, fastapi.routing.APIRoute)
            return route.path, route.endpoint.__name__
    raise AssertionError(f"{method} {path}: no route")


def test_a_wechat_message_is_matched_against_few_route_patterns(
    app: FastAPI, tried: Counter[str]
) -> None:
    assert _selected(app, "POST", "/webhooks/wechat") == ("/webhooks/{channel}", "webhook")
    # the voice line's nine webhook routes, then the generic POST route (was 25 patterns:
    # the health and metrics routes and the agent console's call routes came first)
    assert sum(tried.values()) <= 11
    assert not [p for p in tried if p.startswith("/api/")]


def test_the_voice_line_and_the_console_call_routes_keep_their_handlers(app: FastAPI) -> None:
    assert _selected(app, "POST", "/webhooks/voice")[0] == "/webhooks/voice"
    assert _selected(app, "POST", "/webhooks/voice/gather")[0] == "/webhooks/voice/gather"
    assert _selected(app, "GET", "/webhooks/wechat") == ("/webhooks/{channel}", "webhook")
    assert _selected(app, "POST", "/webhooks/telegram/x") == (
        "/webhooks/{channel}/{subpath:path}",
        "webhook_callback",
    )
    assert _selected(app, "GET", "/api/agent/calls")[0] == "/api/agent/calls"
    assert _selected(app, "POST", "/api/agent/callbacks/claim")[0] == "/api/agent/callbacks/claim"
    assert _selected(app, "GET", "/healthz")[0] == "/healthz"
