"""WeChat plain-mode text through the full gateway against a bare echo, driven by wrk.

Issue 16's measure: ``wrk`` with a Lua script (``bench/wechat_wrk.lua``: a fresh MsgId per
request, half of the messages from citizens never seen before, half from a pool of 2,000
returning citizens), 32 connections, against (1) a bare FastAPI echo of the POST body and
(2) the gateway (``hotline serve``), both under the same uvicorn, in one run. With
``--scale`` it measures the echo and then the gateway on PostgreSQL + Redis as one
process and as two (``hotline serve --workers 2``), and prints the 2-to-1 ratio and the
load average (on a shared machine the rates hold only beside it). ``--profile`` adds a
py-spy phase afterwards (not measured: the profiler slows the process) and prints the top
of the profile.

    apt-get install -y wrk; .venv/bin/pip install py-spy
    .venv/bin/python bench/wechat_wrk.py [--seconds 15] [--connections 32] [--profile]
    .venv/bin/python bench/wechat_wrk.py --scale --db postgresql://postgres@127.0.0.1:5432/test \\
        --redis redis://127.0.0.1:6379/0
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import benchkit
from benchkit import REPO

LUA = REPO / "bench" / "wechat_wrk.lua"
ECHO_APP = """
from fastapi import FastAPI, Request, Response
app = FastAPI()
@app.post("/webhooks/wechat")
async def echo(request: Request) -> Response:
    return Response(await request.body(), media_type="application/xml")
"""


@dataclass
class Result:
    name: str
    rate: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: str
    replies: str
    cpu_ms: float = 0.0  # server CPU time (all its processes) per request


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = [pid], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        found += kids
        todo += kids
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its descendants: a per-request cost that
    other work on a shared machine disturbs much less than the wall-clock rate."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def signed_paths(n: int) -> Path:
    """A file of ``n`` freshly signed paths, one a line, for the Lua script: the gateway
    lets a (timestamp, nonce) serve one message only (its replay memory), as WeChat signs
    each push, and wrk's LuaJIT has no SHA-1 to sign them itself."""
    fd, name = tempfile.mkstemp(prefix="wechat-wrk-", suffix=".txt")
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(benchkit.wechat_signed_path() for _ in range(n)) + "\n")
    return Path(name)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(
    name: str, port: int, seconds: float, connections: int, threads: int, pid: int | None = None
) -> Result:
    run = str(secrets.randbelow(900_000) + 100_000)
    paths = signed_paths(int(seconds * 4000) + 20_000)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{int(seconds)}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}{benchkit.wechat_signed_path()}",
        "--",
        run,
        str(paths),
        str(threads),
    ]
    cpu0 = cpu_seconds(pid) if pid else 0.0
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    finally:
        paths.unlink()
    cpu = cpu_seconds(pid) - cpu0 if pid else 0.0
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = {p: _ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)", out, re.M)}
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = " ".join(
        line.strip() for line in out.splitlines() if "Socket errors" in line or "Non-2xx" in line
    )
    replies = next((line for line in out.splitlines() if line.startswith("replies")), "")
    cpu_ms = 1000 * cpu / total if total else 0.0
    return Result(
        name, rate, pct.get("50", 0.0), pct.get("99", 0.0), total, errors, replies, cpu_ms
    )


