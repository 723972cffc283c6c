"""The handling-unit API at its edges (trial 6): texts that say nothing, another unit's
order answered as an unknown one, and a centre's 督办 that ends with its order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from casebridge.inputs import has_words
from config.settings import Settings
from gateway.routers import centre, feed, units

from .conftest import SECRET, Env
from .http_api import CENTRE, MATERIALS, api_client, new_order, unit_headers

pytestmark = pytest.mark.integration

CONFIG = Path("config/data").resolve()


ZJ, GA = unit_headers("CX-ZJ"), unit_headers("CX-GA")

#: Texts without a word: punctuation, whitespace, emoji and emoticon codes, alone or mixed.
WORDLESS = [
    "。。。",
    "……",
    "   ",
    "[微笑]",
    "！！！？？",
    "\u3000\u3000",
    "😊👍",
    "[doge][赞]",
    "……[微笑]。",
    ":smile:",
    "- - -",
    "(*^▽^*)",
]


@pytest.fixture
async def client(env: Env) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(
        env,
        [units.router, centre.router, feed.router],
        Settings(secret_key=SECRET, centre_config_dir=CONFIG),
    ) as c:
        yield c


async def post(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], body: Any = None
) -> dict[str, Any]:
    r = await client.post(path, json=body, headers=headers)
    assert r.status_code in (200, 201), r.text
    return dict(r.json()) if r.content else {}


async def state_of(client: httpx.AsyncClient, number: str) -> tuple[str, int, str | None]:
    rec = (await client.get(f"/api/centre/orders/{number}", headers=CENTRE)).json()
    return rec["state"], rec["version"], rec.get("reply_text")


# -- F01: a reply (or reason, report, answer) with no words ------------------------------
@pytest.mark.parametrize("text", WORDLESS)
def test_texts_without_words_say_nothing(text: str) -> None:
    assert not has_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "已修复",
        "已修复[微笑]",
        "OK",
        "1号楼已修好。",
        "已处理 👍",
        "Ｆｉｘｅｄ",
        "[已于3日修复路灯]",
    ],
)
def test_texts_with_a_word_are_texts(text: str) -> None:
    assert has_words(text)


async def test_a_reply_without_words_is_refused_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    n = await new_order(client, "wordless-reply")
    u = f"/api/units/orders/{n}"
    await post(client, f"{u}/sign", ZJ)
    before = await state_of(client, n)
    for text in WORDLESS:
        r = await client.post(f"{u}/reply", json={"text": text}, headers=ZJ)
        assert r.status_code == 422, (text, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert "办理结果" in r.json()["detail"]
        assert await state_of(client, n) == before
    rec = await post(client, f"{u}/reply", ZJ, {"text": "已修复[微笑]"})
    assert rec["state"] == "replied"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("return", {"reason": "。。。", "materials": MATERIALS}),
        ("extend", {"reason": "……", "stage_report": "已勘查", "working_days": 3}),
        ("extend", {"reason": "需招标", "stage_report": "[微笑]", "working_days": 3}),
        ("terminate", {"ground": "unlawful_demand", "reason": "   。", "materials": MATERIALS}),
        ("dispute", {"reason": "？？？"}),
    ],
)
async def test_every_reason_a_unit_writes_needs_words(
    client: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    n = await new_order(client, f"wordless-{path}-{len(str(body))}")
    u = f"/api/units/orders/{n}"
    await post(client, f"{u}/sign", ZJ)
    before = await state_of(client, n)
    r = await client.post(f"{u}/{path}", json=body, headers=ZJ)
    assert r.status_code == 422, r.text
    assert "文字内容" in r.json()["detail"]
    assert await state_of(client, n) == before


# -- F03: another unit's order is not found, like a number that does not exist ----------
async def test_another_units_order_is_answered_as_not_found(client: httpx.AsyncClient) -> None:
    n = await new_order(client, "other-unit")
    missing = n[:-6] + ("999999" if not n.endswith("999999") else "999998")
    for number in (n, n.lower()):
        for method, path, body in [
            ("GET", "", None),
            ("GET", "/events", None),
            ("POST", "/sign", None),
            ("POST", "/reply", {"text": "已修复"}),
        ]:
            answers = []
            for which in (number, missing if number == n else missing.lower()):
                r = await client.request(
                    method, f"/api/units/orders/{which}{path}", json=body, headers=GA
                )
                doc = r.json()
                answers.append((r.status_code, doc["title"], doc["code"], doc["detail"]))
            assert answers[0][0] == 404, answers
            # the same answer but for the number itself: nothing tells the two apart
            assert answers[0][:3] == answers[1][:3]
            assert answers[0][3].replace(n, "N") == answers[1][3].replace(missing, "N")
    assert (await state_of(client, n))[0] == "dispatched"
    ok = await client.get(f"/api/units/orders/{n}", headers=ZJ)
    assert ok.status_code == 200


async def test_a_unit_answers_only_its_own_supervision_and_another_is_not_found(
    client: httpx.AsyncClient,
) -> None:
    n = await new_order(client, "sup-other")
    await post(
        client, f"/api/centre/orders/{n}/supervise", CENTRE, {"ground": "other", "method": "phone"}
    )
    sid = (await client.get("/api/units/supervisions", headers=ZJ)).json()[0]["id"]
    theirs = await client.post(
        f"/api/units/supervisions/{sid}/response", json={"text": "非本单位"}, headers=GA
    )
    nowhere = await client.post(
        f"/api/units/supervisions/{sid + 1000}/response", json={"text": "非本单位"}, headers=GA
    )
    assert theirs.status_code == nowhere.status_code == 404
    assert theirs.json()["detail"] == nowhere.json()["detail"]
    wordless = await client.post(
        f"/api/units/supervisions/{sid}/response", json={"text": "。。。"}, headers=ZJ
    )
    assert wordless.status_code == 422
    ok = await client.post(
        f"/api/units/supervisions/{sid}/response", json={"text": "已安排整改"}, headers=ZJ
    )
    assert ok.status_code == 201


# -- F05: a centre's 督办 ends with its order ---------------------------------------------
async def supervisions(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    r = await client.get("/api/units/supervisions?include_closed=true", headers=ZJ)
    assert r.status_code == 200, r.text
    return list(r.json())


async def test_a_supervision_is_closed_when_its_order_is(client: httpx.AsyncClient) -> None:
    n = await new_order(client, "sup-close")
    u, c = f"/api/units/orders/{n}", f"/api/centre/orders/{n}"
    await post(client, f"{c}/supervise", CENTRE, {"ground": "overdue", "method": "writing"})
    await post(client, f"{u}/sign", ZJ)
    (sup,) = [s for s in await supervisions(client) if s["order_number"] == n]
    assert sup["closed_at"] is None
    assert sup["opened_at"] is not None
    open_now = (await client.get("/api/units/supervisions", headers=ZJ)).json()
    assert n in [s["order_number"] for s in open_now]
    await post(client, f"{u}/reply", ZJ, {"text": "已修复"})
    await post(client, f"{c}/callback/start", CENTRE)
    rec = await post(client, f"{c}/callback", CENTRE, {"satisfaction": "satisfied"})
    assert rec["state"] == "closed"
    (sup,) = [s for s in await supervisions(client) if s["order_number"] == n]
    assert sup["closed_at"] is not None
    assert sup["closed_at"] >= sup["opened_at"]
    open_now = (await client.get("/api/units/supervisions", headers=ZJ)).json()
    assert n not in [s["order_number"] for s in open_now]


async def test_a_supervision_of_an_order_still_in_hand_stays_open(
    client: httpx.AsyncClient,
) -> None:
    n = await new_order(client, "sup-open")
    u, c = f"/api/units/orders/{n}", f"/api/centre/orders/{n}"
    await post(client, f"{c}/supervise", CENTRE, {"ground": "overdue", "method": "phone"})
    await post(client, f"{u}/sign", ZJ)
    await post(client, f"{u}/contact", ZJ, {"method": "phone", "note": "已联系"})
    await post(
        client, f"{u}/extend", ZJ, {"reason": "需招标", "stage_report": "已勘查", "working_days": 3}
    )
    (sup,) = [s for s in await supervisions(client) if s["order_number"] == n]
    assert sup["closed_at"] is None
