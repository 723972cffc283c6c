"""``hotline serve``, ``hotline worker`` and ``hotline chat`` (talk to the bot in a terminal)."""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from config.settings import ConfigError, Settings, load_settings, proxy_addresses


def register(subparsers: Any) -> None:
    """Add ``serve``, ``worker`` and ``chat``."""
    p = subparsers.add_parser("serve", help="run the gateway (migrates the database first)")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gateway processes (default HOTLINE_WORKERS or 1); more than one needs Redis",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="addresses or networks of the reverse proxy whose X-Forwarded-For names the "
        "client (default HOTLINE_FORWARDED_ALLOW_IPS, empty: none trusted)",
    )
    p.set_defaults(func=_serve)

    p = subparsers.add_parser("worker", help="run background workers (webhook delivery ...)")
    p.set_defaults(func=_worker)

    p = subparsers.add_parser("chat", help="talk to the bot in the terminal")
    p.add_argument(
        "--url",
        default="http://127.0.0.1:8000",
        help="a running gateway: its address (http://host:port) or the chat's websocket "
        "(ws://host:port/chat/ws)",
    )
    p.add_argument("--local", action="store_true", help="run the bot in this process")
    p.set_defaults(func=_chat)


def uvicorn_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    """What ``hotline serve`` gives uvicorn: request heads up to ``MAX_HEAD_BYTES`` are
    read, so a long URL reaches the input guard and gets a 414 problem+json; a longer
    head is a 431 problem (:class:`gateway.server_edge.HttpEdge`: httptools has no limit
    of its own; h11's is set too for a server run with ``--http h11``); a websocket upgrade
    the handshake parser refuses (a URL over 8,192 bytes, headers too large, a malformed
    head) is answered and closed at once (:class:`gateway.server_edge.WebSocketEdge`,
    trial8 F08).

    ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed only from the peers in
    ``HOTLINE_FORWARDED_ALLOW_IPS`` (the reverse proxy; none by default), never from
    uvicorn's default 127.0.0.1 or its ``FORWARDED_ALLOW_IPS``: otherwise anyone reaching
    the port from the machine itself names any client address (a fresh budget for the
    ``/api/progress`` limit, trial3 F30)."""
    from gateway.guard import MAX_HEAD_BYTES
    from gateway.server_edge import HttpEdge, WebSocketEdge

    return {
        "host": host,
        "port": port,
        "log_config": None,
        "http": HttpEdge,
        "ws": WebSocketEdge,
        "ws_max_size": settings.max_upload_bytes * 2,
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
    }


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from gateway.app import create_app
    from gateway.db import migrate
    from gateway.metrics import prepare_multiprocess, remove_multiprocess
    from nlu.engine import load_engine

    settings = load_settings()
    if args.forwarded_allow_ips is not None:
        try:
            trusted = proxy_addresses(args.forwarded_allow_ips)
        except ValueError as exc:
            raise ConfigError(f"--forwarded-allow-ips: {exc}") from None
        settings = settings.model_copy(update={"forwarded_allow_ips": trusted})
    workers = args.workers or settings.workers
    check_workers(settings, workers)
    migrate(settings.effective_database_url)  # every room's tables; a fresh SQLite file just works
    host, port = args.host or settings.host, args.port or settings.port
    common = uvicorn_options(settings, host, port)
    if workers == 1:
        uvicorn.run(create_app(settings), **common)
        return 0
    # Train (or load) the NLU model once here, so N processes find it saved, not N trainings.
    load_engine(settings.effective_nlu_model_dir, backend=settings.nlu_backend)
    if settings.effective_database_url.startswith("sqlite"):
        print(
            f"注意：{workers} 个进程共用一个 SQLite 文件，写入将排队；"
            "多进程部署请使用 PostgreSQL（HOTLINE_DATABASE_URL）。",
            file=sys.stderr,
        )
    # Each process builds its own app from the same HOTLINE_* environment; their metrics
    # are counted in files of one directory, summed by /metrics on any of them.
    counts = prepare_multiprocess()
    try:
        uvicorn.run("gateway.app:create_app", factory=True, workers=workers, **common)
    finally:
        remove_multiprocess(counts)
    return 0


def check_workers(settings: Settings, workers: int) -> None:
    """Refuse N > 1 processes on the in-process store: sessions, dedup, locks, rate limits
    and presence would split between processes. Raises :class:`ConfigError`."""
    if workers > 1 and not settings.redis_url:
        raise ConfigError(
            f"hotline serve --workers {workers} needs HOTLINE_REDIS_URL: the in-process "
            "store (sessions, dedup, locks, rate limits) is per process. Set "
            "HOTLINE_REDIS_URL=redis://host:6379/0, or run one process."
        )


