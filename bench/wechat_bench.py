"""WeChat safe-mode load: signed, AES-encrypted text messages through the full pipeline.

Starts the real gateway (``hotline serve``) and a bare FastAPI echo app as uvicorn
processes on free ports, plus a fake WeChat API (for customer-service pushes of replies
that miss the passive-reply margin) inside this process. Every request is encrypted and
signed beforehand with wechatpy's ``WeChatCrypto``, as WeChat would; each passive reply is
checked to decrypt. Prints messages per second, p50/p99 latency for:

* bare echo: a FastAPI app that returns the POST body (the ceiling of the HTTP stack),
* URL check: the gateway's ``GET /webhooks/wechat?echostr=`` (signature check only),
* full pipeline: safe-mode text messages (verify, decrypt, dedup, NLU, dialogue, reply,
  encrypt), closed loop at maximum rate, then open loop at half that rate.

    python bench/wechat_bench.py [--clients 32] [--seconds 10] [--store memory|redis]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
import defusedxml.ElementTree as ET
from wechatpy.crypto import WeChatCrypto

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchkit
from benchkit import AES_KEY, APP_ID, REPO, TOKEN

ECHO_APP = """
from fastapi import FastAPI, Request, Response
app = FastAPI()
@app.post("/webhooks/wechat")
async def echo(request: Request) -> Response:
    return Response(await request.body(), media_type="application/xml")
@app.get("/webhooks/wechat")
async def echostr(echostr: str = "") -> Response:
    return Response(echostr, media_type="text/plain")
