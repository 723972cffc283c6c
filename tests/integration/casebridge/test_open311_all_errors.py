"""Open311 POST lists every fault of one request together (GeoReport's error list): an
unknown ``service_code`` beside a missing location or description (trial7 F16: only 「a
location is required…」 came back, and the 404 only once a location was given)."""

from __future__ import annotations

import httpx
import pytest

from casebridge.keys import demo_centre_key

from .conftest import SECRET
from .test_api import client

__all__ = ["client"]  # the fixture, shared with test_api


@pytest.mark.parametrize(
    ("form", "wanted"),
    [
        # the trial's request: unknown code, no location
        ({"service_code": "NOPE", "description": "路灯坏了好几天了"}, ["NOPE", "location"]),
        # a second wording: unknown code, no description, a bad phone
        (
            {"service_code": "ZZZ-99", "address_string": "曹县青菏街道", "phone": "abc"},
            ["ZZZ-99", "description", "phone"],
        ),
    ],
)
async def test_every_fault_is_listed_together(
    client: httpx.AsyncClient, form: dict[str, str], wanted: list[str]
) -> None:
    body = {"api_key": demo_centre_key(SECRET, "open311"), **form}
    r = await client.post("/open311/v2/requests.json", data=body)
    assert r.status_code in (400, 404), r.text
    descriptions = " | ".join(e["description"] for e in r.json())
    for word in wanted:
        assert word in descriptions, (word, descriptions)