def _worker(args: argparse.Namespace) -> int:
    from gateway.services import build_services
    from gateway.workers import run_workers

    async def main() -> None:
        services = await build_services(load_settings(), start_workers=False)
        try:
            await run_workers(services)
        finally:
            await services.aclose()

    asyncio.run(main())
    return 0


def chat_ws_url(url: str) -> str:
    """The web chat's websocket for what a person gives as ``--url``: the gateway's
    address (``http://127.0.0.1:8000``, ``127.0.0.1:8000``, ``https://12345.example``),
    its ``/chat`` page or the websocket itself (``ws://…/chat/ws``). :class:`ValueError`
    saying what is expected for anything else."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme.lower())
    try:
        parts.port  # noqa: B018 - a port out of range raises here
    except ValueError:
        scheme = None
    if scheme is None or not parts.hostname or parts.username is not None:
        raise ValueError(
            f"无法识别的网关地址 {url!r}：请给出网关地址（如 http://127.0.0.1:8000）"
            "或对话的 websocket 地址（如 ws://127.0.0.1:8000/chat/ws）"
        )
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/ws"):
        path = path.removesuffix("/chat") + "/chat/ws"
    return urlunsplit((scheme, parts.netloc, path, parts.query, ""))


def _chat(args: argparse.Namespace) -> int:
    if args.local:
        return asyncio.run(_chat_local())
    try:
        url = chat_ws_url(args.url)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    return asyncio.run(_chat_remote(url))


def _print_reply(text: str, quick: list[str], transfer: str | None) -> None:
    if text:
        print(f"热线：{text}", flush=True)
    for i, title in enumerate(quick, start=1):
        print(f"      {i}. {title}")
    if transfer:
        print(f"      【紧急】请立即拨打 {transfer}", flush=True)


PROMPT = "您："


# the bot greets (its welcome answers the first line, 在吗 or a matter); the terminal only
# says how to talk, as the /chat page shows a hint: never a greeting of its own (trial3 F08)
HINT = "（已接入菏泽12345政务服务便民热线网上服务。请直接输入您的诉求后回车；输入 /quit 退出）"


async def _read_line() -> str | None:
    print(PROMPT, end="", flush=True)
    line = await asyncio.to_thread(sys.stdin.readline)
    return None if line == "" else line.strip()


async def _citizen_lines() -> AsyncIterator[str]:
    """What the user types, line by line, until ``/quit`` or the end of input."""
    while True:
        line = await _read_line()
        if line is None or line == "/quit":
            return
        if line:
            yield line


async def _chat_remote(url: str) -> int:
    import websockets
    from websockets.exceptions import WebSocketException

    try:
        async with websockets.connect(url) as ws:
            json.loads(await ws.recv())  # the session's hello
            print(HINT)
            async for line in _citizen_lines():
                await ws.send(
                    json.dumps({"type": "message", "id": secrets.token_hex(8), "text": line})
                )
                while True:
                    frame = json.loads(await ws.recv())
                    if frame["type"] == "reply":
                        _print_reply(
                            frame["text"],
                            [q["title"] for q in frame["quick_replies"]],
                            frame.get("transfer_to"),
                        )
                    elif frame["type"] == "error":
                        print(f"提示：{frame['message']}")
                    if frame["type"] in ("done", "error"):
                        break
            return 0
    except (OSError, TimeoutError, WebSocketException) as exc:
        why = exc.__class__.__name__ if not str(exc) else str(exc).splitlines()[0]
        print(
            f"无法连接 {url}（{why}）。请确认网关正在运行（`make run`）且地址正确，"
            "或使用 `hotline chat --local`。",
            file=sys.stderr,
        )
        return 2


async def _chat_local() -> int:
    from datetime import UTC, datetime

    from channels.messages import InboundMessage, MessageKind
    from gateway.services import build_services

    services = await build_services(load_settings(), start_workers=False)
    visitor = "cli-" + secrets.token_hex(4)
    print(HINT.replace("网上服务", "网上服务（本机模式）"))
    try:
        async for line in _citizen_lines():
            msg = InboundMessage(
                channel="web",
                account="web",
                external_id=f"{visitor}:{secrets.token_hex(8)}",
                sender=visitor,
                kind=MessageKind.TEXT,
                text=line,
                received_at=datetime.now(UTC),
            )
            for reply in await services.pipeline.handle(msg):
                _print_reply(reply.text, [q.title for q in reply.quick_replies], reply.transfer_to)
        return 0
    finally:
        await services.aclose()
