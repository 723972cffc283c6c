"""Trial14 T04 through the real app: an Open311 POST meets the same 第十三条(一) triage as
every other channel. An emergency written into a GeoReport request is an emergency
record for its dispatch desk and a ``service_notice`` telling the citizen to call the
number now, never a work order with an 8-day deadline; a possible danger keeps its
order and gets the safety line; an ordinary matter told beside an emergency is still
taken as an order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from casebridge.keys import demo_centre_key
from config.settings import Settings
from gateway.app import create_app
from tests.integration.gateway.test_end_to_end import _db_counts

SECRET = "trial14-open311-secret-0123456789"
BASE = "/open311/v2"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        var_dir=tmp_path_factory.mktemp("open311"),
        secret_key=SECRET,
        log_json=True,
        rate_limit_per_minute=100_000,
        public_base_url="http://testserver",
    )
    with TestClient(create_app(settings)) as c:
        yield c


def post(client: TestClient, description: str, key: str | None = None, **extra: str) -> Any:
    form = {
        "api_key": demo_centre_key(SECRET, "open311"),
        "service_code": "CXJS-02",
        "description": description,
        "address_string": "牡丹区西城街道",
        **extra,
    }
    headers = {"Idempotency-Key": key} if key else {}
    r = client.post(f"{BASE}/requests.json", data=form, headers=headers)
    assert r.status_code == 201, r.text
    answer = r.json()
    assert isinstance(answer, list)
    assert len(answer) == 1
    return answer[0]


async def _records(app: Any) -> list[tuple[str, str, str, str | None]]:
    from sqlalchemy import select

    from casebridge.emergency.models import Emergency

    async with app.state.services.sessions() as s:
        rows = (
            await s.execute(
                select(Emergency.service, Emergency.channel, Emergency.text, Emergency.place)
            )
        ).all()
    return [(a, b, c, d) for a, b, c, d in rows]


def counts(client: TestClient) -> tuple[int, list[tuple[str, str, str, str | None]]]:
    from casebridge.models import WorkOrder

    orders = client.portal.call(_db_counts, client.app, (WorkOrder,))  # type: ignore[union-attr]
    records = client.portal.call(_records, client.app)  # type: ignore[union-attr]
    return orders[0], records


@pytest.mark.parametrize(
    ("description", "service"),
    [
        ("小区门口着火了 有人被困", "119"),  # the trial's request
        ("俺们楼道里着火了 烟老大了 有人困在楼上下不来", "119"),
        ("俺们村路口有个老人倒地上了 叫不醒 恁快叫人来", "120"),
        ("有个人拿着刀在超市门口砍人", "110"),
    ],
)
def test_an_emergency_posted_to_open311_is_told_to_call_the_number_and_recorded(
    client: TestClient, description: str, service: str
) -> None:
    orders, records = counts(client)
    answer = post(client, description)
    assert f"请立即拨打{service}" in answer["service_notice"], answer
    assert "办理时限" not in answer["service_notice"], answer  # no order's deadline
    assert "service_request_id" not in answer, answer
    assert answer["token"], answer
    after, now = counts(client)
    assert after == orders  # no work order
    new = [r for r in now if r not in records]
    assert [(r[0], r[1]) for r in new] == [(service, "open311")], now
    assert new[0][2] == description
    assert new[0][3] == "牡丹区西城街道"
    # the token says why there is no service request
    told = client.get(f"{BASE}/tokens/{answer['token']}.json")
    assert told.status_code == 404
    assert f"call {service}" in told.text, told.text


def test_a_retried_emergency_post_is_one_record(client: TestClient) -> None:
    _, before = counts(client)
    first = post(client, "俺家厨房里着火了 火苗老高", key="trial14-retry-1")
    again = post(client, "俺家厨房里着火了 火苗老高", key="trial14-retry-1")
    assert first["token"] == again["token"]
    _, after = counts(client)
    assert len(after) == len(before) + 1


def test_an_emergency_in_xml_keeps_the_georeport_shape(client: TestClient) -> None:
    form = {
        "api_key": demo_centre_key(SECRET, "open311"),
        "service_code": "CXJS-02",
        "description": "俺们小区有人煤气中毒了 晕倒在屋里了",
        "address_string": "郓城县郓州街道",
    }
    r = client.post(f"{BASE}/requests.xml", data=form)
    assert r.status_code == 201, r.text
    assert r.text.count("<request>") == 1
    assert "<token>" in r.text
    assert "<service_notice>" in r.text
    assert "请立即拨打" in r.text


@pytest.mark.parametrize(
    "description",
    ["路灯坏了一个多月 晚上黑乎乎的", "俺们小区门口那个路灯天天不亮 恁给修修"],
)
def test_an_ordinary_request_is_an_order_without_an_alarm(
    client: TestClient, description: str
) -> None:
    orders, records = counts(client)
    answer = post(client, description)
    assert answer["service_request_id"].startswith("HZ"), answer
    assert "办理时限" in answer["service_notice"]
    assert "拨打" not in answer["service_notice"]
    after, now = counts(client)
    assert (after, len(now)) == (orders + 1, len(records))


@pytest.mark.parametrize(
    "description",
    ["楼道里好像有点焦糊味，不知道是不是哪里着了", "电线杆被风刮得歪得厉害，底下是人行道"],
)
def test_a_possible_danger_keeps_its_order_and_gets_the_safety_line(
    client: TestClient, description: str
) -> None:
    orders, records = counts(client)
    answer = post(client, description)
    assert answer["service_request_id"].startswith("HZ"), answer
    notice = answer["service_notice"]
    for part in ("办理时限", "如遇危险", "请立即拨打"):
        assert part in notice, notice
    after, now = counts(client)
    assert (after, len(now)) == (orders + 1, len(records))


def test_an_ordinary_matter_beside_an_emergency_is_still_an_order(client: TestClient) -> None:
    orders, records = counts(client)
    answer = post(client, "小区停电一下午了 俺爹被困在电梯里了")
    notice = answer["service_notice"]
    assert notice.index("请立即拨打119") < notice.index("办理时限"), notice
    assert answer["service_request_id"].startswith("HZ"), answer
    after, now = counts(client)
    assert after == orders + 1
    assert [r[0] for r in now if r not in records] == ["119"]


# -- T09 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    ["13953107999", "%E6%9D%8E%E7%A7%80%E5%85%B0", "abc1", "wechat%20x", "a" * 40],
)
def test_unknown_webhook_channels_are_counted_under_one_label(
    client: TestClient, name: str
) -> None:
    assert client.post(f"/webhooks/{name}", content=b"x").status_code == 404
    scrape = client.get("/metrics").text
    rejected = [
        line for line in scrape.splitlines() if line.startswith("hotline_webhook_rejected_total{")
    ]
    assert any('channel="unknown",reason="disabled"' in line for line in rejected), rejected
    for caller_text in ("13953107999", "李秀兰", "abc1", "wechat x", "a" * 40):
        assert caller_text not in scrape


def test_a_shipped_channel_not_enabled_keeps_its_own_label(client: TestClient) -> None:
    assert client.post("/webhooks/weibo", content=b"x").status_code == 404
    scrape = client.get("/metrics").text
    assert 'hotline_webhook_rejected_total{channel="weibo",reason="disabled"}' in scrape
