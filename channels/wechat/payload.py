"""WeChat push bodies: safe XML (or JSON) parsing into flat dicts, and reply XML rendering."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET  # ParseError type only
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from channels.errors import PayloadError


def parse_body(body: bytes) -> dict[str, str]:
    """The top-level fields of a push body as strings.

    Official accounts push XML; the message-push docs also show JSON bodies. XML goes
    through ``defusedxml`` with DTDs forbidden, so entity expansion and external entities
    are refused (billion laughs, XXE) before any expansion happens.
    """
    stripped = body.lstrip()
    if not stripped:
        raise PayloadError("empty body")
    if stripped[:1] == b"{":
        try:
            data = json.loads(stripped.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise PayloadError("malformed JSON body") from exc
        if not isinstance(data, dict):
            raise PayloadError("JSON body must be an object")
        return {str(k): _scalar(v) for k, v in data.items()}
    try:
        root = SafeET.fromstring(stripped, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise PayloadError("XML with DTD or entities refused") from exc
    except ET.ParseError as exc:
        raise PayloadError("malformed XML body") from exc
    if root.tag != "xml":
        raise PayloadError("root element must be <xml>")
    fields: dict[str, str] = {}
    for child in root:
        if len(child):
            # nested blocks (e.g. ScanCodeInfo) flattened as Parent.Child
            for sub in child:
                fields[f"{child.tag}.{sub.tag}"] = (sub.text or "").strip()
        else:
            fields[child.tag] = (child.text or "").strip()
    return fields


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def cdata(value: str) -> str:
    """``value`` inside CDATA, safe even when it contains ``]]>``."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def render_text_reply(to_user: str, from_user: str, content: str, create_time: int) -> str:
    """A passive text reply."""
    return (
        "<xml>"
        f"<ToUserName>{cdata(to_user)}</ToUserName>"
        f"<FromUserName>{cdata(from_user)}</FromUserName>"
        f"<CreateTime>{create_time}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{cdata(content)}</Content>"
        "</xml>"
    )


def render_image_reply(to_user: str, from_user: str, media_id: str, create_time: int) -> str:
    """A passive image reply (an image already uploaded to WeChat)."""
    return (
        "<xml>"
        f"<ToUserName>{cdata(to_user)}</ToUserName>"
        f"<FromUserName>{cdata(from_user)}</FromUserName>"
        f"<CreateTime>{create_time}</CreateTime>"
        "<MsgType><![CDATA[image]]></MsgType>"
        f"<Image><MediaId>{cdata(media_id)}</MediaId></Image>"
        "</xml>"
    )
