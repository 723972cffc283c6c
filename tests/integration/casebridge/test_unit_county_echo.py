"""``GET /api/units/orders?county=``: a county that is not one of Heze's nine is a 422, and
a control or format character (U+202E right-to-left override …) is never echoed
(trial7 F11; trial5 F21's kind on Open311)."""

from __future__ import annotations

import unicodedata

import httpx
import pytest

from .http_api import CENTRE
from .test_api import ZJ, client

__all__ = ["client"]  # the fixture, shared with test_api


@pytest.mark.parametrize(
    "county",
    ["\u202e", "曹县\u202e", "\u200b牡丹区\u2066", "火星县", "曹\x07县"],
)
async def test_an_unknown_county_is_422_and_format_characters_never_echo(
    client: httpx.AsyncClient, county: str
) -> None:
    r = await client.get("/api/units/orders", headers=ZJ, params={"county": county})
    assert r.status_code in (400, 422), r.text
    text = r.content.decode()
    assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in text if c not in "\n\t")
    r = await client.get("/api/centre/units", headers=CENTRE, params={"county": county})
    assert r.status_code in (400, 404, 422), r.text
    assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in r.content.decode())
