"""A local receiver of signed webhooks, for the unit webhook and emergency desk tests.

Each request is verified with the Standard Webhooks library and the receiver's
``secret``; ``down`` answers 503 to everything, ``script`` answers request by request
("500", "slow": past the worker's timeout, then 500; "ok"). Served on a free port.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


@dataclass
class SignedReceiver:
    """What the receiver saw; change ``secret``, ``down`` or ``script`` while it runs."""

    path: str = "/hook"
    secret: str = ""
    down: bool = False
    script: list[str] = field(default_factory=list)
    port: int = 0
    requests: int = 0
    refused: int = 0  # answered 503 while down
    bad_signatures: int = 0
    accepted: list[tuple[str, str]] = field(default_factory=list)  # (webhook-id, body)
    payloads: list[dict[str, object]] = field(default_factory=list)  # verified, parsed
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def answer(self, body: bytes, headers: dict[str, str]) -> int:
        """The status for one request, recording it."""
        with self.lock:
            self.requests += 1
            if self.down:
                self.refused += 1
                return 503
            mode = self.script.pop(0) if self.script else "ok"
        if mode == "slow":
            time.sleep(1.5)  # longer than the worker's timeout
        if mode in ("500", "slow"):
            return 500
        try:
            payload = Webhook(self.secret).verify(body, headers)
        except Exception:
            with self.lock:
                self.bad_signatures += 1
            return 400
        with self.lock:
            self.accepted.append((headers["webhook-id"], body.decode()))
            self.payloads.append(payload)
        return 204


@contextmanager
def serving(receiver: SignedReceiver) -> Iterator[SignedReceiver]:
    """Run ``receiver`` on 127.0.0.1 (a port the system picks) until the block ends."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            self.send_response(receiver.answer(body, dict(self.headers.items())))
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
