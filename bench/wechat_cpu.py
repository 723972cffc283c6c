"""CPU per WeChat plain-text message, by stage, in process (issue 16).

The gateway as ``hotline serve`` builds it (``build_services``: SQLite case store in a
temporary directory, in-process store, the shipped NLU model, knowledge base, console,
repeat detection) is driven through ``httpx.ASGITransport``, one request at a time, with
signed WeChat plain-mode text pushes (a fresh MsgId and nonce each; half of the messages
from citizens never seen before, half from a pool of returning citizens; most texts made
unique so that no cache of identical texts answers for the NLU). The figure is
``time.process_time()`` per message, which other work on a shared machine disturbs far
less than a wall-clock rate (the whole process: the event loop and aiosqlite's thread).

Stages (CPU µs per message; nested stages are inside their parent):

- ``client``: httpx building the request and reading the response (not the gateway's);
- ``http stack``: everything between the ASGI entry and the webhook route (uvicorn is
  not in process: Starlette/FastAPI routing, the middleware, the exception layers);
- ``verify/parse``: limits, signature, replay memory, XML parse (the adapter);
- ``pipeline``: ``Pipeline.handle``, of which ``nlu`` (every ``parse`` call),
  ``dialogue`` (every ``step``), ``knowledge`` (``KnowledgeBase.search``), ``store``
  (the turn's store calls), ``console`` (turn records queued);
- ``reply``: the adapter's answer (passive-reply XML);
- ``background``: what runs between requests (write-behind group commits, aiosqlite);

    .venv/bin/python bench/wechat_cpu.py [--messages 2000] [--warmup 300] [--profile N]
    .venv/bin/python bench/wechat_cpu.py --against /tmp/base   # a second checkout, same run

``--against DIR`` measures the code of another checkout (e.g. ``git archive`` of the
commit before a change) in the same run, alternating rounds with this one, and prints
both columns and their ratio. ``--profile N`` prints the top ``N`` functions of a
``cProfile`` pass (separate from the measured one).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import benchkit

REPO = Path(__file__).resolve().parents[1]
TOKEN = benchkit.TOKEN
TEXTS = (
    "小区门口的路灯坏了一个多月了，晚上出行很不方便",
    "楼下烧烤店油烟太大，每天晚上噪音扰民",
    "公交站台的遮雨棚破损，下雨天没法等车",
    "你好",
    "我们小区停水两天了，什么时候能恢复供水",
    "暖气不热，家里只有十几度",
    "谢谢",
    "确认",
)
STAGES = (
    "client",
    "http stack",
    "route",
    "verify/parse",
    "pipeline",
    "nlu",
    "dialogue",
    "knowledge",
    "store",
    "console",
    "reply",
    "background",
)
P = ParamSpec("P")
R = TypeVar("R")


class Meter:
    """Accumulated CPU seconds per stage (``time.process_time``)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self.calls: dict[str, int] = dict.fromkeys(STAGES, 0)
        self.on = False

    def sync(self, stage: str, fn: Callable[P, R]) -> Callable[P, R]:
        def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            if not self.on:
                return fn(*args, **kwargs)
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.spent[stage] += time.process_time() - t0
                self.calls[stage] += 1

        return timed

    def coro(
        self, stage: str, fn: Callable[P, Coroutine[Any, Any, R]]
    ) -> Callable[P, Coroutine[Any, Any, R]]:
        async def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            if not self.on:
                return await fn(*args, **kwargs)
            t0 = time.process_time()
            try:
                return await fn(*args, **kwargs)
            finally:
                self.spent[stage] += time.process_time() - t0
                self.calls[stage] += 1

        return timed


def _vary(rng: random.Random, text: str) -> str:
    if len(text) < 6:
        return text
    return f"{text}，我家在{rng.randint(1, 300)}号楼{rng.randint(1, 9)}单元"


def _requests(n: int, seed: int) -> list[tuple[str, bytes]]:
    """``n`` signed plain-mode pushes (path, body), built before the clock starts."""
    rng = random.Random(seed)
    run = secrets.token_hex(3)
    out = []
    for i in range(n):
        new = rng.random() < 0.5  # half never seen before, half from a returning pool
        user = f"onew{run}_{i}" if new else f"opool{run}_{rng.randint(1, 500)}"
        path = benchkit.wechat_signed_path()
        text = _vary(rng, rng.choice(TEXTS))
        out.append((path, benchkit.wechat_text(user, f"{seed}{i:09d}", text).encode()))
    return out


