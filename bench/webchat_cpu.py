"""CPU (or instructions) per web-chat turn, in process (issue 16).

The gateway as ``hotline serve`` builds it (``build_services``: SQLite case store in a
temporary directory, in-process store, the shipped NLU model, knowledge base, console,
repeat detection) is driven through its ASGI app's ``/chat/ws`` websocket, one visitor at
a time, each running the intake dialogue of ``bench/dialog_bench.py`` to a work order:

    appeal with place -> "匿名" -> "确认" (the order is opened: its transaction counted)

The figure is ``time.process_time()`` per turn (the whole process: event loop and
aiosqlite's thread), or with ``--callgrind`` the instructions per turn of every thread
(valgrind, repeatable on a loaded machine; ``--keep`` leaves the files for
``callgrind_annotate``). A thousand simultaneous dialogues cost this much CPU per turn
whatever their order, so the CPU per turn bounds how fast one process can answer them.

    .venv/bin/python bench/webchat_cpu.py [--dialogues 100] [--warmup 20]
    .venv/bin/python bench/webchat_cpu.py --dialogues 60 --warmup 10 --callgrind
    .venv/bin/python bench/webchat_cpu.py --callgrind --against /tmp/base   # same run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import benchkit
import wechat_cpu

REPO = Path(__file__).resolve().parents[1]
COUNTIES = ("牡丹区", "定陶区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县")
# each tells since when: the fixed script answers no "since when?" (asked of a quick intake)
PROBLEMS = (
    "小区门口的路灯坏了一个多星期",
    "楼下的下水道堵了两天了，污水溢到路面",
    "村里的自来水停了三天了",
    "路口的红绿灯不亮好几天了，车辆通行很乱",
)


def _script(i: int) -> list[str]:
    county = COUNTIES[i % len(COUNTIES)]
    return [f"{county}某某小区{i}号楼，{PROBLEMS[i % len(PROBLEMS)]}", "匿名", "确认"]


async def _dialogue(app: Any, i: int) -> tuple[int, bool]:
    """One visitor's socket through the ASGI app: turns answered, order number seen."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": "/chat/ws",
        "raw_path": b"/chat/ws",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 5000 + i % 50000),
        "server": ("testserver", 80),
        "subprotocols": [],
        "state": {},
    }
    await inbox.put({"type": "websocket.connect"})
    task = asyncio.create_task(app(scope, inbox.get, outbox.put))

    async def frame() -> dict[str, Any]:
        while True:
            sent = await outbox.get()
            if sent["type"] == "websocket.send":
                data: dict[str, Any] = json.loads(sent["text"])
                return data
            if sent["type"] == "websocket.close":
                raise SystemExit(f"socket closed: {sent}")

    hello = await frame()
    assert hello["type"] == "hello", hello
    turns, last = 0, list[str]()
    for n, text in enumerate(_script(i)):
        fid = f"b{n}"
        await inbox.put(
            {
                "type": "websocket.receive",
                "text": json.dumps({"type": "message", "id": fid, "text": text}),
            }
        )
        last = []
        while True:
            f = await frame()
            if f["type"] == "reply":
                last.append(f["text"])
            elif f["type"] == "error":
                raise SystemExit(f"error frame: {f}")
            elif f["type"] == "done" and f["in_reply_to"] == fid:
                break
        turns += 1
    await inbox.put({"type": "websocket.disconnect", "code": 1000})
    await task
    return turns, any("工单编号" in t or "工单号" in t for t in last)


async def measure(args: argparse.Namespace) -> dict[str, object]:
    """Build the gateway in this process and measure it (run inside the child)."""
    os.environ.update(HOTLINE_OCR_ENABLED="false")
    from config.settings import Settings
    from gateway.app import create_app
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
    from gateway.routers import chat

    chat.hub_for(services)  # as the app's start-up does
    base = args.seed * 100_000
    for i in range(args.warmup):
        await _dialogue(app, base + i)
    await services.console.records.drain()
    wechat_cpu._callgrind("on", args.callgrind)
    t0 = time.process_time()
    turns = orders = 0
    for i in range(args.dialogues):
        n, ordered = await _dialogue(app, base + args.warmup + i)
        turns += n
        orders += ordered
    await services.console.records.drain()
    spent = time.process_time() - t0
    wechat_cpu._callgrind("off", args.callgrind)
    await services.aclose()
    return {"turns": turns, "orders": orders, "cpu_us_per_turn": 1e6 * spent / turns}


def child(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        args.tmp = tmp
        result = asyncio.run(measure(args))
    print(json.dumps(result))
    return 0


def run_child(repo: Path, args: argparse.Namespace) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(repo))
    out_file = Path(tempfile.gettempdir()) / f"webchat-cpu-{os.getpid()}-{repo.name}.callgrind"
    cmd = [
        *(benchkit.callgrind_prefix(out_file) if args.callgrind else []),
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        *("--dialogues", str(args.dialogues), "--warmup", str(args.warmup)),
        *("--model", str(args.model), "--seed", str(args.seed)),
        *(["--callgrind"] if args.callgrind else []),
    ]
    out = subprocess.run(cmd, env=env, cwd=repo, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{repo}: {out.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    if args.callgrind:
        counted = benchkit.callgrind_instructions(out_file, keep=args.keep)
        result["instructions_per_turn"] = counted / int(str(result["turns"]))
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dialogues", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--against", type=Path, default=None, help="another checkout, same run")
    ap.add_argument("--model", type=Path, default=Path(tempfile.gettempdir()) / "hotline-bench-nlu")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--callgrind", action="store_true", help="instructions per turn (valgrind)")
    ap.add_argument("--keep", action="store_true", help="keep the callgrind output files")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.path.insert(0, os.getcwd())
        return child(args)
    wechat_cpu.train(args.model)
    repos = [("this", REPO)] + ([("against", args.against.resolve())] if args.against else [])
    load = os.getloadavg()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average {load[0]:.1f}; "
        f"{args.dialogues} dialogues of 3 turns (after {args.warmup})"
    )
    results = {name: run_child(repo, args) for name, repo in repos}
    for name, r in results.items():
        cpu = float(str(r["cpu_us_per_turn"]))
        line = f"{name}: {r['turns']} turns, {r['orders']} orders; CPU {cpu:.0f} µs/turn"
        if "instructions_per_turn" in r:
            line += f"; {float(str(r['instructions_per_turn'])):.0f} instructions/turn"
        print(line)
    if args.against and args.callgrind:
        a, b = (float(str(results[k]["instructions_per_turn"])) for k in ("this", "against"))
        print(f"this / against, instructions per turn: {a / b:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
