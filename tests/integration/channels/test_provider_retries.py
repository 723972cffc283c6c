"""Provider retries across two gateway processes sharing real PostgreSQL and Redis.

WeChat retries three times within 15 s and Telegram re-sends; behind a load balancer the
retries reach different gateway processes. Each adapter's stable ``external_id`` must make
them collide in the shared dedup store: one answer, one processing.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.contract import cases
from tests.contract.conftest import FakeProvider
from tests.contract.test_gateway_webhooks import overrides, post, wechat_reply, wechat_text

pytestmark = pytest.mark.integration


@pytest.fixture
async def two_gateways(
    provider: FakeProvider,
    postgres_url: str,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[list[httpx.AsyncClient]]:
    from config.settings import Settings
    from gateway.app import create_app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOTLINE_OCR_ENABLED", "false")
    settings = Settings(
        var_dir=tmp_path / "var",
        env="test",
        public_base_url=cases.PUBLIC,
        database_url=postgres_url,
        redis_url=redis_url,
        rate_limit_per_minute=1000,
    )
    async with AsyncExitStack() as stack:
        clients = []
        for _ in range(2):
            app = create_app(settings, channel_overrides=overrides(provider.base_url))
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            client = httpx.AsyncClient(transport=transport, base_url="http://gateway")
            stack.push_async_callback(client.aclose)
            clients.append(client)
        yield clients


def _processed(channel: str) -> float:
    from gateway import metrics

    value: Any = metrics.MESSAGES.labels(channel, "processed")._value.get()
    return float(value)


async def test_wechat_retries_on_two_processes_make_one_answer(
    two_gateways: list[httpx.AsyncClient],
) -> None:
    a, b = two_gateways
    sender = "oRetry" + secrets.token_hex(4)
    msg_id = str(secrets.randbelow(10**15))
    # three tries, each signed afresh by WeChat (new nonce), spread over both processes
    tries = [wechat_text("小区门口的路灯坏了一个多月了", msg_id, sender=sender) for _ in range(3)]
    before = _processed("wechat")
    responses = await asyncio.gather(post(a, tries[0]), post(b, tries[1]), post(a, tries[2]))
    assert [r.status_code for r in responses] == [200, 200, 200]
    answers = {wechat_reply(r, raw) for r, raw in zip(responses, tries, strict=True)}
    assert len(answers) == 1
    assert answers.pop()
    assert _processed("wechat") == before + 1


async def test_telegram_resend_on_two_processes_is_processed_once(
    two_gateways: list[httpx.AsyncClient],
) -> None:
    a, b = two_gateways
    update_id = 10**8 + secrets.randbelow(10**8)
    body = cases.as_json(cases.telegram_update(update_id, text="咨询公积金提取需要哪些材料"))
    before = _processed("telegram")
    responses = await asyncio.gather(
        post(a, cases.telegram_request(body)), post(b, cases.telegram_request(body))
    )
    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].content == responses[1].content
    assert _processed("telegram") == before + 1


async def test_a_weibo_signature_reused_for_another_body_on_another_process_is_403(
    two_gateways: list[httpx.AsyncClient],
) -> None:
    """The replay memory is in the shared store: process b sees what process a saw."""
    from channels.base import RawRequest

    a, b = two_gateways
    push = cases.weibo_push("text", "小区垃圾清运不及时", {})
    push["sender_id"] = 3_000_000_000 + secrets.randbelow(10**6)
    genuine = cases.weibo_request(cases.as_json(push))
    assert (await post(a, genuine)).status_code == 200
    retry = await post(b, genuine)  # the provider's retry, same body: answered
    assert retry.status_code == 200
    forged_body = cases.as_json({**push, "text": "伪造的诉求"})
    forged = RawRequest(genuine.method, genuine.url, genuine.headers, genuine.query, forged_body)
    assert (await post(b, forged)).status_code == 403
