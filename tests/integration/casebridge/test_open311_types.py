"""trial8 F18 and F23 on Open311 POST.

F18: a JSON value of the wrong type was turned into text: ``"description": true`` opened
an order reading 「true」, ``"address_string": ["牡丹区"]`` took the list's item. Every
GeoReport field is typed (a string; ``lat``/``long`` also a number); any other type is a
GeoReport 400 naming the field, and nothing is opened.

F23: a full-width phone (``１３８５３００１２３４``) was refused here while the chat and
``/api/progress`` fold it: one phone reading for every surface
(``casebridge.inputs.phone_number``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select

from casebridge.keys import demo_centre_key
from casebridge.models import Appeal

from .conftest import SECRET, Env
from .test_open311 import BASE, make_app, orders, street_light

pytestmark = pytest.mark.integration

TEXT_FIELDS = [
    "api_key",
    "jurisdiction_id",
    "service_code",
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
]
NOT_A_STRING: list[object] = [True, False, ["x"], {"a": 1}, 12345678]
NOT_A_NUMBER: list[object] = [True, [35.24], {"deg": 35.24}]


@pytest.fixture
async def client(env: Env) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=make_app(env))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


def as_json(**changes: object) -> dict[str, object]:
    body: dict[str, object] = dict(street_light())
    body.update(changes)
    return body


async def refused(client: httpx.AsyncClient, body: dict[str, object], field: str) -> None:
    r = await client.post(f"{BASE}/requests.json", json=body)
    assert r.status_code == 400, r.text
    errors = r.json()
    assert all(e["code"] == 400 for e in errors)
    assert any(e["description"].startswith(field + " ") for e in errors), errors


@pytest.mark.parametrize("field", TEXT_FIELDS)
async def test_a_text_field_of_another_type_is_a_400(
    client: httpx.AsyncClient, env: Env, field: str
) -> None:
    for value in NOT_A_STRING:
        await refused(client, as_json(**{field: value}), field)
    assert await orders(env) == 0


@pytest.mark.parametrize("value", NOT_A_NUMBER, ids=repr)
async def test_a_coordinate_of_another_type_is_a_400(
    client: httpx.AsyncClient, env: Env, value: object
) -> None:
    await refused(client, as_json(lat=value, long=115.47), "lat")
    await refused(client, as_json(lat=35.24, long=value), "long")
    assert await orders(env) == 0


@pytest.mark.parametrize("value", [True, {"a": "b"}, [True], [["streetlight"]]], ids=repr)
async def test_an_attribute_of_another_type_is_a_400(
    client: httpx.AsyncClient, env: Env, value: object
) -> None:
    await refused(client, as_json(attribute={"FACILITY": value}), "attribute[FACILITY]")
    await refused(client, as_json(**{"attribute[FACILITY_NO]": value}), "attribute[FACILITY_NO]")
    assert await orders(env) == 0


async def test_the_types_geo_report_allows_are_taken(client: httpx.AsyncClient, env: Env) -> None:
    """Numbers for the coordinates, null for a field not given, lists for a multivaluelist."""
    body = as_json(
        lat=35.24,
        long=115.47,
        email=None,
        attribute={"FACILITY": ["streetlight"], "FACILITY_NO": "GL-18"},
    )
    r = await client.post(f"{BASE}/requests.json", json=body)
    assert r.status_code == 201, r.text
    assert await orders(env) == 1


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("１３８５３００１２３４", "13853001234"),
        ("１３８－５３００－１２３４", "138-5300-1234"),
        ("＋８６　１３８５３００１２３４", "+86 13853001234"),
        ("（０５３０）５５５１２３４", "(0530)5551234"),
    ],
)
async def test_a_full_width_phone_is_read_as_everywhere(
    client: httpx.AsyncClient, env: Env, written: str, stored: str
) -> None:
    r = await client.post(f"{BASE}/requests.json", data=street_light(phone=written))
    assert r.status_code == 201, r.text
    async with env.sessions() as s:
        appeal = (await s.scalars(select(Appeal))).one()
    assert appeal.contact_phone == stored
    assert appeal.phone_last4 == stored[-4:]  # /api/progress proves ownership with these


@pytest.mark.parametrize("phone", ["call me", "１３８５３ab１２３４", "+", "１２"])
async def test_a_phone_that_is_no_phone_is_still_a_400(
    client: httpx.AsyncClient, env: Env, phone: str
) -> None:
    r = await client.post(f"{BASE}/requests.json", data=street_light(phone=phone))
    assert r.status_code == 400, r.text
    assert any(e["description"].startswith("phone ") for e in r.json())
    assert await orders(env) == 0


async def test_the_centre_intake_reads_a_full_width_phone_the_same(
    client: httpx.AsyncClient, env: Env
) -> None:
    """The agents' intake (``/api/centre/orders``) refused it with 422 like Open311."""
    headers = {"X-Centre-Key": demo_centre_key(SECRET), "X-Operator": "duty-a"}
    body = {
        "idempotency_key": "trial8-f23-centre",
        "text": "市民来电反映路灯不亮",
        "county": "牡丹区",
        "category_level1": "城乡建设",
        "contact_phone": "１３８　５３００　１２３４",
    }
    r = await client.post("/api/centre/orders", json=body, headers=headers)
    assert r.status_code == 201, r.text
    async with env.sessions() as s:
        appeal = (await s.scalars(select(Appeal))).one()
    assert (appeal.contact_phone, appeal.phone_last4) == ("138 5300 1234", "1234")
