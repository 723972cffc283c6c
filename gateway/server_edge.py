"""The server's protocols (``hotline serve``): what the HTTP and websocket parsers refuse
is answered at once and the connection closed.

**Websocket upgrades.**

uvicorn hands an upgrade request (``GET /chat/ws`` with ``Upgrade: websocket``) to the
``websockets`` handshake parser, which refuses a request line over 8,192 bytes (414), a
header line over 8,192 bytes or more than 128 headers (431), and anything else it cannot
take (a body, a malformed head: no answer at all). uvicorn's protocol only writes what the
parser queued when a request comes out of it: on a refusal the answer stayed queued and
the connection open for as long as the client liked (trial8 F08: the server logged
``414 Request-URI Too Long``, the client received nothing for 90 s). Newer uvicorn answers
such a refusal itself (``handle_handshake_exception``), in plain text.

:class:`WebSocketEdge` writes the refusal as soon as the parser gives up, as a problem
document like every other error of the API (:mod:`gateway.errors`), and closes the
connection.

**Request heads.** uvicorn serves HTTP with ``httptools`` (``uvicorn[standard]``), which
has no limit of its own on the headers (h11's ``h11_max_incomplete_event_size`` is not
used by it): a 2 MB header was read whole and answered 200. :class:`HttpEdge` refuses a
head (request line and headers) over :data:`gateway.guard.MAX_HEAD_BYTES` with a 431
problem document and closes, as docs/security.md says.

``hotline serve`` runs both (``gateway.cli.serve.uvicorn_options``).
"""

from __future__ import annotations

import email.utils

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.exceptions import HeaderLineTooLong, RequestLineTooLong, TooManyHeaders

from gateway import errors
from gateway.guard import MAX_HEAD_BYTES, MAX_URL_BYTES

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
    return answer_bytes(*refusal(exc))


def answer_bytes(status: int, code: str, detail: str) -> bytes:
    """One problem document as a whole HTTP/1.1 answer that closes the connection."""
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

    def handle_handshake_exception(self) -> None:
        """uvicorn ≥ 0.5x calls this when the parser gives up; it wrote the parser's own
        plain-text answer (or a bare 400). Ours is the problem document."""
        self._refuse()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)  # older uvicorn: the refusal stayed queued, unanswered
        if self.handshake_initiated or self.close_sent or self.conn.handshake_exc is None:
            return
        self._refuse()

    def _refuse(self) -> None:
        self.conn.data_to_send()  # the parser's own plain-text answer (or none): replaced
        self.handshake_complete = True
        self.close_sent = True
        self.transport.write(refusal_bytes(self.conn.handshake_exc))
        self.transport.close()


class HeadTooLarge(ValueError):
    """A request head over ``MAX_HEAD_BYTES`` (raised inside the parser's callbacks)."""


class HttpEdge(HttpToolsProtocol):
    """uvicorn's HTTP protocol, refusing a request head over ``MAX_HEAD_BYTES`` (431).

    Counted two ways: the bytes received while the head is still open (a slow or endless
    head is refused without being kept), and the request line and headers the parser
    hands over (a head that arrives whole in one read)."""

    head_bytes = 0
    head_open = False
    too_large = 0  # the status of a head refused inside the parser (414 or 431)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.head_bytes = 0
        self.head_open = True

    def on_url(self, url: bytes) -> None:
        self._count(len(url), 414)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4, 431)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self.head_open = False
        super().on_headers_complete()

    def _count(self, n: int, status: int) -> None:
        self.head_bytes += n
        if self.head_bytes > MAX_HEAD_BYTES:
            self.too_large = status
            raise HeadTooLarge  # the parser stops; uvicorn answers via send_400_response

    def send_400_response(self, msg: str) -> None:
        if not self.too_large:
            super().send_400_response(msg)
            return
        self._refuse(self.too_large)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if not self.head_open or self.transport.is_closing():
            return
        self.head_bytes += len(data)  # the head is still open: all of it was head
        if self.head_bytes > MAX_HEAD_BYTES:
            self._refuse(431)

    def _refuse(self, status: int) -> None:
        self.head_open = False
        if status == 414:
            code, detail = "UriTooLong", f"请求地址过长（最长 {MAX_URL_BYTES} 字节）"
        else:
            code, detail = "HeadersTooLarge", f"请求头过大（最长 {MAX_HEAD_BYTES} 字节）"
        self.transport.write(answer_bytes(status, code, detail))
        self.transport.close()