def profile(pid: int, seconds: float, port: int, args: argparse.Namespace, out: Path) -> str:
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    rec = subprocess.Popen(
        [
            spy,
            "record",
            "--format",
            "raw",
            "--nonblocking",
            "--subprocesses",
            "-d",
            str(int(seconds)),
            "-p",
            str(pid),
            "-o",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wrk("profiled", port, seconds, args.connections, args.threads)
    rec.wait(60)
    top = subprocess.run(
        [sys.executable, str(REPO / "bench" / "profile_top.py"), str(out), "--top", "20"],
        capture_output=True,
        text=True,
        check=False,
    )
    return top.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--scale", action="store_true", help="1 vs 2 processes on PG + Redis")
    ap.add_argument("--db", default=None, help="PostgreSQL admin URL (a fresh DB is made)")
    ap.add_argument("--redis", default=None)
    ap.add_argument("--warmup", type=float, default=30.0, help="idle seconds after start")
    ap.add_argument("--profile", type=Path, default=None, help="py-spy raw output file")
    args = ap.parse_args()
    if args.scale and not (args.db and args.redis):
        ap.error("--scale needs --db and --redis")
    results: list[Result] = []
    prof = ""
    with tempfile.TemporaryDirectory() as tmp:
        db = benchkit.fresh_database(args.db) if args.db else None
        # pushes of replies past the margin go nowhere (counted as pending by the gateway)
        env = benchkit.gateway_env(tmp, db, args.redis, benchkit.free_port())
        try:
            benchkit.train_nlu(env)
            runs: list[tuple[str, list[str]]] = []
            if args.scale:
                runs = [
                    ("gateway, 1 process, PG+Redis", []),
                    ("gateway, 2 processes, PG+Redis", ["--workers", "2"]),
                ]
            else:
                runs = [("gateway, 1 process", [])]
            # the bare echo in every run, --scale included: ratios are taken in one run
            port = benchkit.free_port()
            echo = benchkit.echo_app(ECHO_APP, tmp, env, port)
            try:
                results.append(
                    wrk(
                        "bare echo",
                        port,
                        args.seconds,
                        args.connections,
                        args.threads,
                        echo.pid,
                    )
                )
            finally:
                benchkit.stop(echo)
            for name, extra in runs:
                port = benchkit.free_port()
                log = Path(tmp) / "gateway.log"
                gw = benchkit.gateway(env, port, log, *extra, settle=1.0)
                try:
                    # start-up jobs (model load, caches, the scheduler's first round) settle
                    # first; then a short unmeasured warm-up run
                    time.sleep(args.warmup)
                    wrk("warm-up", port, 5, args.connections, args.threads)
                    one = wrk(name, port, args.seconds, args.connections, args.threads, gw.pid)
                    results.append(one)
                    if args.profile and not extra:
                        prof = profile(gw.pid, args.seconds, port, args, args.profile)
                finally:
                    benchkit.stop(gw)
                lines = log.read_text(errors="replace").splitlines()
                # wrk closes its connections at the end with requests in flight: uvicorn logs
                # those as ClientDisconnect; counted apart from real errors
                bye = sum("ClientDisconnect" in line for line in lines)
                errs = [
                    line
                    for line in lines
                    if ('"level": "ERROR"' in line or "Traceback" in line)
                    and "ClientDisconnect" not in line
                ]
                print(f"{name}: client disconnects at the end of a run: {bye}")
                print(
                    f"{name}: error log lines {len(errs)}",
                    *(e[-700:] for e in errs[:2]),
                    sep="\n  ",
                )
        finally:
            if db and args.db:
                benchkit.drop_database(args.db, db)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"wrk -t{args.threads} -c{args.connections} -d{int(args.seconds)}s, {when}")
    load = os.getloadavg()  # a shared machine: the figures hold only beside this
    cpus = os.cpu_count()
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} ({cpus} CPUs)")
    head = f"{'endpoint':<34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>11}{'n':>8}"
    print(head + "  errors / replies")
    for r in results:
        print(
            f"{r.name:<34}{r.rate:>9.0f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.cpu_ms:>11.2f}"
            f"{r.requests:>8}  {r.errors} {r.replies}"
        )
    base = results[0]
    for r in results[1:]:
        print(f"ratio {r.name} / {base.name}: {r.rate / base.rate:.3f}")
        if r.cpu_ms and base.cpu_ms:
            print(f"  CPU per request, {base.name} / {r.name}: {base.cpu_ms / r.cpu_ms:.3f}")
    if len(results) == 3:  # --scale: two processes against one, in the same run
        one, two = results[1], results[2]
        print(f"scale: 2 processes / 1 process, by rate: {two.rate / one.rate:.2f}x")
    if prof:
        print("py-spy profile of the gateway under the same load (separate phase):")
        print(prof)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
