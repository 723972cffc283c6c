"""Open311 input a hostile client sends: bytes that are not UTF-8, descriptions with no
content, a body too large, ids too long, an exact address in the free text."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import httpx
import pytest

from gateway.errors import georeport_response

from .conftest import Env
from .test_open311 import BASE, client, orders, street_light

__all__ = ["client"]  # the fixture, shared with test_open311

# a %-escaped byte sequence that is not UTF-8: lone bytes, a cut sequence, an overlong
# form, an encoded surrogate, a code point beyond U+10FFFF
NOT_UTF8 = ["%ff%fe", "%c3", "%c0%af", "%ed%a0%80", "%f4%90%80%80", "%e8%b7"]


@pytest.mark.parametrize("escape", NOT_UTF8)
@pytest.mark.parametrize("field", ["description", "address_string", "first_name"])
async def test_a_form_field_that_is_not_utf8_is_a_400(
    client: httpx.AsyncClient, env: Env, escape: str, field: str
) -> None:
    form = street_light()
    body = "&".join(urlencode({k: v}) + (escape if k == field else "") for k, v in form.items())
    r = await client.post(
        f"{BASE}/requests.json",
        content=body.encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 400, r.text
    assert r.json() == [{"code": 400, "description": "a form field is not UTF-8"}]
    assert await orders(env) == 0


@pytest.mark.parametrize("escape", NOT_UTF8)
async def test_a_query_argument_that_is_not_utf8_is_a_400(
    client: httpx.AsyncClient, escape: str
) -> None:
    r = await client.get(f"{BASE}/requests.json?status=open{escape}")
    assert r.status_code == 400, r.text
    assert "UTF-8" in r.json()[0]["description"]


@pytest.mark.parametrize("description", ["a", "。", "  !! ", "？？？", "1", "a。"])
async def test_a_description_without_content_is_a_400(
    client: httpx.AsyncClient, env: Env, description: str
) -> None:
    r = await client.post(f"{BASE}/requests.json", data=street_light(description=description))
    assert r.status_code == 400, r.text
    assert "description" in r.json()[0]["description"]
    assert await orders(env) == 0


async def test_a_short_real_description_is_taken(client: httpx.AsyncClient) -> None:
    r = await client.post(f"{BASE}/requests.json", data=street_light(description="漏水"))
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("status", [400, 403, 404, 413, 429])
def test_georeport_errors_say_their_own_status(status: int) -> None:
    r = georeport_response(f"{BASE}/requests.json", status, "x")
    assert r.status_code == status
    assert json.loads(bytes(r.body)) == [{"code": status, "description": "x"}]


async def test_unknown_ids_are_not_echoed_whole(client: httpx.AsyncClient) -> None:
    for path in (f"{BASE}/requests/{'A' * 5000}.json", f"{BASE}/services/{'B' * 5000}.json"):
        # under the 8,192-byte URL limit (longer URLs are 414, tests/unit/gateway/test_long_url.py)
        r = await client.get(path)
        assert r.status_code == 404
        assert len(r.text) < 300, len(r.text)


async def test_public_answers_mask_an_exact_address_written_in_the_text(
    client: httpx.AsyncClient,
) -> None:
    text = (
        "我是王小明，家住长江路88号，楼下3号楼2单元501室门口的下水道堵了，联系欧阳娜娜女士，"
        "物业的工作人员李秀英不管"
    )
    r = await client.post(
        f"{BASE}/requests.json",
        data=street_light(description=text, address_string="牡丹区西城街道", phone=""),
    )
    assert r.status_code == 201, r.text
    number = r.json()[0]["service_request_id"]
    public = (await client.get(f"{BASE}/requests/{number}.json")).json()[0]["description"]
    for secret in ("88号", "501", "小明", "娜娜", "秀英"):
        assert secret not in public, public
    assert "下水道堵了" in public


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam",
        "http://127.0.0.1:8000/x.jpg",
        "http://0x7f000001/x.jpg",
        "http://10.1.2.3/x.jpg",
        "http://[::1]/x.jpg",
        "http://localhost/x.jpg",
        "file:///etc/passwd",
    ],
)
async def test_media_url_must_be_a_public_link(
    client: httpx.AsyncClient, env: Env, url: str
) -> None:
    r = await client.post(f"{BASE}/requests.json", data=street_light(media_url=url))
    assert r.status_code == 400, r.text
    assert "media_url" in r.json()[0]["description"]
    assert await orders(env) == 0


@pytest.mark.parametrize("limit", ["፩", "²", "9" * 4400, "١٠", "0", "1001"])
async def test_a_limit_that_is_no_small_ascii_number_is_a_400(
    client: httpx.AsyncClient, limit: str
) -> None:
    # ፩ and ² are digits to str.isdigit() but not numbers to int(); 4,400 digits are past
    # int()'s limit: a 400 in GeoReport's form, never a 500 (trial5 F01)
    r = await client.get(f"{BASE}/requests.json", params={"limit": limit})
    assert r.status_code == 400, r.text
    assert "limit" in r.json()[0]["description"]
