"""Schemathesis over the whole OpenAPI document, in-process (ASGI, no network), on
PostgreSQL, with unit, centre and agent credentials.

Every operation gets a few generated requests (valid and invalid), seeded so that a
failure repeats. Fails on any 5xx and on any answer the document does not describe: an
undocumented status, another content type, or a body that does not match its schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.python.asgi import get_client, shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.app import create_app

from .conftest import ADMIN_PASSWORD, CREDENTIALS, api_settings

pytestmark = [
    pytest.mark.integration,
    # the gateway's own workers draw jitter from `random` while hypothesis generates a case
    # in the same process; hypothesis takes that for a strategy using `random`
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

EXAMPLES = 3  # per operation (~88 operations): a bounded run
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# streams that never end (server-sent events) cannot be fuzzed by request/response
SKIP = {("GET", "/api/agent/events")}


class Deferred:
    """The app under test, known once its database exists (a module fixture sets it);
    schemathesis calls this one, in process, and starts its lifespan on the first call."""

    def __init__(self) -> None:
        self.app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "the api_app fixture sets the app first"
        await self.app(scope, receive, send)


APP = Deferred()
# The document does not depend on the database: read it from an app built the same way.
# Fuzzing only (the coverage phase's exhaustive boundary cases would take many minutes),
# seeded so that a failure repeats.
CONFIG = SchemathesisConfig.from_dict(
    {"seed": 20261130, "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}}
)
schema = schemathesis.openapi.from_dict(
    create_app(api_settings(Path("var"), "")).openapi(), config=CONFIG
)
schema.app = APP


@pytest.fixture(scope="module")
def agent_cookie(api_app: FastAPI) -> Iterator[str]:
    """Route the fuzzer to the app on PostgreSQL; the supervisor's session cookie
    (``admin``, signed in once)."""
    APP.app = api_app
    with get_client(APP) as client:  # type: ignore[arg-type]  # starlette's ASGI types
        r = client.post(
            "http://testserver/api/agent/login",
            json={"username": "admin", "password": ADMIN_PASSWORD},
        )
        assert r.status_code == 200, r.text
        cookie = r.cookies.get("hotline_agent")
        assert cookie
    yield str(cookie)
    shutdown_lifespans()
    APP.app = None


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(
    case: schemathesis.Case[Any], agent_cookie: str
) -> None:
    if (case.method.upper(), case.path) in SKIP:
        pytest.skip("an endless event stream")
    headers = CREDENTIALS.headers_for(case.path)
    case.call_and_validate(headers=headers, cookies={"hotline_agent": agent_cookie}, checks=CHECKS)