async def measure(args: argparse.Namespace) -> dict[str, object]:
    """Build the gateway in this process and measure it (run inside the child)."""
    import importlib.util

    import httpx

    if importlib.util.find_spec("sniffio") is None:
        # httpx's ASGI transport tries ``import sniffio`` per request; absent, each try
        # searched sys.path (≈ 4 % of the instructions counted, all of them the client's)
        sys.modules["sniffio"] = None  # type: ignore[assignment]

    os.environ.update(
        HOTLINE_WECHAT_TOKEN=TOKEN,
        HOTLINE_WECHAT_APP_ID="wx0123456789abcdef",
        HOTLINE_WECHAT_APP_SECRET="bench-secret",
        HOTLINE_WECHAT_API_BASE_URL="http://127.0.0.1:9/cgi-bin/",
        HOTLINE_OCR_ENABLED="false",
    )
    os.environ.pop("HOTLINE_WECHAT_AES_KEY", None)
    from config.settings import Settings
    from gateway.app import create_app
    from gateway.routers import webhooks
    from gateway.services import build_services

    tmp = Path(args.tmp)
    settings = Settings(
        var_dir=tmp / "var",
        database_url=f"sqlite:///{tmp / 'bench.db'}",
        nlu_model_dir=Path(args.model),
        public_base_url="http://testserver",
        log_level="WARNING",
        rate_limit_per_minute=1000,
        worker_in_process=False,
    )
    services = await build_services(settings, start_workers=False)
    app = create_app(settings, services=services)
    meter = Meter()
    # stage probes (the same names on the code before and after a change)
    webhooks._handle = meter.coro("route", webhooks._handle)
    adapter = services.adapters["wechat"]
    for name in ("precheck", "handshake", "verify", "read"):
        setattr(adapter, name, meter.sync("verify/parse", getattr(adapter, name)))
    adapter.check_replay = meter.coro("verify/parse", adapter.check_replay)  # type: ignore[method-assign]
    if hasattr(adapter, "arrive"):  # the replay check with the window write (one trip)
        adapter.arrive = meter.coro("verify/parse", adapter.arrive)  # type: ignore[method-assign]
    adapter.acknowledge = meter.sync("reply", adapter.acknowledge)  # type: ignore[method-assign]
    pipeline = services.pipeline
    pipeline.handle = meter.coro("pipeline", pipeline.handle)  # type: ignore[method-assign]
    pipeline.nlu.parse = meter.sync("nlu", pipeline.nlu.parse)  # type: ignore[method-assign]
    pipeline.step = meter.sync("dialogue", pipeline.step)
    if pipeline.knowledge is not None:
        pipeline.knowledge.search = meter.sync("knowledge", pipeline.knowledge.search)  # type: ignore[method-assign]
    store = pipeline.store
    for name in ("open_turn", "end_turn"):
        if hasattr(store, name):
            setattr(store, name, meter.coro("store", getattr(store, name)))
    if pipeline.console is not None:
        pipeline.console.record_turn = meter.coro("console", pipeline.console.record_turn)  # type: ignore[method-assign]

    entered = [0.0]

    async def outer(scope, receive, send):  # type: ignore[no-untyped-def]
        t0 = time.process_time()
        try:
            await app(scope, receive, send)
        finally:
            entered[0] += time.process_time() - t0

    transport = httpx.ASGITransport(app=outer)
    replies = 0
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

        async def run(batch: list[tuple[str, bytes]]) -> None:
            nonlocal replies
            for path, body in batch:
                r = await client.post(path, content=body, headers={"content-type": "text/xml"})
                if r.status_code != 200:
                    raise SystemExit(f"HTTP {r.status_code}: {r.text[:300]}")
                replies += b"<Content>" in r.content
                await asyncio.sleep(0)

        await run(_requests(args.warmup, args.seed + 1))
        await services.console.records.drain()
        batch = _requests(args.messages, args.seed)
        replies = 0
        commits = services.console.records.commits
        meter.on = not args.callgrind  # the probes' own cost stays out of the counts
        entered[0] = 0.0
        _callgrind("on", args.callgrind)
        t0 = time.process_time()
        await run(batch)
        # the write-behind of this batch, committed before the clock stops
        await services.console.records.drain()
        total = time.process_time() - t0
        _callgrind("off", args.callgrind)
        meter.on = False
        commits = services.console.records.commits - commits
        inside, answered = entered[0], replies  # before the profile pass adds to them
        profile = ""
        if args.profile:
            prof = cProfile.Profile(time.thread_time)  # this thread's CPU: contention-free
            prof.enable()
            await run(_requests(args.messages, args.seed + 2))
            prof.disable()
            if os.environ.get("HOTLINE_BENCH_PSTATS"):
                prof.dump_stats(os.environ["HOTLINE_BENCH_PSTATS"])
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(args.profile)
            profile = buf.getvalue()
    await services.aclose()
    n = args.messages
    spent = meter.spent
    spent["http stack"] = inside - spent["route"]
    background = total - inside
    # the client's share: measured apart against a bare ASGI app (see client_cost)
    share = await client_cost(batch)
    spent["client"] = share * n
    spent["background"] = max(0.0, background - share * n)
    return {
        "total_us": 1e6 * (total - share * n) / n,
        "stages_us": {k: 1e6 * v / n for k, v in spent.items()},
        "calls": {k: v / n for k, v in meter.calls.items()},
        "replies": answered,
        "n": n,
        "turn_groups": commits,
        "profile": profile,
    }


