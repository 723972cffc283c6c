"""trial8 through Open311's public GET: names in every form (F03), two phones side by
side (F04), the right-to-left override (F17) and the place (F22), each as the trial
posted it, read back by anyone."""

from __future__ import annotations

import httpx
import pytest

from .test_open311 import BASE, client, street_light

__all__ = ["client"]  # the fixture, shared with test_open311


async def _public(client: httpx.AsyncClient, description: str) -> str:
    r = await client.post(
        f"{BASE}/requests.json",
        data=street_light(description=description, address_string="牡丹区西城街道", phone=""),
    )
    assert r.status_code == 201, r.text
    number = r.json()[0]["service_request_id"]
    got = (await client.get(f"{BASE}/requests/{number}.json")).json()[0]
    return str(got["description"])


@pytest.mark.parametrize(
    ("description", "hidden", "kept"),
    [
        (
            "路灯坏了 俺闺女叫李小花 在实验小学上学 我叫王.秀.英 物业经理叫孙大海",
            ("花", "秀", "英", "大海"),
            ("俺闺女叫李", "我叫王", "物业经理叫孙"),
        ),
        (
            "\u202e路灯坏了 电话138-5300-1234 13953002222 谢谢\u200b",
            ("\u202e", "\u200b", "5300"),
            ("138****1234 139****2222 谢谢",),
        ),
        (
            "路灯坏了 住址牡丹区西城街道阳光小区3号楼2单元301",
            ("阳光", "301"),
            ("牡丹区西城街道**小区*号楼*单元",),
        ),
    ],
)
async def test_the_public_answer_shows_the_trials_texts_masked(
    client: httpx.AsyncClient, description: str, hidden: tuple[str, ...], kept: tuple[str, ...]
) -> None:
    public = await _public(client, description)
    for secret in hidden:
        assert secret not in public, public
    for part in kept:
        assert part in public, public
