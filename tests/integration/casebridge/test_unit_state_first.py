"""trial11 N15: a unit's action on an order whose state cannot take it is answered 409
for the state before any 422 about what the request carries. 退单 on an order already
replied to (已办结反馈), with a reason and no materials, answered 422 「请提供相关证明材料」:
the unit was told to gather materials for an action it could not take at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from config.settings import Settings
from gateway.routers import centre, units

from .conftest import SECRET, Env
from .http_api import CENTRE, MATERIALS, api_client, new_order, unit_headers

pytestmark = pytest.mark.integration

CONFIG = Path("config/data").resolve()
ZJ = unit_headers("CX-ZJ")


@pytest.fixture
async def client(env: Env) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(
        env, [units.router, centre.router], Settings(secret_key=SECRET, centre_config_dir=CONFIG)
    ) as c:
        yield c


async def _replied(client: httpx.AsyncClient, key: str) -> str:
    n = await new_order(client, key)
    for path, body in (("sign", None), ("reply", {"text": "已修复楼道灯"})):
        r = await client.post(f"/api/units/orders/{n}/{path}", json=body, headers=ZJ)
        assert r.status_code == 200, r.text
    return n


#: (path, a body whose content is also wrong: no materials, no words, an unknown unit)
WRONG_TWICE: list[tuple[str, dict[str, Any]]] = [
    ("return", {"reason": "不属于本单位职责"}),  # the trial's request: no materials
    ("return", {"reason": "。。。", "materials": MATERIALS}),
    ("return", {"reason": "非本单位职责", "materials": MATERIALS, "suggested_unit": "NOPE-X"}),
    ("terminate", {"ground": "unlawful_demand", "reason": "诉求人要求不合法"}),
    ("extend", {"reason": "……", "stage_report": "[微笑]", "working_days": 3}),
    ("dispute", {"reason": "？？？"}),
    ("dispute", {"reason": "职责不清", "unit_codes": ["NOPE-X"]}),
    ("reply", {"text": "   。"}),
]


@pytest.mark.parametrize(
    ("path", "body"), WRONG_TWICE, ids=[f"{p}-{i}" for i, (p, _) in enumerate(WRONG_TWICE)]
)
async def test_the_state_is_answered_before_the_content(
    client: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    n = await _replied(client, f"state-first-{path}-{abs(hash(str(body))) % 10**8}")
    r = await client.post(f"/api/units/orders/{n}/{path}", json=body, headers=ZJ)
    assert r.status_code == 409, r.text
    assert "已办结反馈" in r.json()["detail"], r.text
    rec = (await client.get(f"/api/centre/orders/{n}", headers=CENTRE)).json()
    assert rec["state"] == "replied"


async def test_a_state_that_takes_it_still_checks_the_content(client: httpx.AsyncClient) -> None:
    """The order of the answers, not the checks themselves, changed: from 已签收 a return
    without materials is 422 and changes nothing; with them it is taken."""
    n = await new_order(client, "state-first-ok")
    u = f"/api/units/orders/{n}"
    assert (await client.post(f"{u}/sign", headers=ZJ)).status_code == 200
    bare = await client.post(f"{u}/return", json={"reason": "不属于本单位职责"}, headers=ZJ)
    assert bare.status_code == 422, bare.text
    assert "证明材料" in bare.json()["detail"]
    rec = (await client.get(f"/api/centre/orders/{n}", headers=CENTRE)).json()
    assert rec["state"] == "signed"
    ok = await client.post(
        f"{u}/return", json={"reason": "不属于本单位职责", "materials": MATERIALS}, headers=ZJ
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["state"] == "returned"