def _callgrind(switch: str, enabled: bool) -> None:
    """Instruction counting on or off for this process (run under callgrind)."""
    if enabled:
        subprocess.run(
            ["callgrind_control", "-i", switch, str(os.getpid())],
            check=True,
            stdout=subprocess.DEVNULL,
        )


async def client_cost(batch: list[tuple[str, bytes]]) -> float:
    """CPU seconds per request of the client and transport alone (a bare ASGI app)."""
    import httpx

    async def bare(scope, receive, send):  # type: ignore[no-untyped-def]
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/xml")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=bare), base_url="http://testserver"
    ) as client:
        t0 = time.process_time()
        for path, body in batch:
            await client.post(path, content=body, headers={"content-type": "text/xml"})
        return (time.process_time() - t0) / len(batch)


def child(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        args.tmp = tmp
        result = asyncio.run(measure(args))
    print(json.dumps(result))
    return 0


def train(model: Path) -> None:
    """The shipped model, trained once into ``model`` (kept between runs)."""
    if model.exists() and any(model.iterdir()):
        return
    env = dict(os.environ, HOTLINE_NLU_MODEL_DIR=str(model), PYTHONPATH=str(REPO))
    subprocess.run(
        [sys.executable, "-m", "gateway.cli", "nlu", "train"],
        env=env,
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def run_child(repo: Path, args: argparse.Namespace, seed: int) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(repo))
    out_file = Path(tempfile.gettempdir()) / f"wechat-cpu-{os.getpid()}-{seed}.callgrind"
    cmd = [
        *(benchkit.callgrind_prefix(out_file) if args.callgrind else []),
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--messages",
        str(args.messages),
        "--warmup",
        str(args.warmup),
        "--model",
        str(args.model),
        "--seed",
        str(seed),
        "--profile",
        str(args.profile),
        *(["--callgrind"] if args.callgrind else []),
    ]
    out = subprocess.run(cmd, env=env, cwd=repo, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{repo}: {out.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    if args.callgrind:  # instructions of the measured batch, every thread of the process
        counted = benchkit.callgrind_instructions(out_file, keep=args.keep)
        result["instructions"] = counted / args.messages
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=1, help="alternating rounds per checkout")
    ap.add_argument("--against", type=Path, default=None, help="another checkout, same run")
    ap.add_argument("--model", type=Path, default=Path(tempfile.gettempdir()) / "hotline-bench-nlu")
    ap.add_argument("--profile", type=int, default=0, help="print the top N of a cProfile pass")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument(
        "--callgrind",
        action="store_true",
        help="count instructions per message under valgrind (repeatable under load; slow)",
    )
    ap.add_argument(
        "--keep", action="store_true", help="keep the callgrind output files (callgrind_annotate)"
    )
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.path.insert(0, os.getcwd())
        return child(args)
    train(args.model)
    repos = [("this", REPO)] + ([("against", args.against.resolve())] if args.against else [])
    results: dict[str, list[dict[str, object]]] = {name: [] for name, _ in repos}
    for r in range(args.rounds):
        for name, repo in repos if r % 2 == 0 else list(reversed(repos)):
            results[name].append(run_child(repo, args, args.seed + r))
    load = os.getloadavg()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(
        f"{when}; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
        f"{args.messages} messages per round, {args.rounds} round(s)"
    )
    cols = [name for name, _ in repos]
    print(f"{'CPU µs / message':<22}" + "".join(f"{c:>12}" for c in cols))

    def median(values: list[float]) -> float:
        values = sorted(values)
        return values[len(values) // 2]

    table: dict[str, dict[str, float]] = {}
    for c in cols:
        table[c] = {"total (gateway)": median([float(x["total_us"]) for x in results[c]])}  # type: ignore[arg-type]
        for stage in STAGES:
            table[c][stage] = median([float(x["stages_us"][stage]) for x in results[c]])  # type: ignore[index]
    for row in ["total (gateway)", *STAGES]:
        print(f"{row:<22}" + "".join(f"{table[c][row]:>12.0f}" for c in cols))
    for c in cols:
        x = results[c][-1]
        calls = x["calls"]
        assert isinstance(calls, dict)
        per = ", ".join(f"{k} {v:.2f}" for k, v in calls.items() if v)
        print(
            f"{c}: replies with text {x['replies']} / {x['n']}; turn-record group commits "
            f"{x['turn_groups']}; calls per message: {per}"
        )
    if args.callgrind:
        counts = {c: median([float(str(x["instructions"])) for x in results[c]]) for c in cols}
        print(f"{'instructions / message':<22}" + "".join(f"{counts[c]:>12.0f}" for c in cols))
    if args.against:
        ratio = table["this"]["total (gateway)"] / table["against"]["total (gateway)"]
        print(f"this / against, total CPU per message: {ratio:.3f}")
        if args.callgrind:
            fewer = counts["this"] / counts["against"]
            print(f"this / against, instructions per message: {fewer:.3f}")
    for c in cols:
        prof = str(results[c][-1].get("profile") or "")
        if prof:
            print(f"--- cProfile top ({c}), by own time ---")
            print("\n".join(prof.splitlines()[: args.profile + 12]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
