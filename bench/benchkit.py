"""What the bench scripts share: the servers they start (the gateway, a bare echo app, a
fake WeChat API), the gateway's environment, a fresh PostgreSQL database, and the
requests a provider sends: WeChat pushes signed as WeChat signs them (plain or safe
mode) and web-chat frames. Import it from a script in ``bench/`` as ``import benchkit``
(``sys.path`` starts at the script's folder)."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import web

REPO = Path(__file__).resolve().parents[1]
TOKEN = "bench-token"
APP_ID = "wx0123456789abcdef"
APP_SECRET = "bench-secret"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
WECHAT_PATH = "/webhooks/wechat"


LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def load_options() -> argparse.Namespace:
    """The options of the closed- then open-loop benches (``--clients``, ``--seconds``,
    ``--store``); ``redis`` is the store's URL, or None in memory."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--store", choices=["memory", "redis"], default="memory")
    args = parser.parse_args()
    args.redis = LOCAL_REDIS if args.store == "redis" else None
    return args


# -- processes ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(
    cmd: list[str],
    env: dict[str, str],
    port: int,
    log: Path,
    *,
    settle: float = 0.0,
    timeout: float = 300.0,
) -> subprocess.Popen[bytes]:
    """Start ``cmd`` and wait until ``port`` accepts, then ``settle`` seconds more (let
    every worker finish its start-up). The server's stderr goes to ``log``: an unread pipe
    would fill and stall the server."""
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=sink)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                time.sleep(settle)
                return proc
        except OSError as exc:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace")[-4000:]) from exc
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def stop(proc: subprocess.Popen[bytes], wait: float = 30.0) -> None:
    """Terminate (graceful: records written behind are flushed), kill after ``wait`` s."""
    proc.terminate()
    try:
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        proc.kill()


def gateway(
    env: dict[str, str], port: int, log: Path, *extra: str, settle: float = 0.0
) -> subprocess.Popen[bytes]:
    """``hotline serve`` on ``port`` (``extra``: e.g. ``--workers 2``)."""
    cmd = [sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), *extra]
    return start(cmd, env, port, log, settle=settle)


