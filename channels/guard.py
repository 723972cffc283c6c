"""The one guard for provider input, before and after the signature check.

Before the signature: :func:`precheck` bounds the body (bytes, form fields) with cheap
scans, so a hostile request is refused before anything parses it. After the signature:
the bounded readers (:func:`load_json`, :func:`load_xml`, :func:`form_pairs`), the safe
number and time readers (:func:`bounded_int`, :func:`finite_float`, :func:`epoch`,
:func:`in_years`) and :func:`admit`, which every message passes on its way out of an
adapter (no NUL or control characters in identifiers, none in text, bounded lengths).
Limits are class data on each adapter (:class:`InputLimits`); every failure is a
:class:`~channels.errors.PayloadError` (4xx) or, for what decides authenticity (the
signature's timestamp), a :class:`~channels.errors.VerificationError` (403): never a 500.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET  # ParseError type only
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import parse_qsl

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from pydantic import BaseModel, JsonValue

from channels.errors import PayloadError, VerificationError
from channels.messages import InboundMessage


@dataclass(frozen=True)
class InputLimits:
    """What one provider may send: bytes, form fields, nesting, identifier length."""

    max_body_bytes: int = 256 * 1024
    max_form_fields: int = 200  # Twilio sends about 40 (ten media of two fields each)
    max_depth: int = 32  # JSON or XML nesting
    max_id_chars: int = 256  # sender, account, message id


DEFAULT_LIMITS = InputLimits()
# Times a provider may state: from the Unix epoch (WeChat's own samples say 1973) to 2100.
MIN_EPOCH = 0
MAX_EPOCH = 4_102_444_800  # 2100-01-01T00:00:00Z
_DIGITS = re.compile(r"[+-]?[0-9]{1,19}")
# C0 controls but tab, newline and carriage return; DEL; NUL never reaches the database
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ID_BAD = re.compile(r"[\x00-\x1f\x7f]")
_Frozen = TypeVar("_Frozen", bound=BaseModel)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.I)


def precheck(body: bytes, limits: InputLimits, *, form: bool = False) -> None:
    """Refuse a body over the limits before anything reads it (413)."""
    if len(body) > limits.max_body_bytes:
        raise PayloadError(f"body over {limits.max_body_bytes} bytes", status_code=413)
    if form and body.count(b"&") + 1 > limits.max_form_fields:
        raise PayloadError(f"more than {limits.max_form_fields} form fields", status_code=413)


def form_pairs(body: bytes, limits: InputLimits) -> list[tuple[str, str]]:
    """The body as ``application/x-www-form-urlencoded`` pairs (bounded, UTF-8): the
    bytes and every ``%`` escape decode as strict UTF-8, else :class:`PayloadError` (400):
    ``Body=%ff%fe`` is refused before anything is stored, never read as U+FFFD
    (trial11 N12; Open311 refuses the same escape)."""
    precheck(body, limits, form=True)
    try:
        return parse_qsl(
            body.decode("utf-8", errors="strict"),
            keep_blank_values=True,
            max_num_fields=limits.max_form_fields,
            encoding="utf-8",
            errors="strict",
        )
    except UnicodeDecodeError as exc:
        raise PayloadError("form body is not UTF-8") from exc
    except ValueError as exc:
        raise PayloadError(str(exc), status_code=413) from exc


def _depth(value: JsonValue) -> int:
    """Nesting depth of decoded JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def load_json(body: bytes, limits: InputLimits) -> JsonValue:
    """UTF-8 JSON within the limits: no NaN or Infinity, bounded nesting."""
    precheck(body, limits)
    try:
        data: JsonValue = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise PayloadError("body is not JSON") from exc
    except RecursionError as exc:
        raise PayloadError("JSON nested too deeply") from exc
    if _depth(data) > limits.max_depth:
        raise PayloadError("JSON nested too deeply")
    return data


def load_xml(body: bytes, limits: InputLimits) -> ET.Element:
    """UTF-8 XML within the limits, through ``defusedxml`` (no DTD, no entities)."""
    precheck(body, limits)
    declared = _XML_DECL.match(body)
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise PayloadError("XML must be UTF-8")
    # the bytes themselves too, whatever they declare: UTF-16/32 (with a BOM or without,
    # whose NULs pass a UTF-8 decoder) is refused like ISO-8859-1 (trial7 F10)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise PayloadError("XML must be UTF-8") from None
    if b"\x00" in body:
        raise PayloadError("XML must be UTF-8")
    try:
        root: ET.Element = SafeET.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise PayloadError("XML with DTD or entities refused") from exc
    except (ET.ParseError, ValueError, LookupError) as exc:
        raise PayloadError("malformed XML body") from exc
    level, frontier = 1, [root]
    while frontier:
        if level > limits.max_depth:
            raise PayloadError("XML nested too deeply")
        frontier = [child for node in frontier for child in node]
        level += 1
    return root


