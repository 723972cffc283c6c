"""trial16 kinds of entities through the shipped model: a building part and a named school
stay in the address; a past date's state (过期了半年) is no start time, 坏了半年 still is."""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine


def _values(engine: EmbeddedEngine, text: str, kind: str) -> list[str]:
    return [e.value for e in engine.parse(text).entities if e.type == kind]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("牡丹区和平小区地下车库漏水", "牡丹区和平小区地下车库"),
        ("曹县第二中学初中部乱收费", "曹县第二中学初中部"),
    ],
)
def test_the_part_or_institution_stays_in_the_address(
    engine: EmbeddedEngine, text: str, address: str
) -> None:
    assert address in _values(engine, text, "address")


@pytest.mark.parametrize(
    "text", ["小区灭火器过期了半年了 也没人换", "楼道里的灭火器都过了保质期两年了"]
)
def test_an_expiry_is_no_start(engine: EmbeddedEngine, text: str) -> None:
    assert _values(engine, text, "since") == []


@pytest.mark.parametrize("text", ["路灯坏了半年了", "灭火器过期了 楼道灯也坏了三个月了"])
def test_a_duration_of_the_matter_still_is(engine: EmbeddedEngine, text: str) -> None:
    assert _values(engine, text, "since")
