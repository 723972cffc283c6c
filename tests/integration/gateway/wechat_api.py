"""A tiny fake of WeChat's API for gateways run as processes: it hands out an access
token and records customer-service messages (a reply the gateway could not give inline
is pushed this way), on a free port, in a thread beside a synchronous test."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


class FakeWeChatApi:
    """``with FakeWeChatApi() as api:`` serves ``api.base_url`` (``…/cgi-bin/``)."""

    def __init__(self) -> None:
        self.pushed: list[tuple[str, str]] = []  # (touser, text) as sent
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer(b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._answer(self.rfile.read(length))

            def _answer(self, body: bytes) -> None:
                path = self.path.split("?", 1)[0]
                if path.endswith("/token") or path.endswith("/stable_token"):
                    out: dict[str, object] = {"access_token": "ACCESS", "expires_in": 7200}
                elif path.endswith("/message/custom/send"):
                    sent = json.loads(body or b"{}")
                    text = sent.get("text", {}).get("content", "")
                    with api._lock:
                        api.pushed.append((str(sent.get("touser", "")), str(text)))
                    out = {"errcode": 0, "errmsg": "ok"}
                else:
                    out = {"errcode": 0, "errmsg": "ok"}
                data = json.dumps(out).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/cgi-bin/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def pushed_to(self, who: str) -> list[str]:
        """The texts pushed to one citizen so far."""
        with self._lock:
            return [text for to, text in self.pushed if to == who]

    def __enter__(self) -> FakeWeChatApi:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
