"""trial11 N16: the public view (Open311 GET) at its edges of state and masking.

* ``status`` was ``closed`` (``status_notes`` 已办结反馈) while the centre was still in
  回访 after the citizen's unsatisfied evaluation: an order is ``open`` until it is over
  (closed, terminated, merged); GeoReport's ``status_notes`` carries the detail.
* 「一楼都返水了」 was shown as 「*楼都返水了」: a floor said in Chinese numerals is no
  house number.
* 「联系人写王建设」 was shown as 「联系人写**设」 (the last character of the name shown):
  a name after 联系人 and the word for filling the field in is masked as any name (王**).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from casebridge.cases import Actor
from nlu.pii import mask_text

from .conftest import Env, draft
from .test_open311 import BASE, client, make_app, street_light

__all__ = ["client", "make_app"]

pytestmark = pytest.mark.integration

ZJ = Actor.unit("CX-ZJ")


async def _public(client: httpx.AsyncClient, number: str) -> dict[str, Any]:
    r = await client.get(f"{BASE}/requests/{number}.json")
    assert r.status_code == 200, r.text
    return dict(r.json()[0])


async def _listed(client: httpx.AsyncClient, number: str, status: str) -> bool:
    r = await client.get(f"{BASE}/requests.json", params={"status": status})
    return number in [x["service_request_id"] for x in r.json()]


async def test_an_order_is_open_until_it_is_closed(client: httpx.AsyncClient, env: Env) -> None:
    n = (await env.cases.open_work_order(draft("n16-state"))).number
    await env.cases.sign(n, ZJ)
    await env.cases.reply(n, ZJ, text="已清理")
    replied = await _public(client, n)
    assert (replied["status"], replied["status_notes"]) == ("open", "已办结反馈")
    # the citizen unsatisfied: the centre's 回访 goes on, the order is still open
    assert await env.cases.record_evaluation(
        n, "unsatisfied", "他们就来了一趟 又摆上了", "wechat", "openid-n16-state"
    )
    callback = await _public(client, n)
    assert callback["status"] == "open", callback
    assert callback["status_notes"] != "已办结反馈"
    assert await _listed(client, n, "open")
    assert not await _listed(client, n, "closed")


async def test_a_closed_order_is_closed(client: httpx.AsyncClient, env: Env) -> None:
    n = (await env.cases.open_work_order(draft("n16-closed"))).number
    await env.cases.sign(n, ZJ)
    await env.cases.reply(n, ZJ, text="已修复")
    assert await env.cases.record_evaluation(n, "satisfied", None, "wechat", "openid-n16-closed")
    done = await _public(client, n)
    assert done["status"] == "closed", done
    assert await _listed(client, n, "closed")
    assert not await _listed(client, n, "open")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("俺们小区的下水道堵了好几天了 一楼都返水了 臭得没法待", "一楼都返水了"),
        ("单元门口的下水道冒水 二楼三楼都是味", "二楼三楼都是味"),
        ("五层楼道的灯坏了半个月了", "五层楼道"),
        ("十二楼往下扔垃圾 砸坏了车", "十二楼往下扔垃圾"),
    ],
)
def test_a_floor_in_chinese_numerals_is_kept(text: str, kept: str) -> None:
    assert kept in mask_text(text, public=True)


@pytest.mark.parametrize(
    ("text", "masked"),
    [("住在三号楼二单元", "住在*号楼*单元"), ("家住长江路88号5楼", "家住长江路**号*楼")],
)
def test_house_building_and_unit_numbers_still_masked(text: str, masked: str) -> None:
    assert mask_text(text, public=True) == masked


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("路灯坏了 联系人写王建设", "路灯坏了 联系人写王**"),
        ("井盖丢了 联系人填李秀英 电话找她", "井盖丢了 联系人填李** 电话找她"),
        ("垃圾没人清 联系人是张秀兰", "垃圾没人清 联系人是张**"),
        ("占道经营 联系人写成马桂英了", "占道经营 联系人写成马**了"),
        ("路灯坏了 联系人孙德福", "路灯坏了 联系人孙**"),
    ],
)
def test_a_name_after_the_contact_field_is_masked_alike(text: str, shown: str) -> None:
    assert mask_text(text, public=True) == shown
    # masked twice (the order store, then the public page): no more and no less
    assert mask_text(shown, public=True) == shown


@pytest.mark.parametrize("text", ["联系人写清楚了", "联系人是谁", "姓名是必填的"])
def test_words_after_the_contact_field_that_name_nobody_stay(text: str) -> None:
    assert mask_text(text, public=True) == text


async def test_open311_description_masks_the_written_contact(client: httpx.AsyncClient) -> None:
    form = street_light(
        description="牡丹区西城街道路灯坏了 联系人写王建设 一楼门口最黑",
        first_name="",
        last_name="",
        phone="",
    )
    r = await client.post(f"{BASE}/requests.json", data=form)
    assert r.status_code in (200, 201), r.text
    number = r.json()[0]["service_request_id"]
    shown = (await _public(client, number))["description"]
    assert "联系人写王**" in shown, shown
    assert "建设" not in shown
    assert "一楼门口" in shown


async def test_the_recorded_name_is_masked_as_a_name(client: httpx.AsyncClient, env: Env) -> None:
    text = "楼道灯坏了，联系人孙德福，请尽快处理。"
    n = (
        await env.cases.open_work_order(draft("n16-name", text=text, contact_name="孙德福"))
    ).number
    shown = (await _public(client, n))["description"]
    assert "联系人孙**" in shown, shown
    assert "德福" not in shown
