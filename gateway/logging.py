"""Structured JSON logs in which personal data never appears in clear.

Every string of a record (message, extra fields, traceback) passes through
:func:`scrub`: percent-decoded when it holds ``%XX`` escapes (``%E7%A0%81138...`` would
hide a number from any pattern), SQL parameters of database errors removed, then masked
by ``nlu.pii.mask_text`` (THE masking function: numbers in every form, names) with
``public=True``: an operator reading logs needs neither the house number nor the staff
member a citizen names. No line
keeps a query string, whatever logger writes it (the access log, uvicorn's websocket
accept line on ``uvicorn.error`` — ``WebSocket /chat/ws?token=…`` carries the citizen's
session token —, an exception message quoting a URL): the path is kept, ``?…`` dropped.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

from nlu.pii import mask_text

#: Libraries whose INFO/DEBUG lines carry what we never log: twilio's HTTP client prints
#: request bodies (a citizen's number and text), httpx/httpcore the URLs with their query;
#: held at WARNING whatever the root level (their warnings still pass the mask).
THIRD_PARTY = (
    "twilio", "httpx", "httpx2", "httpcore", "urllib3", "aiogram", "websockets",
    "python_multipart", "multipart", "hpack", "jieba", "alembic", "bm25s",
)  # fmt: skip

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


_SQL_PARAMS = re.compile(r"\[parameters: .*?\](?=\s*(?:\(Background|$))", re.S | re.M)
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
#: A query string after a path or URL (``/chat/ws?token=…``, ``http://h/p?x=1``), or a
#: bare ``?name=value…`` anywhere: dropped up to the next space, quote or bracket.
_QUERY = re.compile(
    r"(?<=[/A-Za-z0-9._~%-])\?[^\s\"'<>]+"  # after a path: /chat/ws?token=…
    r"|\?(?=[^\s\"'<>]*=)[^\s\"'<>]+"  # anywhere: ?name=value
)


def scrub(text: str) -> str:
    """``text`` safe for a log: percent-decoded, without query strings or SQL parameters,
    masked."""
    if "?" in text:  # before decoding too: an encoded space must not end the query early
        text = _QUERY.sub("", text)
    if _PERCENT.search(text):
        text = unquote_plus(text)
        text = _QUERY.sub("", text) if "?" in text else text
    if "[parameters:" in text:
        text = _SQL_PARAMS.sub("[parameters hidden]", text)
    return mask_text(text, public=True)  # the exact address and named staff too (F37)


def _without_query(record: logging.LogRecord) -> None:
    """uvicorn's access line without the query string (it may hold personal data)."""
    if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) > 2:
        args = list(record.args)
        if isinstance(args[2], str):
            args[2] = args[2].split("?", 1)[0]
        record.args = tuple(args)


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(v) for v in value]
    return value


class JsonFormatter(logging.Formatter):
    """One JSON object per line; every string field passes through the PII mask."""

    def format(self, record: logging.LogRecord) -> str:
        _without_query(record)
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = _mask(value)
        if record.exc_info:
            payload["exc"] = scrub(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False, default=str)


class MaskingTextFormatter(logging.Formatter):
    """Human-readable lines for development, masked like the JSON ones."""

    def format(self, record: logging.LogRecord) -> str:
        _without_query(record)
        return scrub(super().format(record))


def configure_logging(level: str = "INFO", json_lines: bool = True) -> None:
    """Install the masking formatter on the root logger (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if json_lines
        else MaskingTextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_hotline", False):
            root.removeHandler(old)
    handler._hotline = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in THIRD_PARTY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
