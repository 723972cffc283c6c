"""The webhook route's replay check and WeChat's 48-hour window, written together
(``ChannelAdapter.arrive``: one shared-store write): a (timestamp, nonce) serves one body,
a refused body opens no window, and a body the route cannot read is still refused with
403 when its (timestamp, nonce) was used (the check runs before the 400)."""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path

import httpx
import pytest

from tests.unit.gateway.test_webhook_admission import TOKEN, _gateway, _settle


def _xml(citizen: str, msgid: str, text: str, ts: str) -> bytes:
    return (
        f"<xml><ToUserName><![CDATA[gh_12345]]></ToUserName>"
        f"<FromUserName><![CDATA[{citizen}]]></FromUserName><CreateTime>{ts}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content>"
        f"<MsgId>{msgid}</MsgId></xml>"
    ).encode()


async def _post(client: httpx.AsyncClient, ts: str, nonce: str, body: bytes) -> httpx.Response:
    sig = hashlib.sha1("".join(sorted([TOKEN, ts, nonce])).encode()).hexdigest()
    return await client.post(
        "/webhooks/wechat",
        params={"signature": sig, "timestamp": ts, "nonce": nonce},
        content=body,
    )


UNREADABLE = [b"<xml><FromUserName>", b"not xml at all", b"<xml></xml>"]


@pytest.mark.parametrize("unreadable", UNREADABLE)
async def test_one_body_per_timestamp_and_nonce_through_the_route(
    tmp_path: Path, unreadable: bytes
) -> None:
    app, cases, pipeline, inbox, _ = await _gateway(tmp_path, concurrency=4, margin=4.0)
    cases.release.set()
    adapter = pipeline.adapters["wechat"]
    ts, nonce = str(int(time.time())), secrets.token_hex(8)
    genuine = _xml("o-first", "4001", "路灯坏了", ts)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as c:
        assert (await _post(c, ts, nonce, genuine)).status_code == 200
        opened = await adapter.state.get("seen", "o-first")
        assert opened is not None
        retry = await _post(c, ts, nonce, genuine)  # the provider's retry: same body
        assert retry.status_code == 200
        forged = await _post(c, ts, nonce, _xml("o-other", "4002", "伪造", ts))
        assert forged.status_code == 403
        assert await adapter.state.get("seen", "o-other") is None  # no window for it
        assert (await _post(c, ts, nonce, unreadable)).status_code == 403
        # a fresh pair with an unreadable body: 400, and the pair is used up
        nonce2 = secrets.token_hex(8)
        assert (await _post(c, ts, nonce2, unreadable)).status_code == 400
        late = await _post(c, ts, nonce2, _xml("o-late", "4003", "路灯坏了", ts))
        assert late.status_code == 403
        assert await adapter.state.get("seen", "o-late") is None
        await _settle(pipeline, inbox)