def bounded_int(value: object, what: str, *, lo: int = 0, hi: int = 2**63 - 1) -> int:
    """An integer from a provider field, within ``[lo, hi]``; else 400."""
    if isinstance(value, bool):
        raise PayloadError(f"{what} is not a number")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not _DIGITS.fullmatch(text):
            raise PayloadError(f"{what} is not a number")
        number = int(text)
    if not lo <= number <= hi:
        raise PayloadError(f"{what} out of range")
    return number


def finite_float(value: object, what: str, *, lo: float, hi: float) -> float:
    """A finite number within ``[lo, hi]`` from a provider field; else 400."""
    if isinstance(value, bool) or value is None:
        raise PayloadError(f"{what} is not a number")
    text = value if isinstance(value, int | float) else str(value).strip()
    if isinstance(text, str) and len(text) > 32:
        raise PayloadError(f"{what} is not a number")
    try:
        number = float(text)
    except (TypeError, ValueError, OverflowError) as exc:
        raise PayloadError(f"{what} is not a number") from exc
    if not math.isfinite(number) or not lo <= number <= hi:
        raise PayloadError(f"{what} out of range")
    return number


def epoch(value: object, what: str) -> datetime:
    """A provider's Unix time (seconds) as aware UTC, between 1970 and 2100; else 400."""
    seconds = bounded_int(value, what, lo=MIN_EPOCH, hi=MAX_EPOCH)
    return datetime.fromtimestamp(seconds, UTC)


def in_years(moment: datetime, what: str) -> datetime:
    """``moment`` in UTC when it lies between 1970 and 2100; else 400."""
    try:
        utc = moment.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise PayloadError(f"{what} out of range") from exc
    if not MIN_EPOCH <= utc.timestamp() <= MAX_EPOCH:
        raise PayloadError(f"{what} out of range")
    return utc


def signature_time(value: str | None, *, millis: bool = False) -> float:
    """The timestamp a signature covers, in seconds; 403 when missing or not plausible.

    Digits only and at most 19 of them, so no float conversion can overflow.
    """
    if not value:
        raise VerificationError("timestamp missing")
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        raise VerificationError("timestamp malformed")
    number = int(value)
    return number / 1000.0 if millis else float(number)


def clean_text(text: str) -> str:
    """``text`` without NUL and other control characters (newlines and tabs kept)."""
    return _CONTROL.sub("", text)


def _check_id(value: str, what: str, limits: InputLimits, *, required: bool) -> None:
    if required and not value:
        raise PayloadError(f"{what} missing")
    if len(value) > limits.max_id_chars:
        raise PayloadError(f"{what} longer than {limits.max_id_chars} characters")
    if _ID_BAD.search(value):
        raise PayloadError(f"{what} contains control characters")


def _clean(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def admit(messages: Iterable[InboundMessage], limits: InputLimits) -> list[InboundMessage]:
    """Every message as it may enter the gateway: identifiers checked (400), text cleaned."""
    out: list[InboundMessage] = []
    for m in messages:
        _check_id(m.sender, "sender", limits, required=True)
        _check_id(m.account, "account", limits, required=False)
        _check_id(m.external_id, "message id", limits, required=True)
        in_years(m.received_at, "message time")
        atts = tuple(
            _updated(
                a,
                {
                    "filename": _clean(a.filename),
                    "transcript": _clean(a.transcript),
                    "source_id": _clean(a.source_id),
                    "source_url": _clean(a.source_url),
                    "mime": _clean(a.mime),
                },
            )
            for a in m.attachments
        )
        location = m.location
        if location is not None and location.label is not None:
            location = _updated(location, {"label": clean_text(location.label)})
        update: dict[str, object] = {
            "text": clean_text(m.text),
            "event": _clean(m.event),
            "contact_phone": _clean(m.contact_phone),
            "attachments": atts,
            "location": location,
        }
        out.append(_updated(m, update))
    return out


def _updated(model: _Frozen, update: dict[str, object]) -> _Frozen:
    """``model`` with ``update`` (a copy), or ``model`` itself when nothing differs (the
    models are frozen: a copy with the same values would be the same message)."""
    for key, value in update.items():
        if getattr(model, key) is not value and getattr(model, key) != value:
            return model.model_copy(update=update)
    return model


def flat_fields(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Form pairs indexed once by name (repeated names keep their order)."""
    index: dict[str, list[str]] = {}
    for key, value in pairs:
        index.setdefault(key, []).append(value)
    return index
