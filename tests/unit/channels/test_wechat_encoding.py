"""A WeChat push that is not UTF-8 is refused alike in every encoding (trial7 F10: UTF-16
with a BOM was read, ISO-8859-1 with its declaration refused)."""

from __future__ import annotations

import pytest

from channels.errors import PayloadError
from channels.wechat.payload import parse_body

XML = (
    "<xml><ToUserName>gh_1</ToUserName><FromUserName>oH22</FromUserName>"
    "<CreateTime>1764648000</CreateTime><MsgType>text</MsgType>"
    "<Content>路灯坏了 café</Content><MsgId>1234567890123456</MsgId></xml>"
)


@pytest.mark.parametrize(
    "body",
    [
        XML.encode("utf-16"),  # with a BOM (the trial's)
        XML.encode("utf-16-le"),  # a second wording: no BOM
        XML.encode("utf-16-be"),
        XML.encode("utf-32"),
        ('<?xml version="1.0" encoding="ISO-8859-1"?>' + XML.replace("路灯坏了 ", "")).encode(
            "latin-1"
        ),
        XML.replace("路灯坏了 ", "").encode("latin-1"),  # no declaration, é as one byte
        XML.encode("gb18030"),
    ],
)
def test_a_push_that_is_not_utf8_is_refused(body: bytes) -> None:
    with pytest.raises(PayloadError) as err:
        parse_body(body)
    assert err.value.status_code == 400


def test_utf8_is_read_with_or_without_bom_and_declaration() -> None:
    for body in (
        XML.encode(),
        b"\xef\xbb\xbf" + XML.encode(),
        ('<?xml version="1.0" encoding="UTF-8"?>' + XML).encode(),
    ):
        assert parse_body(body)["Content"] == "路灯坏了 café"
