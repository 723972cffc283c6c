"""Only the knowledge search is public (docs/security.md): the listings, an entry's
history and the stale list are for those who maintain the base (a unit or the centre)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from .conftest import CREDENTIALS

pytestmark = pytest.mark.integration

PRIVATE = [
    "/api/knowledge/entries",
    "/api/knowledge/entries?include_retired=true",
    "/api/knowledge/entries/gjj-002",
    "/api/knowledge/stale",
    "/api/knowledge/stale?today=2030-01-01",
]


@pytest.fixture(scope="module")
def client(api_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(api_app) as c:
        yield c


@pytest.mark.parametrize("path", PRIVATE)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer hk_not-a-key"},
        {"Authorization": "Bearer hc_not-a-key"},
        {"X-Unit-Key": "nope"},
        {"X-Centre-Key": "nope"},
        {"Authorization": "Basic YWRtaW46aG90bGluZTEyMzQ1"},
    ],
)
def test_listings_need_a_maintainer(client: TestClient, path: str, headers: dict[str, str]) -> None:
    r = client.get(path, headers=headers)
    assert r.status_code == 401, r.text
    assert "source_unit" not in r.text


@pytest.mark.parametrize("path", PRIVATE)
@pytest.mark.parametrize("who", ["unit", "centre"])
def test_units_and_the_centre_read_the_listings(client: TestClient, path: str, who: str) -> None:
    headers = CREDENTIALS.unit if who == "unit" else CREDENTIALS.centre
    r = client.get(path, headers=headers)
    assert r.status_code == 200, r.text


def test_search_stays_public(client: TestClient) -> None:
    r = client.get("/api/knowledge/search", params={"q": "租房可以提取公积金吗"})
    assert r.status_code == 200


def test_a_units_published_office_number_stays_readable_in_search(client: TestClient) -> None:
    """trial3 F43: the office's landline in a unit's own answer is published, not personal;
    a mobile in the same answer is still masked."""
    answer = (
        "不动产登记档案可到市不动产登记中心查询，咨询电话0530-5551234，"
        "也可拨打12345或0530-12345；联系人王小明，手机13953001234。"
    )
    r = client.post(
        "/api/knowledge/entries",
        json={
            "id": "f43-archive-phone",
            "domain": "不动产",
            "title": "不动产登记档案在哪里查询",
            "answer": answer,
            "questions": ["不动产登记档案怎么查"],
            "effective_date": "2025-01-01",
            "review_date": "2030-01-01",
        },
        headers=CREDENTIALS.unit,
    )
    assert r.status_code == 201, r.text
    found = client.get("/api/knowledge/search", params={"q": "不动产登记档案在哪里查询"})
    assert found.status_code == 200
    ours = [a for a in found.json() if "不动产登记中心" in a["answer"]]
    assert ours, found.json()
    text = ours[0]["answer"]
    assert "0530-5551234" in text
    assert "0530-12345" in text
    assert "13953001234" not in text
    assert "王小明" not in text
