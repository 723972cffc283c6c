"""trial11 N07 with the project's NLU: a streamed call's draft has the matter only (no
greeting, no self-introduction by place, no name or phone sentence), the address with
its detail, since when as said, and the caller's name for the contact field."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gateway.assist.draft import build_draft
from nlu.engine import NluEngine, load_engine

CALLS = [
    (  # trial11 N07, as recognised
        [
            "喂 恁好 俺是曹县青菏街道的",
            "俺们万福小区门口那个下水道堵了得有一个来月了",
            "污水都漫到路上了 臭得没法走人",
            "俺叫周建华 电话是幺三八五三零零四四六六",
        ],
        "曹县青菏街道万福小区门口",
        "一个来月",
        "周建华",
    ),
    (
        [
            "你好 我是牡丹区西城街道的",
            "我们和平小区北门的路灯坏了有半个来月了",
            "晚上黑咕隆咚的 老人都不敢出门",
            "我叫李秀英 手机一三九五三零零八八一一",
        ],
        "牡丹区西城街道和平小区北门",
        "半个来月",
        "李秀英",
    ),
    (
        [
            "喂 您好",
            "俺是东明县城关街道的 俺们幸福小区东门那块的路灯坏了",
            "坏了得有二十来天了",
            "俺叫孙德福 电话13953001234",
        ],
        "东明县城关街道幸福小区东门",
        "二十来天",
        "孙德福",
    ),
]
GREETINGS = ("喂", "恁好", "你好", "您好")


@pytest.fixture(scope="module")
def nlu() -> NluEngine:
    return load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))


@pytest.mark.parametrize(("segments", "address", "since", "name"), CALLS)
def test_the_draft_of_a_call_is_the_matter_its_place_time_and_caller(
    nlu: NluEngine, segments: list[str], address: str, since: str, name: str
) -> None:
    draft = build_draft(nlu, segments)
    assert not draft.matter.startswith(GREETINGS), draft.matter
    assert "街道的" not in draft.matter  # 俺是曹县青菏街道的: who calls, not what
    assert name not in draft.matter
    assert "电话" not in draft.matter
    assert "手机" not in draft.matter
    assert "1395300" not in draft.matter
    assert "幺三" not in draft.matter
    assert draft.matter  # what happened is all there
    assert draft.address == address
    assert draft.since == since
    assert draft.name == name
    assert draft.phone is not None
    assert draft.category_level1 is not None


def test_a_chat_draft_shows_the_name_masked(nlu: NluEngine) -> None:
    draft = build_draft(nlu, CALLS[0][0])
    data = draft.as_json(reveal_phone=False)
    assert data["name"] == "周**"
    assert draft.as_json()["name"] == "周建华"  # on the call: the agent heard it