"""

# Synthetic appeals (no evaluation data is copied here): a matter and a place.
MATTERS = [
    "小区门口的路灯坏了一个多月了，晚上出行很不方便",
    "楼下烧烤店油烟太大，每天晚上噪音扰民",
    "公交站台的遮雨棚破损，下雨天没法等车",
    "请问办理居住证需要带哪些材料",
    "单位拖欠工资三个月了，希望有关部门帮助解决",
    "道路上的井盖缺失，存在安全隐患",
    "供暖温度不达标，家里只有十四度",
    "咨询一下公积金提取的办理流程",
]
PLACES = ["牡丹区中华路", "开发区长江路", "郓城县", "曹县青菏街道", "单县", "定陶区"]


@dataclass
class Phase:
    name: str
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    count: int
    statuses: str = ""


class Requests:
    """Pre-signed safe-mode pushes (encryption is the provider's cost, not ours)."""

    def __init__(self, count: int, seed: int) -> None:
        self.crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
        rnd = random.Random(seed)
        now = int(time.time())
        self.items: list[tuple[str, bytes, str]] = []
        for i in range(count):
            text = f"{rnd.choice(MATTERS)}，地址在{rnd.choice(PLACES)}"
            # many citizens, each sending a few messages: realistic per-citizen locking
            sender = f"oBench{seed:02d}{i % 4000:05d}"
            msg_id = str(seed * 10_000_000 + i)
            xml = benchkit.wechat_text(sender, msg_id, text, now)
            nonce = f"{rnd.getrandbits(32)}"
            envelope = ET.fromstring(self.crypto.encrypt_message(xml, nonce, str(now)))
            encrypt = envelope.findtext("Encrypt") or ""
            query, body = benchkit.wechat_safe_mode(encrypt, sender, str(now), nonce)
            self.items.append((query, body, nonce))

    def check_reply(self, body: bytes, nonce: str) -> bool:
        """A passive reply decrypts for our appid and has content, or it is ``success``."""
        if body == b"success":
            return True
        root = ET.fromstring(body)
        plain = self.crypto.decrypt_message(
            body.decode(), root.findtext("MsgSignature"), root.findtext("TimeStamp"), nonce
        )
        return bool(ET.fromstring(plain).findtext("Content"))


def echo_requests(count: int) -> list[tuple[str, bytes, str]]:
    now = str(int(time.time()))
    out = []
    for i in range(count):
        nonce = str(i)
        q = benchkit.wechat_query(now, nonce, echostr=f"e{i}")
        out.append((urlencode(q), b"", nonce))
    return out


async def drive(
    session: aiohttp.ClientSession,
    url: str,
    items: list[tuple[str, bytes, str]],
    *,
    method: str,
    clients: int,
    seconds: float,
    rate: float | None,
    check: Requests | None,
) -> Phase:
    latencies: list[float] = []
    errors = 0
    statuses: dict[str, int] = {}
    samples: list[tuple[bytes, str]] = []
    cursor = 0
    start_t = time.perf_counter()
    stop_at = start_t + seconds
    interval = None if rate is None else clients / rate

    async def worker() -> None:
        nonlocal cursor, errors
        next_at = time.perf_counter()
        while time.perf_counter() < stop_at and cursor < len(items):
            if interval is not None:
                next_at += interval
                pause = next_at - time.perf_counter()
                if pause > 0:
                    await asyncio.sleep(pause)
            query, body, nonce = items[cursor]
            cursor += 1
            t0 = time.perf_counter()
            try:
                async with session.request(method, f"{url}?{query}", data=body or None) as resp:
                    content = await resp.read()
                    ok = resp.status == 200
                    code = str(resp.status)
            except aiohttp.ClientError as exc:
                ok, content, code = False, b"", type(exc).__name__
            statuses[code] = statuses.get(code, 0) + 1
            latencies.append(time.perf_counter() - t0)
            if not ok:
                errors += 1
            elif check is not None and len(samples) < 200:
                samples.append((content, nonce))

    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - start_t
    if check is not None:
        bad = sum(0 if check.check_reply(b, n) else 1 for b, n in samples)
        errors += bad
    latencies.sort()
    n = len(latencies)
    return Phase(
        name="",
        rate=n / elapsed,
        p50_ms=statistics.median(latencies) * 1000 if n else 0.0,
        p99_ms=latencies[max(0, int(n * 0.99) - 1)] * 1000 if n else 0.0,
        errors=errors,
        count=n,
        statuses=" ".join(f"{k}:{v}" for k, v in sorted(statuses.items())),
    )


async def run(args: argparse.Namespace, gw_port: int, echo_port: int) -> list[Phase]:
    gw = f"http://127.0.0.1:{gw_port}/webhooks/wechat"
    echo = f"http://127.0.0.1:{echo_port}/webhooks/wechat"
    bare_n = int(args.seconds * 3000) + 1000
    full_n = int(args.seconds * 1000) + 1000  # far above what the pipeline reaches here
    # everything signed before the clock starts (and before idle connections could expire)
    warm = Requests(400, seed=1)
    bodies = Requests(bare_n, seed=2)
    echoes = echo_requests(bare_n)
    full_reqs = Requests(full_n, seed=3)
    half_reqs = Requests(full_n, seed=4)

    async def phase(
        name: str, url: str, reqs: list[tuple[str, bytes, str]], method: str, **kw: Any
    ) -> Phase:
        # a fresh connection pool per phase: no stale keep-alive sockets between phases
        conn = aiohttp.TCPConnector(limit=args.clients * 2)
        async with aiohttp.ClientSession(connector=conn) as session:
            result = await drive(session, url, reqs, method=method, **kw)
        result.name = name
        return result

    common = {"clients": args.clients, "seconds": args.seconds}
    await phase("warm-up", gw, warm.items, "POST", clients=4, seconds=3, rate=None, check=None)
    phases = [
        await phase(
            "bare echo (FastAPI POST)", echo, bodies.items, "POST", rate=None, check=None, **common
        ),
        await phase(
            "gateway URL check (echostr)", gw, echoes, "GET", rate=None, check=None, **common
        ),
    ]
    full = await phase(
        "safe-mode text, full pipeline",
        gw,
        full_reqs.items,
        "POST",
        rate=None,
        check=full_reqs,
        **common,
    )
    phases.append(full)
    phases.append(
        await phase(
            "same, open loop at half max",
            gw,
            half_reqs.items,
            "POST",
            rate=full.rate / 2,
            check=half_reqs,
            **common,
        )
    )
    return phases


def adapter_only(count: int = 3000) -> float:
    """The WeChat adapter alone, in process: verify, decrypt, parse, encrypted passive reply."""
    sys.path.insert(0, str(REPO))
    from channels.base import RawRequest
    from channels.messages import OutboundMessage
    from channels.wechat import WeChatAdapter, WeChatSettings

    adapter = WeChatAdapter(
        WeChatSettings(token=TOKEN, app_id=APP_ID, app_secret="s", aes_key=AES_KEY)
    )
    reqs = Requests(count, seed=9)
    raws = [
        RawRequest("POST", "http://h/webhooks/wechat", {}, dict(parse_qsl(q)), body)
        for q, body, _ in reqs.items
    ]
    reply = [OutboundMessage(channel="wechat", recipient="o", text="您好，请问这件事发生在哪里？")]
    t0 = time.perf_counter()
    for raw in raws:
        adapter.verify(raw)
        messages = adapter.parse(raw)
        adapter.acknowledge(raw, messages, reply)
    return count / (time.perf_counter() - t0)


def main() -> None:
    args = benchkit.load_options()

    async def with_fake() -> list[Phase]:
        pushed = [0]

        def on_push(_: dict[str, object]) -> None:
            pushed[0] += 1

        runner, api_port = await benchkit.fake_wechat_api(on_push)
        with tempfile.TemporaryDirectory() as tmp:
            env = benchkit.gateway_env(
                tmp,
                None,
                args.redis,
                api_port,
                safe_mode=True,
                HOTLINE_RATE_LIMIT_PER_MINUTE="100000",
            )
            await asyncio.to_thread(benchkit.train_nlu, env)
            gw_port, echo_port = benchkit.free_port(), benchkit.free_port()
            gw_log = Path(tmp) / "gateway.log"
            gw = benchkit.gateway(env, gw_port, gw_log)
            echo = benchkit.echo_app(ECHO_APP, tmp, env, echo_port)
            try:
                phases = await run(args, gw_port, echo_port)
            finally:
                for proc in (gw, echo):
                    benchkit.stop(proc, wait=10)
                await runner.cleanup()
            print(f"customer-service pushes (replies past the margin): {pushed[0]}")
            problems = [
                line
                for line in gw_log.read_text(errors="replace").splitlines()
                if '"level": "ERROR"' in line or "Traceback" in line
            ]
            print(f"gateway error log lines: {len(problems)}")
            for line in problems[:3]:
                print("  ", line[:300])
            return phases

    phases = asyncio.run(with_fake())
    print(f"store={args.store} clients={args.clients} seconds={args.seconds}")
    print(f"WeChat adapter alone (in process, one core): {adapter_only():.0f} msg/s")
    print(f"{'endpoint':<34}{'msg/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'n':>8}")
    for p in phases:
        print(
            f"{p.name:<34}{p.rate:>9.0f}{p.p50_ms:>9.1f}{p.p99_ms:>9.1f}{p.errors:>8}{p.count:>8}"
            f"  {p.statuses}"
        )


if __name__ == "__main__":
    main()
