"""The server's websocket protocol: a refused upgrade is answered and closed at once.

uvicorn hands an upgrade request (``GET /chat/ws`` with ``Upgrade: websocket``) to the
``websockets`` handshake parser, which refuses a request line over 8,192 bytes (414), a
header line over 8,192 bytes or more than 128 headers (431), and anything else it cannot
take (a body, a malformed head: no answer at all). uvicorn's protocol only writes what the
parser queued when a request comes out of it: on a refusal the answer stayed queued and
the connection open for as long as the client liked (trial8 F08: the server logged
``414 Request-URI Too Long``, the client received nothing for 90 s).

:class:`WebSocketEdge` writes the refusal as soon as the parser gives up, as a problem
document like every other error of the API (:mod:`gateway.errors`), and closes the
connection. ``hotline serve`` runs it (``gateway.cli.serve.uvicorn_options``).
"""

from __future__ import annotations

import email.utils

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.exceptions import HeaderLineTooLong, RequestLineTooLong, TooManyHeaders

from gateway import errors

#: The longest request line the handshake parser reads (``websockets``' own limit).
MAX_LINE_BYTES = 8192


def refusal(exc: BaseException | None) -> tuple[int, str, str]:
    """The status, problem code and detail of a handshake the parser refused with ``exc``."""
    if isinstance(exc, RequestLineTooLong):
        return 414, "UriTooLong", f"请求地址过长（最长 {MAX_LINE_BYTES} 字节），无法建立对话连接"
    if isinstance(exc, HeaderLineTooLong | TooManyHeaders):
        return 431, "HeadersTooLarge", "请求头过大，无法建立对话连接"
    return 400, "BadRequest", "无法识别的连接请求，无法建立对话连接"


def refusal_bytes(exc: BaseException | None) -> bytes:
    """The whole HTTP/1.1 answer to a refused handshake: a problem document, then close."""
    status, code, detail = refusal(exc)
    body = errors.problem(status, detail, code=code).model_dump_json(exclude_none=True)
    data = body.encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {errors.problem(status).title}\r\n"
        f"Date: {email.utils.formatdate(usegmt=True)}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {errors.PROBLEM_JSON}\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    return head.encode("ascii") + data


class WebSocketEdge(WebSocketsSansIOProtocol):
    """uvicorn's websocket protocol, answering and closing a handshake it cannot parse."""

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.handshake_initiated or self.close_sent or self.conn.handshake_exc is None:
            return
        self.conn.data_to_send()  # the parser's own plain-text answer (or none): replaced
        self.handshake_complete = True
        self.close_sent = True
        self.transport.write(refusal_bytes(self.conn.handshake_exc))
        self.transport.close()
