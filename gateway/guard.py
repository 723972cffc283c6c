"""The edge of the input validator: what no request may carry, whatever its route.

:class:`InputGuardMiddleware` refuses, before any route runs and so before anything
reaches PostgreSQL:

- a path and query string longer than :data:`MAX_URL_BYTES` (414);
- a NUL byte (raw or ``%00``) in the path or the query string;
- a path whose ``%`` escapes are not UTF-8, or that holds a control, format (bidi
  overrides such as U+202E), surrogate or private-use character: 400, the path never
  echoed back (trial5 F21: ``/open311/v2/requests/%ff.json`` answered 404 with U+FFFD);
- a JSON body that is not JSON (not UTF-8: UTF-16 or UTF-32 in any form, a byte-order
  mark even before UTF-8; malformed, nested deeper than :data:`MAX_DEPTH`) or not strict
  JSON: a key twice in one object, ``NaN``, ``Infinity``, a number that overflows a
  double (``1e400``), an integer beyond PostgreSQL's ``bigint``, or a string with a NUL,
  another control character (:func:`casebridge.inputs.has_control`) or a lone surrogate.

The answer is 422 ``application/problem+json`` (GeoReport's 400 under ``/open311/``).
The provider webhooks (``/webhooks/*``) are left to their own guard (signature first,
nothing parsed before it). Typed fields (:mod:`casebridge.inputs`) say the same per
parameter in the OpenAPI document.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casebridge.inputs import BIGINT_MAX, BIGINT_MIN, has_control
from gateway.errors import PROVIDER_PREFIX, FieldError, error_response

MAX_URL_BYTES = 8192
"""The longest path and query string taken (414 problem+json beyond; docs/security.md).
The server reads request heads up to :data:`MAX_HEAD_BYTES`; a longer head is refused by
uvicorn itself (a plain-text 400) before any of our code runs."""
MAX_HEAD_BYTES = 65536


class Refused(ValueError):
    """A value the API never accepts."""


def _constant(name: str) -> Any:
    raise Refused(f"{name} is not a number JSON allows")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Refused(f"number {text[:20]} is out of range")
    return value


def _int(text: str) -> int:
    if len(text) > 20:
        raise Refused("integer out of range")
    value = int(text)
    if not BIGINT_MIN <= value <= BIGINT_MAX:
        raise Refused("integer out of range")
    return value


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """One JSON object, refused when it names a key twice (no silent "last one wins")."""
    value: dict[str, Any] = {}
    for key, item in pairs:
        if key in value:
            raise Refused(f"key {key[:40]!r} appears more than once in one object")
        value[key] = item
    return value


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _text(body: bytes | str) -> str:
    """``body`` as text when it is strict UTF-8 without a byte-order mark (else Refused).

    :func:`json.loads` would guess UTF-16/UTF-32 from the first bytes and skip a UTF-8 BOM;
    the API takes UTF-8 only (RFC 8259 §8.1: no BOM).
    """
    if isinstance(body, str):
        if body.startswith("\ufeff"):
            raise Refused("the body must not start with a byte-order mark")
        return body
    if body.startswith(_BOMS):
        raise Refused("the body must be UTF-8 without a byte-order mark")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused("the body is not UTF-8") from exc


#: Deeper JSON than any request or chat frame of ours needs (a request nests 3-4 levels).
MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


def _walk(value: object, max_depth: int) -> None:
    """Every string of ``value`` checked and its nesting bounded, without recursion."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, str):
            if has_control(item):
                raise Refused("text must not contain NUL or control characters")
            if _SURROGATE.search(item):
                raise Refused("text must not contain a lone surrogate (not UTF-8)")
        elif isinstance(item, dict | list):
            if level > max_depth:
                raise Refused(f"JSON nested deeper than {max_depth} levels")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)


def strict_json(body: bytes | str, *, max_depth: int = MAX_DEPTH) -> object:
    """Parse ``body`` as JSON, refusing what :mod:`json` lets through by default.

    Raises :class:`Refused` for NaN/Infinity/overflowing numbers, integers beyond
    ``bigint``, control characters or lone surrogates (``"\\ud800"``) in strings,
    nesting deeper than ``max_depth``, a key twice in one object, and a body that is not
    UTF-8 or starts with a byte-order mark; :class:`ValueError` for invalid JSON. The one
    JSON reader of the edge: the HTTP middleware and the web chat's websocket frames
    (gateway/routers/chat.py).
    """
    try:
        value = json.loads(
            _text(body),
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
            object_pairs_hook=_object,
        )
    except RecursionError as exc:  # the decoder's own limit, far beyond max_depth
        raise Refused(f"JSON nested deeper than {max_depth} levels") from exc
    _walk(value, max_depth)
    return value


_UNSHOWN = frozenset({"Cc", "Cf", "Cs", "Co"})


def path_problem(raw_path: bytes, path: str) -> str | None:
    """Why a request path is refused, or ``None``: its ``%`` escapes must decode as
    strict UTF-8, and no character of it may be a control, format, surrogate or
    private-use one (Unicode categories Cc, Cf, Cs, Co)."""
    try:
        decoded = unquote_to_bytes(raw_path.split(b"?", 1)[0]).decode("utf-8")
    except UnicodeDecodeError:
        return "the path is not UTF-8"
    if any(unicodedata.category(c) in _UNSHOWN for c in decoded + path):
        return "the path holds a control or format character"
    return None


def shown_path(path: str) -> str:
    """``path`` safe to echo: control and format characters as ``\\uXXXX``."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in _UNSHOWN or c == "\ufffd" else c
        for c in path
    )


def _is_json(scope: Scope) -> bool:
    for name, raw in scope.get("headers", ()):
        if name == b"content-type":
            mime = raw.split(b";", 1)[0].strip().lower()
            return bool(mime == b"application/json" or mime.endswith(b"+json"))
    return False


class InputGuardMiddleware:
    """Refuse NUL in the path and query, and non-strict JSON bodies (422)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(PROVIDER_PREFIX):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        query: bytes = scope.get("query_string", b"")
        raw_path: bytes = scope.get("raw_path") or path.encode()
        if len(raw_path) + len(query) > MAX_URL_BYTES:
            response = error_response(
                path[:200],
                414,
                f"请求地址过长（最长 {MAX_URL_BYTES} 字节），请缩短查询条件或改用 POST",
                code="UriTooLong",
            )
            await response(scope, _nothing, send)
            return
        if "\x00" in path or b"\x00" in query or b"%00" in query:
            where = "path" if "\x00" in path else "query"
            await self._refuse(scope, send, where, "NUL is not allowed in the request")
            return
        why = path_problem(raw_path, path)
        if why is not None:
            await self._refuse(scope, send, "path", why, status=400)
            return
        if not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body.strip():
            try:
                strict_json(body)
            except Refused as exc:
                await self._refuse(scope, send, "body", str(exc))
                return
            except ValueError:  # not UTF-8, not JSON
                await self._refuse(scope, send, "body", "the body is not valid JSON")
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(
        self, scope: Scope, send: Send, where: str, why: str, *, status: int = 422
    ) -> None:
        path: str = shown_path(scope["path"].replace("\x00", "\\x00"))
        georeport = path.startswith("/open311/")  # GeoReport's errors speak English
        status = 400 if georeport else status
        response = error_response(
            path,
            status,
            "the request holds a character or number that is not allowed"
            if georeport
            else "请求含有不允许的字符或数值",
            code="ValidationError",
            errors=[FieldError(loc=[where], msg=why, type="value_error")],
        )
        await response(scope, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}
