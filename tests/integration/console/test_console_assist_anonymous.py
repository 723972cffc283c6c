"""The assist panel of a chat whose citizen chose 匿名 with the bot: the draft says so and
no suggested reply asks for the phone again (trial4 F11)."""

from __future__ import annotations

import httpx
import pytest

from config.settings import DATA_DIR
from dialogs.wording import load_wording

from .harness import ADMIN_PASSWORD, Citizen, Live

pytestmark = pytest.mark.integration


def test_an_anonymous_citizen_is_not_asked_for_a_phone_again(live: Live) -> None:
    boss = httpx.Client(base_url=live.base_url, timeout=30)
    login = {"username": "admin", "password": ADMIN_PASSWORD}
    assert boss.post("/api/agent/login", json=login).is_success
    asked = load_wording(DATA_DIR).say("ask_contact", "rich")

    def assist_of(said: list[str]) -> dict[str, object]:
        citizen = Citizen(live)
        for text in said:
            citizen.say(text)
        assert boss.post("/api/agent/claim", json={"key": citizen.key}).status_code == 200
        got = boss.get("/api/assist", params={"key": citizen.key})
        assert got.status_code == 200, got.text
        citizen.close()
        data: dict[str, object] = got.json()
        return data

    appeal = ["我家小区门口的路灯坏了一个多星期，晚上走路很不安全", "牡丹区西城街道阳光小区3号楼"]
    hidden = assist_of([*appeal, "无", "转人工"])
    draft = hidden["draft"]
    assert isinstance(draft, dict)
    assert draft["anonymous"] is True
    replies = hidden["replies"]
    assert isinstance(replies, list)
    assert asked not in replies
    # a citizen who has not said: the suggestion stays
    open_ = assist_of([appeal[0], "转人工"])
    draft = open_["draft"]
    assert isinstance(draft, dict)
    assert draft["anonymous"] is False
    replies = open_["replies"]
    assert isinstance(replies, list)
    assert asked in replies
