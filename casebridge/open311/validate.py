"""POST Service Request arguments, checked field by field (GeoReport v2, "POST Service
Request"). Every malformed field is reported, in one 400 answer, before anything is
written; the caller checks ``api_key`` and the service before the attributes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl

from casebridge.inputs import PHONE_HELP, has_control, link_url, phone_number, without_format
from casebridge.open311.config import Attribute
from casebridge.open311.errors import GeoReportError

MAX_DESCRIPTION = 4000  # "free form text limited to 4,000 characters"
#: GeoReport sets no minimum; the web chat never takes fewer than two characters of
#: content (Han, letters, digits) as a matter (dialogs.facts.matter_of), nor does Open311.
MIN_DESCRIPTION = 2
SINGLE = (
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
)
_LIMITS = {
    "api_key": 200,
    "jurisdiction_id": 100,
    "service_code": 64,
    "address_string": 256,
    "address_id": 64,
    "email": 254,
    "device_id": 200,
    "account_id": 200,
    "first_name": 32,
    "last_name": 32,
    "phone": 32,
    "media_url": 1000,
}
_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_.-]{1,64})\](\[\])?$")
_CODE = re.compile(r"^[A-Za-z0-9_.-]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_HTML = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
_NAME_BAD = re.compile(r"[0-9<>@/\\]")


@dataclass(frozen=True)
class NewRequest:
    """A checked POST: every field as the specification names it."""

    api_key: str
    service_code: str
    jurisdiction_id: str | None = None
    lat: float | None = None
    long: float | None = None
    address_string: str | None = None
    address_id: str | None = None
    email: str | None = None
    device_id: str | None = None
    account_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    description: str | None = None
    media_url: str | None = None
    attributes: dict[str, list[str]] = field(default_factory=dict)


def _content_chars(text: str) -> int:
    """Characters that carry content: Han, letters, digits (punctuation and marks not)."""
    return sum(1 for ch in text if ch.isalnum())


def pairs_from_body(body: bytes, content_type: str) -> list[tuple[str, str]]:
    """The POST arguments: a form body as the specification sends it, or a JSON object
    (values as strings; ``{"attribute": {"CODE": "v"}}`` or ``"attribute[CODE]"`` keys).
    A NUL or other control character in any name or value is refused (400)."""
    pairs = _pairs(body, content_type)
    for key, value in pairs:
        if has_control(key) or has_control(value):
            raise GeoReportError.one(400, f"{key[:40]!r} contains a control character")
    # invisible format characters (the right-to-left override …) never reach an order
    return [(key, without_format(value)) for key, value in pairs]


def _pairs(body: bytes, content_type: str) -> list[tuple[str, str]]:
    ctype = content_type.split(";", 1)[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise GeoReportError.one(400, "the request body must be UTF-8") from None
    if ctype == "application/json":
        try:
            data = json.loads(text) if text.strip() else None
        except ValueError:
            raise GeoReportError.one(400, "the JSON body is malformed") from None
        if not isinstance(data, dict):
            raise GeoReportError.one(400, "the JSON body must be an object")
        return _json_pairs(data)
    if ctype in ("application/x-www-form-urlencoded", ""):
        try:  # strict: a %-escaped byte that is not UTF-8 is refused, never U+FFFD
            return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            raise GeoReportError.one(400, "a form field is not UTF-8") from None
        except ValueError:
            raise GeoReportError.one(400, "the form body is malformed") from None
    raise GeoReportError.one(
        400, "Content-Type must be application/x-www-form-urlencoded (or application/json)"
    )


def _scalar(value: object) -> str | None:
    """An extra argument (not GeoReport's) as text; ``None`` for an object or a list."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None


#: GeoReport's numbers: a JSON number or its digits as a string (as the form sends them).
_NUMBERS = frozenset({"lat", "long"})


def _typed(key: str, value: object) -> str | None:
    """A GeoReport argument's JSON value as the form would carry it, or ``None`` when its
    type is wrong: every field is a string (``lat``/``long`` also a number), ``null``
    means not given. A boolean, a list or an object is never a string (trial8 F18:
    ``"description": true`` became an order reading 「true」, ``["牡丹区"]`` an address)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if key in _NUMBERS and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _attribute_value(value: object) -> str | None:
    """One attribute answer: a string or a number (a list of them for ``[]``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _attribute_pairs(
    name: str, value: object, pairs: list[tuple[str, str]], bad: list[tuple[int, str]]
) -> None:
    """``attribute[CODE]``: one string or number, or a list of them (a multivaluelist)."""
    items = value if isinstance(value, list) else [value]
    texts = [_attribute_value(item) for item in items]
    if any(t is None for t in texts):
        bad.append((400, f"{name} must be a string or a number, or a list of them"))
        return
    pairs.extend((name, t) for t in texts if t is not None)


def _json_pairs(data: Mapping[str, object]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    bad: list[tuple[int, str]] = []
    for key, value in data.items():
        if key == "attribute" and isinstance(value, dict):
            for code, v in value.items():
                _attribute_pairs(f"attribute[{code}]", v, pairs, bad)
            continue
        if _ATTRIBUTE.match(key):
            _attribute_pairs(key, value, pairs, bad)
            continue
        if key in SINGLE:
            text = _typed(key, value)
            if text is None:
                kind = "a number or a string" if key in _NUMBERS else "a string"
                bad.append((400, f"{key} must be {kind}, not {_json_kind(value)}"))
            else:
                pairs.append((key, text))
            continue
        # another client's extra argument: ignored by parse_request, as in a form
        items = value if isinstance(value, list) else [value]
        for item in items:
            s = _scalar(item)
            if s is None:
                bad.append((400, f"{key} must be a string or a number"))
            else:
                pairs.append((str(key), s))
    if bad:
        raise GeoReportError(bad)
    return pairs


def _json_kind(value: object) -> str:
    """The JSON name of ``value``'s type, for an error."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _coordinate(name: str, raw: str, bound: float, errors: list[tuple[int, str]]) -> float | None:
    if not _NUMBER.match(raw.strip()):
        errors.append((400, f"{name} must be a decimal number of degrees (WGS84), e.g. 35.24"))
        return None
    value = float(raw)
    if not math.isfinite(value) or abs(value) > bound:
        errors.append((400, f"{name} must be between -{bound:g} and {bound:g}"))
        return None
    return value


def _text_field(name: str, raw: str, errors: list[tuple[int, str]]) -> str | None:
    value = raw.strip()
    if not value:
        return None
    if len(value) > _LIMITS[name]:
        errors.append((400, f"{name} is longer than {_LIMITS[name]} characters"))
        return None
    if _CONTROL.search(value) or "\n" in value or "\r" in value:
        errors.append((400, f"{name} must be one line of text"))
        return None
    return value


def parse_request(
    pairs: Sequence[tuple[str, str]], known: Callable[[str], bool] | None = None
) -> NewRequest:
    """Check every argument; raise :class:`GeoReportError` listing all problems (400; 404
    when ``known`` says the ``service_code`` is not a service: listed with the others,
    trial7 F16)."""
    errors: list[tuple[int, str]] = []
    single: dict[str, str] = {}
    attributes: dict[str, list[str]] = {}
    for key, value in pairs:
        m = _ATTRIBUTE.match(key)
        if m:
            attributes.setdefault(m.group(1), []).append(value)
        elif key in SINGLE:
            if key in single:
                errors.append((400, f"{key} was given more than once"))
            single[key] = value
        elif key.startswith("attribute"):
            errors.append((400, f"{key} is not an attribute[code] argument"))
        # other arguments are ignored: clients may send their own extras
    got = {k: v for k, v in single.items() if v.strip()}  # empty == not given (spec)

    code = got.get("service_code", "").strip()
    if not code:
        errors.append((400, "service_code is required"))
    elif len(code) > _LIMITS["service_code"] or not _CODE.match(code):
        errors.append((400, "service_code is malformed"))
    elif known is not None and not known(code):
        errors.append((404, f"service_code {code} was not found"))
    lat = lon = None
    if "lat" in got:
        lat = _coordinate("lat", got["lat"], 90.0, errors)
    if "long" in got:
        lon = _coordinate("long", got["long"], 180.0, errors)
    if ("lat" in got) != ("long" in got):
        errors.append((400, "lat and long must be sent together"))
    fields = {
        name: _text_field(name, got[name], errors)
        for name in (
            "jurisdiction_id",
            "address_string",
            "address_id",
            "email",
            "device_id",
            "account_id",
            "first_name",
            "last_name",
            "phone",
            "media_url",
        )
        if name in got
    }
    has_place = ("lat" in got and "long" in got) or "address_string" in got or "address_id" in got
    if not has_place:
        errors.append((400, "a location is required: lat and long, address_string or address_id"))
    if fields.get("email") and not _EMAIL.match(fields["email"] or ""):
        errors.append((400, "email is not an e-mail address"))
    if fields.get("phone"):
        try:  # the one phone reading of every surface: full-width digits folded (F23)
            fields["phone"] = phone_number(fields["phone"] or "")
        except ValueError:
            errors.append((400, f"phone must be {PHONE_HELP}"))
    for name in ("first_name", "last_name"):
        if fields.get(name) and _NAME_BAD.search(fields[name] or ""):
            errors.append((400, f"{name} must be a name"))
    url = fields.get("media_url")
    if url:
        try:
            link_url(url)  # the one link policy (casebridge.inputs), as for unit materials
        except ValueError:
            errors.append((400, "media_url must be a public http(s) URL"))
    description = got.get("description", "").strip() or None
    if description is None:
        errors.append((400, "description is required"))
    elif _content_chars(description) < MIN_DESCRIPTION:
        errors.append(
            (400, f"description must describe the matter (at least {MIN_DESCRIPTION} letters)")
        )
    elif len(description) > MAX_DESCRIPTION:
        errors.append((400, f"description is longer than {MAX_DESCRIPTION} characters"))
    elif _HTML.search(description) or _CONTROL.search(description):
        errors.append((400, "description may contain line breaks, but not HTML or code"))
    if errors:
        raise GeoReportError(errors)
    return NewRequest(
        api_key=single.get("api_key", "").strip(),
        service_code=code,
        lat=lat,
        long=lon,
        description=description,
        attributes=attributes,
        **fields,
    )


def check_attributes(
    given: Mapping[str, list[str]], defined: Sequence[Attribute], service_code: str
) -> list[tuple[str, str]]:
    """The answers as ``(description, value names)`` lines, checked against the service
    definition; raise :class:`GeoReportError` (400) listing every problem."""
    errors: list[tuple[int, str]] = []
    by_code = {a.code: a for a in defined}
    for code in given:
        if code not in by_code:
            errors.append(
                (400, f"attribute[{code}] is not defined for service_code {service_code}")
            )
    lines: list[tuple[str, str]] = []
    for attr in defined:
        values = [v.strip() for v in given.get(attr.code, []) if v.strip()]
        if not values:
            if attr.required and attr.variable:
                errors.append((400, f"attribute[{attr.code}] is required"))
            continue
        problem = _check(attr, values)
        if problem:
            errors.append((400, f"attribute[{attr.code}] {problem}"))
            continue
        names = dict(attr.values)
        shown = "、".join(names.get(v, v) for v in values)
        lines.append((attr.description, shown))
    if errors:
        raise GeoReportError(errors)
    return lines


def _check(attr: Attribute, values: list[str]) -> str | None:
    if attr.datatype != "multivaluelist" and len(values) > 1:
        return "takes one value"
    keys = {k for k, _ in attr.values}
    if attr.datatype in ("singlevaluelist", "multivaluelist"):
        wrong = [v for v in values if v not in keys]
        return f"must be one of {', '.join(sorted(keys))}" if wrong else None
    value = values[0]
    if attr.datatype == "number":
        ok = bool(_NUMBER.match(value)) and math.isfinite(float(value))
        return None if ok else "must be a number"
    if attr.datatype == "datetime":
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return "must be an ISO 8601 date and time"
        return None
    limit = MAX_DESCRIPTION if attr.datatype == "text" else 256
    if len(value) > limit:
        return f"is longer than {limit} characters"
    if _CONTROL.search(value) or (attr.datatype == "string" and "\n" in value):
        return "must be plain text" if attr.datatype == "text" else "must be one line of text"
    return None
