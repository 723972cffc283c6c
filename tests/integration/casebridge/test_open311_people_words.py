"""Trial 7 F06 through Open311: a person named after a people word (住户, 租户, 房东 …)
is masked in the public GET answer; the people word stays."""

from __future__ import annotations

import httpx
import pytest

from .test_open311 import BASE, client, street_light

__all__ = ["client"]  # the fixture, shared with test_open311


@pytest.mark.parametrize(
    ("text", "secrets", "kept"),
    [
        (
            "楼上住户孙小美家每晚噪音扰民，住户孙小美电话１３９ ５３００ ４４５５",
            ("小美", "5300"),
            "楼上住户孙",
        ),
        ("隔壁租户王大力在楼道堆放杂物，房东周桂芳不管", ("大力", "桂芳"), "隔壁租户王"),
    ],
)
async def test_the_public_answer_masks_a_name_after_a_people_word(
    client: httpx.AsyncClient, text: str, secrets: tuple[str, ...], kept: str
) -> None:
    r = await client.post(
        f"{BASE}/requests.json",
        data=street_light(description=text, address_string="牡丹区西城街道", phone=""),
    )
    assert r.status_code == 201, r.text
    number = r.json()[0]["service_request_id"]
    public = (await client.get(f"{BASE}/requests/{number}.json")).json()[0]["description"]
    for secret in secrets:
        assert secret not in public, public
    assert kept in public
