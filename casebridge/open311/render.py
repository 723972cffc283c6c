"""GeoReport v2 documents in XML and JSON.

JSON follows the specification's Spark convention: a list element (``services``,
``service_requests``, ``errors``) becomes an array, ``None`` becomes ``null``. XML is
UTF-8 with the declaration, schemaless and without a namespace, ``None`` an empty element,
booleans ``true``/``false``; every text is escaped by ElementTree.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET  # writing only; nothing is parsed here
from collections.abc import Mapping, Sequence
from typing import Literal

Format = Literal["json", "xml"]
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

Scalar = str | int | float | bool | None
Value = Scalar | Sequence["Value"] | Mapping[str, "Value"]
Document = Mapping[str, object]
"""One of :mod:`casebridge.open311.documents`' typed dictionaries (members: :data:`Value`)."""
Body = Value | Document | Sequence[Document]
"""What a response holds: a document, a list of documents, or a plain value."""
# XML element names of the members of each list (the Spark convention's plural/singular)
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}


def media_type(fmt: Format) -> str:
    """The Content-Type of a format."""
    return JSON_TYPE if fmt == "json" else XML_TYPE


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise TypeError(f"not a GeoReport value: {type(value).__name__}")


def _fill(parent: ET.Element, name: str, value: object) -> None:
    el = ET.SubElement(parent, name)
    if isinstance(value, Mapping):
        for k, v in value.items():
            _fill(el, str(k), v)
    elif isinstance(value, list | tuple):
        item = ITEM_NAMES.get(name, "item")
        for v in value:
            _fill(el, item, v)
    else:
        el.text = _text(value)


def to_xml(root: str, value: Body) -> bytes:
    """``value`` under the element ``root``: a list's members get the singular name."""
    holder = ET.Element("holder")
    _fill(holder, root, value)
    body = ET.tostring(holder[0], encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def to_json(value: Body) -> bytes:
    """``value`` as UTF-8 JSON (Chinese kept as characters)."""
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def document(root: str, value: Body, fmt: Format) -> bytes:
    """One response body in ``fmt``: for XML ``root`` names the outer element."""
    return to_xml(root, value) if fmt == "xml" else to_json(value)


def errors_document(errors: Sequence[tuple[int, str]], fmt: Format) -> bytes:
    """``[{"code": 400, "description": ...}]`` or ``<errors><error>...</error></errors>``."""
    items: list[Value] = [{"code": code, "description": text} for code, text in errors]
    return document("errors", items, fmt)
