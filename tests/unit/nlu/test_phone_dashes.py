"""Trial 7 F05: a phone written with any dash, hyphen, minus, space or dot between its
groups, in ASCII or full-width digits, is read as the phone and masked in every answer."""

from __future__ import annotations

import pytest

from nlu.entities import extract
from nlu.normalize import normalize
from nlu.pii import fold_number_separators, mask_text

# the trial's inputs, then the other dash forms (figure dash, minus, small and two-em
# dashes, non-breaking hyphen, katakana prolonged mark, box-drawing line) and mixed digits
MOBILES = [
    "张建国 １３９–５３００–２２３３",
    "王芳 139–5300–2233",
    "王芳 139—5300—2233",
    "139－5300－2233",
    "139‒5300‒2233",
    "139−5300−2233",
    "１３９‑５３００‑２２３３",
    "139﹘5300﹘2233",
    "139⸺5300⸺2233",
    "139ー5300ー2233",
    "139─5300─2233",
    "139 – 5300 – 2233",
    "１３９－5300—２２３３",
    "139·5300·2233",
    "139．5300．2233",
    "139\u00a05300\u20022233",
    "+86–139–5300–2233",
]
LANDLINES = [
    "0530–5551234",
    "０５３０—５５５１２３４",
    "0530−5551234",
    "0530‒5551234",
    "(0530)－5551234",
    "0530 – 5551234",
]


def _found(text: str, kind: str) -> list[str]:
    return [e.value for e in extract(normalize(text)) if e.type == kind]


@pytest.mark.parametrize("text", MOBILES)
def test_a_mobile_with_any_dash_between_its_groups_is_read_as_the_phone(text: str) -> None:
    assert _found(text, "phone") == ["13953002233"]


@pytest.mark.parametrize("text", MOBILES)
def test_a_mobile_with_any_dash_between_its_groups_is_masked(text: str) -> None:
    for public in (False, True):
        masked = mask_text(text, public=public)
        assert "139****2233" in masked
        assert "5300" not in masked
        assert "５３００" not in masked


@pytest.mark.parametrize("text", LANDLINES)
def test_a_landline_with_any_dash_between_its_groups_is_read_and_masked(text: str) -> None:
    found = _found(text, "landline")
    assert len(found) == 1
    assert "".join(c for c in found[0] if c.isdigit()) == "05305551234"
    masked = mask_text(text, public=True)
    assert "555" not in masked
    assert "５５５" not in masked


def test_the_phone_is_taken_in_a_sentence_and_the_name_beside_it() -> None:
    ents = extract(normalize("您好，我叫王芳，电话是139—5300—2233，楼下烧烤太吵"))
    assert [e.value for e in ents if e.type == "phone"] == ["13953002233"]
    assert [e.value for e in ents if e.type == "name"] == ["王芳"]


def test_the_separator_normaliser_keeps_lengths_and_prose_dashes() -> None:
    # one character for one, so spans found on the folded text hold for the original
    text = "路灯坏了——已经三天，电话139–5300–2233，2026—12"
    folded = fold_number_separators(text)
    assert len(folded) == len(text)
    assert "坏了——已经" in folded  # a dash between words is prose, left as written
    assert "139-5300-2233" in folded


@pytest.mark.parametrize(
    "text",
    ["价格1–2元", "第3—5页", "2026–12–02上午", "12－3号楼", "温度−5度"],
)
def test_short_numbers_with_dashes_are_no_phone(text: str) -> None:
    ents = extract(normalize(text))
    assert not [e for e in ents if e.type in ("phone", "landline")]
