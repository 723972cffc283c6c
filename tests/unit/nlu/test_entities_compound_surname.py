"""trial9 F15: a name with a two-character surname (复姓: 欧阳, 司马, 诸葛 ...) typed with
spaces (欧阳 小 梅 13953001122) or written together beside a phone is the whole name; only
the last character was kept (contact 「梅」)."""

from __future__ import annotations

import pytest

from nlu.entities import extract
from nlu.normalize import normalize


def _names(text: str) -> list[tuple[str, str, bool]]:
    return [
        (e.value, e.masked, e.surname_only) for e in extract(normalize(text)) if e.type == "name"
    ]


@pytest.mark.parametrize(
    ("text", "name", "masked"),
    [
        ("欧阳 小 梅 13953001122", "欧阳小梅", "欧阳**"),  # the trial's message
        ("司马 光 明", "司马光明", "司马**"),
        ("诸葛　亮　亮 13853001234", "诸葛亮亮", "诸葛**"),  # full-width spaces
        ("上官 婉 儿，13853001234", "上官婉儿", "上官**"),
        ("令狐 冲 13853001234", "令狐冲", "令狐*"),
        ("慕容 雪", "慕容雪", "慕容*"),
        ("皇甫 玉 兰 １３９ ５３００ ５５６６", "皇甫玉兰", "皇甫**"),
        ("欧阳 小梅 13953001122", "欧阳小梅", "欧阳**"),
        ("东方小红 13853001234", "东方小红", "东方**"),
        ("13853001234 司马建国", "司马建国", "司马**"),
        ("我叫欧阳 小 梅", "欧阳小梅", "欧阳**"),
        ("我叫诸葛建华", "诸葛建华", "诸葛**"),
        ("联系人 公孙 伟", "公孙伟", "公孙*"),
    ],
)
def test_a_compound_surname_keeps_the_whole_name(text: str, name: str, masked: str) -> None:
    assert _names(text) == [(name, masked, False)]


def test_a_compound_surname_alone_is_a_surname() -> None:
    assert _names("欧阳 13953001122") == [("欧阳", "欧阳", True)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("王 强", "王强"),
        ("孙 立 新 １３９ ５３００ ６６７８", "孙立新"),
        ("刘　德　胜 １３９ ５３００ ５５６６", "刘德胜"),
    ],
)
def test_a_one_character_surname_spaced_still_reads(text: str, name: str) -> None:
    assert [n for n, _, _ in _names(text)] == [name]


@pytest.mark.parametrize(("text", "surname"), [("我姓欧阳", "欧阳"), ("免贵姓司马", "司马")])
def test_a_compound_surname_said_alone(text: str, surname: str) -> None:
    assert _names(text) == [(surname, surname, True)]
