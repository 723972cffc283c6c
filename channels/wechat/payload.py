"""WeChat push bodies: safe XML (or JSON) parsing into flat dicts, and reply XML rendering."""

from __future__ import annotations

import json
from typing import Any

from channels import guard
from channels.errors import PayloadError


def parse_body(body: bytes, limits: guard.InputLimits = guard.DEFAULT_LIMITS) -> dict[str, str]:
    """The top-level fields of a push body as strings.

    Official accounts push XML; the message-push docs also show JSON bodies. Both go
    through :mod:`channels.guard`: bounded size and nesting, UTF-8 only, XML through
    ``defusedxml`` with DTDs forbidden (billion laughs, XXE refused before expansion).
    """
    stripped = body.lstrip()
    if not stripped:
        raise PayloadError("empty body")
    if stripped[:1] == b"{":
        data = guard.load_json(stripped, limits)
        if not isinstance(data, dict):
            raise PayloadError("JSON body must be an object")
        return {str(k): _scalar(v) for k, v in data.items()}
    root = guard.load_xml(stripped, limits)
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
