"""Open311 GeoReport v2 contract tests, in XML and JSON, on SQLite and PostgreSQL.

Three kinds of client: plain HTTP checks of each method and error against the
specification's documents; a client that follows FixMyStreet's ``Open311.pm`` (form
POST to ``requests.xml`` with ``jurisdiction_id``, ``api_key`` and ``attribute[..]``, the
token flow, ``service_request_id`` lists); and the maintained ``georeport`` library from
PyPI reading a live server.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import defusedxml.ElementTree as ET
import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from georeport import GeoReport as GeoReportClient
from sqlalchemy import func, select

from casebridge.keys import demo_centre_key
from casebridge.models import Appeal, WorkOrder
from config.settings import Settings
from gateway import errors
from gateway.routers import centre, open311

from .conftest import SECRET, Env

pytestmark = pytest.mark.integration

API_KEY = demo_centre_key(SECRET, "open311")
JURISDICTION = "heze.gov.cn"
BASE = "/open311/v2"


def make_app(env: Env) -> FastAPI:
    app = FastAPI()
    errors.install(app)
    app.include_router(open311.router)
    app.include_router(centre.router)
    app.state.services = SimpleNamespace(
        settings=Settings(secret_key=SECRET), sessions=env.sessions, cases=env.cases
    )
    return app


@pytest.fixture
async def client(env: Env) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=make_app(env))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


def street_light(**extra: str) -> dict[str, str]:
    return {
        "api_key": API_KEY,
        "jurisdiction_id": JURISDICTION,
        "service_code": "CXJS-02",
        "description": "牡丹区西城街道桂陵路的路灯坏了一个多月，我是王五，电话13953001234",
        "address_string": "牡丹区西城街道桂陵路18号",
        "email": "wangwu@example.cn",
        "device_id": "tt222111",
        "account_id": "acct-77",
        "first_name": "五",
        "last_name": "王",
        "phone": "13953001234",
        "media_url": "https://img.example.cn/lamp.jpg",
        **extra,
    }


async def orders(env: Env) -> int:
    async with env.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(WorkOrder)) or 0)


def xml_errors(body: bytes) -> list[tuple[str, str]]:
    root = ET.fromstring(body)
    assert root.tag == "errors"
    return [(e.findtext("code") or "", e.findtext("description") or "") for e in root]


# -- services and definitions ------------------------------------------------------------
async def test_service_list_in_both_formats_says_the_same(client: httpx.AsyncClient) -> None:
    xml = await client.get(f"{BASE}/services.xml", params={"jurisdiction_id": JURISDICTION})
    assert xml.status_code == 200
    assert xml.headers["content-type"] == "text/xml; charset=utf-8"
    assert xml.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(xml.content)
    assert root.tag == "services"
    from_xml = {s.findtext("service_code"): s for s in root.iter("service")}
    listed = (await client.get(f"{BASE}/services.json")).json()
    assert {s["service_code"] for s in listed} == set(from_xml)
    water = from_xml["CXJS-02-01"]
    assert water.findtext("service_name") == "城乡建设/城市建设和市政管理/自来水供应"
    assert water.findtext("metadata") == "true"  # it asks for OUTAGE_SCOPE
    assert water.findtext("type") == "realtime"
    assert from_xml["CXJS-09"].findtext("type") == "batch"
    assert from_xml["DWZW-01"].findtext("metadata") == "false"
    for field in ("service_code", "service_name", "description", "keywords", "group"):
        assert water.find(field) is not None


async def test_service_definition_lists_its_attributes(client: httpx.AsyncClient) -> None:
    r = await client.get(f"{BASE}/services/CXJS-02-01.xml")
    root = ET.fromstring(r.content)
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "CXJS-02-01"
    (scope, since) = root.find("attributes") or []
    assert scope.findtext("code") == "OUTAGE_SCOPE"
    assert scope.findtext("datatype") == "singlevaluelist"
    assert scope.findtext("required") == "true"
    assert scope.findtext("variable") == "true"
    assert scope.findtext("order") == "1"
    keys = [v.findtext("key") for v in scope.iter("value")]
    assert keys == ["home", "building", "area"]
    assert since.findtext("datatype") == "datetime"
    as_json = (await client.get(f"{BASE}/services/CXJS-02-01.json")).json()
    assert as_json["attributes"][0]["values"][2] == {"key": "area", "name": "小区或片区"}
    none = (await client.get(f"{BASE}/services/DWZW-01.json")).json()
    assert none == {"service_code": "DWZW-01", "attributes": []}
    missing = await client.get(f"{BASE}/services/NOPE.xml")
    assert missing.status_code == 404
    assert xml_errors(missing.content) == [("404", "service_code NOPE was not found")]


async def test_unknown_jurisdiction_and_format(client: httpx.AsyncClient) -> None:
    r = await client.get(f"{BASE}/services.json", params={"jurisdiction_id": "sfgov.org"})
    assert r.status_code == 404
    assert r.json() == [{"code": 404, "description": "jurisdiction_id provided was not found"}]
    assert (await client.get(f"{BASE}/services.yaml")).status_code == 404
    r = await client.get(f"{BASE}/services.json", params=[("jurisdiction_id", "a")] * 2)
    assert r.status_code == 400


# -- POST errors, in GeoReport's form -----------------------------------------------------
async def test_missing_service_code_form_json_and_xml(client: httpx.AsyncClient, env: Env) -> None:
    form = {"api_key": API_KEY, "description": "路灯坏了", "address_string": "牡丹区西城街道"}
    r = await client.post(f"{BASE}/requests.json", data=form)
    assert r.status_code == 400
    assert r.json() == [{"code": 400, "description": "service_code is required"}]
    r = await client.post(f"{BASE}/requests.xml", data=form)
    assert r.status_code == 400
    assert r.headers["content-type"] == "text/xml; charset=utf-8"
    assert xml_errors(r.content) == [("400", "service_code is required")]
    r = await client.post(f"{BASE}/requests.json", json=form)  # a JSON body
    assert r.status_code == 400
    assert r.json() == [{"code": 400, "description": "service_code is required"}]
    assert await orders(env) == 0


@pytest.mark.parametrize("lat", ["35.24,6", "35.24.6", "north", "NaN", "91", "1e400", ""])
async def test_bad_latitude_is_a_400(client: httpx.AsyncClient, lat: str, env: Env) -> None:
    form = street_light(lat=lat, long="115.47")
    form.pop("address_string")
    r = await client.post(f"{BASE}/requests.json", data=form)
    assert r.status_code == 400
    described = " ".join(e["description"] for e in r.json())
    assert "lat" in described
    assert await orders(env) == 0


async def test_every_field_malformed_gets_every_error(client: httpx.AsyncClient, env: Env) -> None:
    form = {
        "api_key": API_KEY,
        "service_code": "有空格 的代码",
        "lat": "35.24,6",
        "long": "east",
        "address_string": "x" * 300,
        "address_id": "y" * 100,
        "email": "not-an-email",
        "device_id": "a\nb",
        "account_id": "z" * 300,
        "first_name": "1234",
        "last_name": "<b>",
        "phone": "call me",
        "description": "<script>alert(1)</script>",
        "media_url": "javascript:alert(1)",
        "jurisdiction_id": "q" * 200,
    }
    for path in (f"{BASE}/requests.json", f"{BASE}/requests.xml"):
        r = await client.post(path, data=form)
        assert r.status_code == 400
        if path.endswith(".xml"):
            found = xml_errors(r.content)
            assert {code for code, _ in found} == {"400"}
            text = " ".join(d for _, d in found)
        else:
            assert all(e["code"] == 400 for e in r.json())
            text = " ".join(e["description"] for e in r.json())
        for name in (
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
            "jurisdiction_id",
        ):
            assert name in text, name
    assert await orders(env) == 0


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        ({"api_key": ""}, 403, "api_key is required"),
        ({"api_key": "hk_wrong"}, 403, "invalid api_key"),
        ({"service_code": "NOPE-99"}, 404, "service_code NOPE-99 was not found"),
        ({"jurisdiction_id": "sfgov.org"}, 404, "jurisdiction_id provided was not found"),
        ({"lat": "35.2"}, 400, "lat and long must be sent together"),
        ({"description": "   "}, 400, "description is required"),
        ({"description": "长" * 4001}, 400, "description is longer than 4000 characters"),
        ({"attribute[NOPE]": "1"}, 400, "attribute[NOPE] is not defined for service_code"),
        ({"attribute[FACILITY][]": "elevator"}, 400, "attribute[FACILITY] must be one of"),
    ],
)
async def test_each_kind_of_bad_post(
    client: httpx.AsyncClient, env: Env, change: dict[str, str], status: int, says: str
) -> None:
    r = await client.post(f"{BASE}/requests.xml", data=street_light(**change))
    assert r.status_code == status
    assert any(says in d for _, d in xml_errors(r.content)), r.text
    assert await orders(env) == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam",
        "https://169.254.169.254/latest/meta-data/iam",
        "https://[fd00:ec2::254]/latest/meta-data/",
        "https://10.0.0.5/a.jpg",
        "https://192.168.1.1/a.jpg",
        "https://[::ffff:169.254.169.254]/x",
        "https://[fe80::1]/a.jpg",
        "https://100.64.0.1/a.jpg",
        "https://user:pw@img.example.cn/a.jpg",
        "http://img.example.cn/a.jpg",
    ],
)
async def test_media_url_follows_the_outbound_url_policy(
    client: httpx.AsyncClient, env: Env, url: str
) -> None:
    """O4: a metadata address was accepted and republished to units and the public."""
    r = await client.post(f"{BASE}/requests.json", data=street_light(media_url=url))
    assert r.status_code == 400, r.text
    assert any("media_url" in e["description"] for e in r.json())
    assert await orders(env) == 0


async def test_bad_bodies_are_400(client: httpx.AsyncClient) -> None:
    path = f"{BASE}/requests.json"
    for body, ctype in (
        (b"\xff\xfe", "application/x-www-form-urlencoded"),
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"service_code": {"a": 1}}', "application/json"),
        (b"<xml/>", "application/xml"),
    ):
        r = await client.post(path, content=body, headers={"content-type": ctype})
        assert r.status_code == 400, (body, r.text)
        assert r.json()[0]["code"] == 400


# -- POST, read back, tokens ------------------------------------------------------------------
async def test_create_read_back_in_both_formats_without_personal_data(
    client: httpx.AsyncClient, env: Env
) -> None:
    form = street_light(
        **{"attribute[FACILITY][]": "streetlight", "attribute[FACILITY_NO]": "GL-18"}
    )
    r = await client.post(f"{BASE}/requests.xml", data=form)
    assert r.status_code == 201, r.text
    root = ET.fromstring(r.content)
    assert root.tag == "service_requests"
    number = root.findtext("request/service_request_id")
    assert number
    assert number.startswith("HZ")
    assert root.find("request/token") is None  # realtime: the id, never both
    assert root.findtext("request/account_id") == "acct-77"
    assert "牡丹区" in (root.findtext("request/service_notice") or "")

    async with env.sessions() as s:
        appeal = await s.scalar(select(Appeal).where(Appeal.channel == "open311"))
    assert appeal is not None
    assert appeal.county == "牡丹区"
    assert (
        "【补充信息】涉及的市政设施（可多选）：路灯；设施编号（如路灯杆上的编号）：GL-18"
        in appeal.text
    )
    assert appeal.extra["open311_submitter"]["email"] == "wangwu@example.cn"
    assert appeal.attachments[0]["source_url"] == "https://img.example.cn/lamp.jpg"

    one_json = (await client.get(f"{BASE}/requests/{number}.json")).json()
    one_xml = ET.fromstring((await client.get(f"{BASE}/requests/{number}.xml")).content)
    (item,) = one_json
    assert one_xml.findtext("request/service_request_id") == item["service_request_id"]
    assert one_xml.findtext("request/status") == item["status"] == "open"
    assert item["media_url"] == "https://img.example.cn/lamp.jpg"
    assert one_xml.findtext("request/media_url") == item["media_url"]
    assert item["requested_datetime"].endswith("+08:00")
    listed = await client.get(f"{BASE}/requests.xml", params={"jurisdiction_id": JURISDICTION})
    everything = json.dumps(one_json, ensure_ascii=False) + listed.text
    for secret in ("13953001234", "王五", "桂陵路18号", "wangwu@example.cn", "acct-77", "tt222111"):
        assert secret not in everything, secret
    assert number in listed.text


async def test_idempotent_post_gives_the_same_request(client: httpx.AsyncClient, env: Env) -> None:
    headers = {"Idempotency-Key": "fms-report-4711"}
    first = await client.post(f"{BASE}/requests.json", data=street_light(), headers=headers)
    again = await client.post(f"{BASE}/requests.json", data=street_light(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    assert await orders(env) == 1


async def test_batch_service_answers_a_token_that_resolves(
    client: httpx.AsyncClient, env: Env
) -> None:
    form = street_light(service_code="CXJS-09", description="小区旁边的空地被人私自圈占")
    r = await client.post(f"{BASE}/requests.json", data=form)
    assert r.status_code == 201
    (created,) = r.json()
    assert "service_request_id" not in created  # batch: the token, never both
    token = created["token"]
    resolved = ET.fromstring((await client.get(f"{BASE}/tokens/{token}.xml")).content)
    number = resolved.findtext("request/service_request_id")
    assert resolved.findtext("request/token") == token
    assert number
    assert (await client.get(f"{BASE}/requests/{number}.json")).json()[0]["service_code"] == (
        "CXJS-09"
    )
    unknown = await client.get(f"{BASE}/tokens/{'0' * 32}.json")
    assert unknown.status_code == 404
    assert unknown.json()[0]["code"] == 404


async def test_request_list_arguments(client: httpx.AsyncClient, env: Env) -> None:
    r = await client.post(f"{BASE}/requests.json", data=street_light())
    number = r.json()[0]["service_request_id"]
    day = "2025-09-30"
    by_code = await client.get(
        f"{BASE}/requests.json", params={"service_code": "CXJS-02,CXJS-03", "start_date": day}
    )
    assert [x["service_request_id"] for x in by_code.json()] == [number]
    other = await client.get(f"{BASE}/requests.json", params={"service_code": "CXJS-03"})
    assert other.json() == []
    closed = await client.get(f"{BASE}/requests.json", params={"status": "closed"})
    assert closed.json() == []
    both = await client.get(f"{BASE}/requests.json", params={"status": "open,closed"})
    assert len(both.json()) == 1
    ids = await client.get(
        f"{BASE}/requests.xml",
        params={"service_request_id": f"{number},HZ20990101-000001", "service_code": "X"},
    )  # service_request_id overrides every other argument
    assert [e.text for e in ET.fromstring(ids.content).iter("service_request_id")] == [number]
    for params, says in (
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"}, "90 days"),
        ({"start_date": "2025-09-01T08:00:00"}, "time zone"),
        ({"start_date": "yesterday"}, "W3C datetime"),
        ({"end_date": "2025-09-01", "start_date": "2025-09-30"}, "after end_date"),
        ({"status": "pending"}, "status must be"),
        ({"limit": "0"}, "limit"),
    ):
        bad = await client.get(f"{BASE}/requests.json", params=params)
        assert bad.status_code == 400, params
        assert says in bad.json()[0]["description"]
    missing = await client.get(f"{BASE}/requests/HZ20990101-000001.xml")
    assert missing.status_code == 404


# -- a client that speaks like FixMyStreet's Open311.pm ----------------------------------------
class FixMyStreetStyleClient:
    """Open311.pm's request patterns: XML endpoints, ``jurisdiction_id`` on every call,
    form-encoded POST with ``api_key`` and ``attribute[name]``; a token is resolved
    through ``tokens/<token>.xml``; errors read from ``<errors><error>``."""

    def __init__(self, http: httpx.AsyncClient, endpoint: str, jurisdiction: str, key: str):
        self.http, self.endpoint, self.jurisdiction, self.key = http, endpoint, jurisdiction, key
        self.last_errors: list[tuple[str, str]] = []

    async def _get(self, path: str, params: dict[str, str] | None = None) -> Any:
        query = {**(params or {}), "jurisdiction_id": self.jurisdiction}
        r = await self.http.get(self.endpoint + path, params=query)
        return ET.fromstring(r.content) if r.status_code == 200 else None

    async def get_service_list(self) -> Any:
        return await self._get("services.xml")

    async def get_service_meta_info(self, code: str) -> Any:
        return await self._get(f"services/{code}.xml")

    async def send_service_request(
        self, problem: dict[str, str], extra: dict[str, str], service_code: str
    ) -> str | None:
        params = {
            "jurisdiction_id": self.jurisdiction,
            "api_key": self.key,
            "lat": problem["lat"],
            "long": problem["long"],
            "email": problem["email"],
            "description": f"title: {problem['title']}\n\ndetail: {problem['detail']}\n\n"
            "Submitted via FixMyStreet",
            "service_code": service_code,
            "first_name": problem["first_name"],
            "last_name": problem["last_name"],
            "media_url": problem["image_url"],
            **{f"attribute[{k}]": v for k, v in extra.items()},
        }
        r = await self.http.post(self.endpoint + "requests.xml", data=params)
        if r.status_code >= 400:
            self.last_errors = xml_errors(r.content)
            return None
        request = ET.fromstring(r.content).find("request")
        assert request is not None
        number = request.findtext("service_request_id")
        if number:
            return str(number)
        token = request.findtext("token")
        return await self.get_service_request_id_from_token(token) if token else None

    async def get_service_request_id_from_token(self, token: str) -> str | None:
        root = await self._get(f"tokens/{token}.xml")
        return None if root is None else root.findtext("request/service_request_id")

    async def get_service_requests(self, ids: list[str]) -> Any:
        return await self._get("requests.xml", {"service_request_id": ",".join(ids)})


async def test_a_fixmystreet_style_client_lists_creates_and_reads_back(
    client: httpx.AsyncClient,
) -> None:
    fms = FixMyStreetStyleClient(client, f"http://test{BASE}/", JURISDICTION, API_KEY)
    services = await fms.get_service_list()
    codes = {s.findtext("service_code"): s.findtext("metadata") for s in services}
    assert codes["CXJS-02-02"] == "true"
    meta = await fms.get_service_meta_info("CXJS-02-02")
    required = [
        a.findtext("code") for a in meta.iter("attribute") if a.findtext("required") == "true"
    ]
    assert required == ["OUTAGE_SCOPE"]
    problem = {
        "lat": "35.2481",
        "long": "115.4656",
        "email": "reporter@example.cn",
        "title": "小区停电",
        "detail": "牡丹区西城街道一个小区整栋楼停电三小时",
        "first_name": "Ming",
        "last_name": "Li",
        "image_url": "https://fms.example.cn/photo/1.jpeg",
    }
    assert await fms.send_service_request(problem, {}, "CXJS-02-02") is None
    assert fms.last_errors == [("400", "attribute[OUTAGE_SCOPE] is required")]
    first = await fms.send_service_request(problem, {"OUTAGE_SCOPE": "building"}, "CXJS-02-02")
    batch = await fms.send_service_request(problem, {}, "CXJS-09")  # through the token
    assert first
    assert batch
    assert first != batch
    listed = await fms.get_service_requests([first, batch])
    got = {r.findtext("service_request_id"): r for r in listed.iter("request")}
    assert set(got) == {first, batch}
    assert got[first].findtext("media_url") == problem["image_url"]
    assert got[first].findtext("lat") == "35.248"  # rounded for the public (~100 m)
    assert "reporter@example.cn" not in ET.tostring(listed, encoding="unicode")


# -- the maintained georeport library, against a live server -----------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_georeport_library_reads_both_formats(
    client: httpx.AsyncClient, env: Env
) -> None:
    created = await client.post(
        f"{BASE}/requests.json", data=street_light(**{"attribute[FACILITY][]": "manhole"})
    )
    number = created.json()[0]["service_request_id"]
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(make_app(env), host="127.0.0.1", port=port, log_level="warning")
    )
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(500):  # uvicorn sets no event when it is up; poll its flag
            if server.started:
                break
            await asyncio.sleep(0.02)
        root = f"http://127.0.0.1:{port}{BASE}"
        for fmt in ("json", "xml"):
            lib = GeoReportClient(root, jurisdiction=JURISDICTION, output_format=fmt)
            services = await asyncio.to_thread(lib.get_service_list)
            assert "CXJS-02" in {s["service_code"] for s in services}
            definition = await asyncio.to_thread(lib.get_service_definition, "CXJS-02-01")
            attributes = definition["attributes"]
            if fmt == "xml":  # xmltodict: one child is a dict, not a list
                attributes = attributes["attribute"]
            assert attributes[0]["code"] == "OUTAGE_SCOPE"
            one = await asyncio.to_thread(lib.get_service_request, number)
            assert one["service_request_id"] == number
            assert one["status"] == "open"
            found = await asyncio.to_thread(lib.get_service_requests, service_request_id=number)
            found = found if isinstance(found, list) else [found]
            assert [r["service_request_id"] for r in found] == [number]
    finally:
        server.should_exit = True
        await serving


async def test_a_key_reused_for_another_report_is_refused(
    client: httpx.AsyncClient, env: Env
) -> None:
    """trial3 F25: the same Idempotency-Key with another description answered the first
    request (201) and dropped the second report silently."""
    headers = {"Idempotency-Key": "fms-report-4712"}
    first = await client.post(f"{BASE}/requests.json", data=street_light(), headers=headers)
    assert first.status_code == 201
    other = street_light(description="另一处：人民路与中华路交叉口的红绿灯不亮了")
    again = await client.post(f"{BASE}/requests.json", data=other, headers=headers)
    assert again.status_code == 400, again.text
    assert "Idempotency" in again.text or "幂等" in again.text
    assert await orders(env) == 1