def echo_app(source: str, folder: str, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """A bare app (``source`` defines ``app``) under the same uvicorn as the gateway."""
    (Path(folder) / "echo_app.py").write_text(source, encoding="utf-8")
    cmd = [sys.executable, "-m", "uvicorn", "--app-dir", folder, "echo_app:app"]
    cmd += ["--port", str(port), "--log-level", "warning"]
    return start(cmd, env, port, Path(folder) / "echo.log")


def train_nlu(env: dict[str, str]) -> None:
    """Train the NLU model once, outside any measurement."""
    cmd = [sys.executable, "-m", "gateway.cli", "nlu", "train"]
    subprocess.run(cmd, env=env, cwd=REPO, check=False, stdout=subprocess.DEVNULL)


def gateway_env(
    tmp: str,
    db: str | None = None,
    redis: str | None = None,
    api_port: int | None = None,
    *,
    safe_mode: bool = False,
    **settings: str,
) -> dict[str, str]:
    """The gateway's settings for a bench run: its own var dir, quiet logs; with
    ``api_port`` the WeChat channel on (plain mode, or safe mode with :data:`AES_KEY`)
    pushing replies past the margin to a fake API there; ``settings`` on top."""
    env = dict(os.environ)
    env.update(
        HOTLINE_VAR_DIR=tmp,
        HOTLINE_LOG_LEVEL="WARNING",
        HOTLINE_PUBLIC_BASE_URL="http://127.0.0.1",
        HOTLINE_OCR_ENABLED="false",
    )
    env.pop("HOTLINE_WECHAT_AES_KEY", None)
    if api_port is not None:
        env.update(
            HOTLINE_WECHAT_TOKEN=TOKEN,
            HOTLINE_WECHAT_APP_ID=APP_ID,
            HOTLINE_WECHAT_APP_SECRET=APP_SECRET,
            HOTLINE_WECHAT_API_BASE_URL=f"http://127.0.0.1:{api_port}/cgi-bin/",
        )
        if safe_mode:
            env["HOTLINE_WECHAT_AES_KEY"] = AES_KEY
    if db:
        env["HOTLINE_DATABASE_URL"] = db
    if redis:
        env["HOTLINE_REDIS_URL"] = redis
    env.update(settings)
    return env


def fresh_database(admin: str) -> str:
    """A new, empty PostgreSQL database next to ``admin``'s; its URL."""
    import psycopg

    name = f"hotline_bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + "/" + name


def drop_database(admin: str, url: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


async def fake_wechat_api(
    on_push: Callable[[dict[str, object]], None],
) -> tuple[web.AppRunner, int]:
    """WeChat's token and customer-service endpoints in this process; ``on_push`` sees
    each pushed message. Returns the runner (``await runner.cleanup()``) and the port."""

    async def token(_: web.Request) -> web.Response:
        return web.json_response({"access_token": "BENCH", "expires_in": 7200})

    async def send(request: web.Request) -> web.Response:
        on_push(json.loads(await request.read()))
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    app = web.Application()
    app.router.add_get("/cgi-bin/token", token)
    app.router.add_post("/cgi-bin/message/custom/send", send)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, port


# -- callgrind ----------------------------------------------------------------------------
def callgrind_prefix(out_file: Path) -> list[str]:
    """The command before a child's own: valgrind's callgrind writing to ``out_file`` (one
    file a thread, ``out_file`` and ``out_file.<n>``), counting only once the child
    switches instrumentation on (``--instr-atstart=no``: the measured batch alone)."""
    return [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out_file}",
    ]


def callgrind_instructions(out_file: Path, *, keep: bool) -> int:
    """The instructions callgrind counted in every file of ``out_file`` (every thread of
    the process); the files are removed, or kept for ``callgrind_annotate
    --inclusive=yes`` and named on stderr."""
    files = list(out_file.parent.glob(out_file.name + "*"))
    counted = sum(
        int(line.split()[1])
        for path in files
        for line in path.read_text().splitlines()
        if line.startswith(("summary:", "totals:"))
    )
    for path in files:
        if keep:
            print(f"kept {path}", file=sys.stderr)
        else:
            path.unlink()
    return counted


# -- requests -----------------------------------------------------------------------------
def wechat_signature(*parts: str) -> str:
    """WeChat's ``sha1`` of the sorted, joined parts (``signature``, ``msg_signature``)."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def wechat_query(
    timestamp: str | None = None, nonce: str | None = None, **extra: str
) -> dict[str, str]:
    """The query WeChat signs a push with; a fresh nonce by default, because the gateway
    lets a (timestamp, nonce) serve one message only (its replay memory)."""
    ts = timestamp or str(int(time.time()))
    once = nonce or secrets.token_hex(8)
    return {"signature": wechat_signature(TOKEN, ts, once), "timestamp": ts, "nonce": once, **extra}


def wechat_signed_path(base: str = WECHAT_PATH) -> str:
    """``base`` with a freshly signed plain-mode query."""
    return f"{base}?{urlencode(wechat_query())}"


def wechat_text(sender: str, msg_id: str, text: str, created: int | None = None) -> str:
    """A text push as WeChat's XML."""
    return (
        "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName>"
        f"<FromUserName><![CDATA[{sender}]]></FromUserName>"
        f"<CreateTime>{created if created is not None else int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


def wechat_safe_mode(encrypt: str, sender: str, timestamp: str, nonce: str) -> tuple[str, bytes]:
    """The query and body of a safe-mode push whose encrypted XML is ``encrypt``."""
    query = wechat_query(
        timestamp,
        nonce,
        openid=sender,
        encrypt_type="aes",
        msg_signature=wechat_signature(TOKEN, timestamp, nonce, encrypt),
    )
    body = (
        "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName>"
        f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    )
    return urlencode(query), body.encode()


def web_message(text: str) -> str:
    """A web-chat frame (``/chat/ws``) carrying ``text``."""
    return json.dumps(
        {"type": "message", "id": secrets.token_hex(6), "text": text}, ensure_ascii=False
    )
