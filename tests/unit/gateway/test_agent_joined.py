"""The greeting on claiming a conversation says the matter was seen when the queue
summary holds it (trial12 P22), else asks what it is about."""

from __future__ import annotations

import pytest

from config.settings import DATA_DIR
from dialogs.wording import load_wording
from gateway.routers.agent import joined_key


@pytest.mark.parametrize(
    "summary",
    [
        "环节：受理诉求；诉求：俺们小区门口的路灯坏了；地点：牡丹区",
        "环节：政策咨询；咨询：身份证丢了咋补办",
        "环节：空闲；相关工单：HZ20261203-000001",
    ],
)
def test_a_summary_with_what_was_told_gets_the_seen_greeting(summary: str) -> None:
    key = joined_key(summary)
    assert key == "agent_joined_told"
    said = load_wording(DATA_DIR).say(key, "rich")
    assert "已看到" in said
    assert "有什么可以帮您" not in said


@pytest.mark.parametrize("summary", [None, "", "环节：空闲；最近留言：转人工"])
def test_nothing_told_gets_the_plain_greeting(summary: str | None) -> None:
    assert joined_key(summary) == "agent_joined"
