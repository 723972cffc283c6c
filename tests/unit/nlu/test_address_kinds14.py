"""Where an address ends (issue 11 "Places", addr14 kinds): spaces between levels, the
matter's predicate, words that only look like a place's suffix.

Tables of (input, county, township, detail), wordings written for this round:

* a space after a county or township, or between two parts of a place, does not end the
  address; a space after a place before a clause (the matter's subject and predicate)
  does, so the subject of the matter is not taken as the place;
* the detail ends where a predicate starts (a verb, an adjective or adverb of state, a
  reduplicated state), read from the words' parts of speech, not from a word list;
* a one-character suffix that is the object of a verb (开门) is no door, and a place found
  by its suffix does not start with the function words before it (为什么, 因为, 关于).
"""

from __future__ import annotations

import pytest

from nlu.address import parse_address
from nlu.entities import extract
from tests.unit.nlu.places import PLACE, assert_found_and_spanned, levels, spanned

# (message, county, township, detail): find_address and the span of address_span
SPACES = [
    ("单县 人民医院门口有人摆摊卖菜", "单县", None, "人民医院门口"),
    ("曹县 青菏街道 和平小区南门天天有人烧垃圾", "曹县", "青菏街道", "和平小区南门"),
    ("成武县 文亭街道 伯乐大街 东头下水道堵了", "成武县", "文亭街道", "伯乐大街东头"),
    ("巨野县永丰街道 万隆广场 地下停车场", "巨野县", "永丰街道", "万隆广场地下停车场"),
    ("定陶区滨河街道金秋小区 楼下饭馆油烟太大", "定陶区", "滨河街道", "金秋小区"),
    # 楼下 alone is where: it goes on with the estate (烧烤店 is no site word of the parser)
    ("定陶区滨河街道金秋小区 楼下烧烤店油烟太大", "定陶区", "滨河街道", "金秋小区楼下"),
    ("单县北城街道锦绣花园 门口小饭馆天天噪音扰民", "单县", "北城街道", "锦绣花园"),
]


@pytest.mark.parametrize(PLACE, SPACES)
def test_a_space_ends_the_address_only_before_the_matter(
    text: str, county: str, township: str | None, detail: str
) -> None:
    assert_found_and_spanned(text, county, township, detail)


# (answer, county, township, detail): an answer to "where?" that goes on into the matter
ANSWERS = [
    ("东明县城关镇幸福路坑坑洼洼的", "东明县", "城关街道", "幸福路"),
    ("郓城县黄安镇建设路上全是坑", "郓城县", "黄安镇", "建设路"),
    ("巨野县永丰街道华润超市卖过期食品", "巨野县", "永丰街道", "华润超市"),
    ("鄄城县古泉街道金色家园门口乱糟糟的", "鄄城县", "古泉街道", "金色家园门口"),
    ("成武县文亭街道永昌路西头堆满建筑垃圾", "成武县", "文亭街道", "永昌路西头"),
    ("单县 北城街道 锦绣花园 对过", "单县", "北城街道", "锦绣花园对过"),  # 对过: a place
    ("曹县青菏街道 老粮所北边", "曹县", "青菏街道", "老粮所北边"),  # 老: part of a name
]


@pytest.mark.parametrize(PLACE, ANSWERS)
def test_an_answer_detail_ends_where_the_predicate_starts(
    text: str, county: str, township: str | None, detail: str
) -> None:
    assert levels(parse_address(text)) == (county, township, detail)


def test_a_space_before_a_clause_ends_the_answer() -> None:
    found = parse_address("恒泰小区 楼下饭店油烟太大")
    assert found.detail == "恒泰小区"
    assert parse_address("万隆广场 地下停车场").detail == "万隆广场地下停车场"


# (message, span): a suffix that is no place, a start that is no name
SPANS = [
    ("单县人民医院门口等待开门的人太多了", "单县人民医院门口"),
    ("郓城县黄安镇卫生院门口排队进门要一个小时", "郓城县黄安镇卫生院门口"),
    ("为什么农村大药房还在卖过期的药", "农村大药房"),
    ("因为幸福路修了半年还没修好", "幸福路"),
]


@pytest.mark.parametrize(("text", "span"), SPANS)
def test_the_span_takes_no_verb_and_no_function_word(text: str, span: str) -> None:
    assert spanned(text) == span


def test_spaced_address_is_one_entity() -> None:
    values = [
        e.value for e in extract("曹县 青菏街道 和平小区南门有人占道经营") if e.type == "address"
    ]
    assert values
    assert "".join(values[0].split()) == "曹县青菏街道和平小区南门"


# (message, county, township, detail): a line break ends a place, not a level
LINES = [
    ("郓城县黄安镇幸福小区\n隔壁饭店油烟大", "郓城县", "黄安镇", "幸福小区"),
    ("曹县\n青菏街道和平小区南门有人占道", "曹县", "青菏街道", "和平小区南门"),
]


@pytest.mark.parametrize(PLACE, LINES)
def test_a_line_break_ends_the_place_not_the_levels(
    text: str, county: str, township: str | None, detail: str
) -> None:
    assert_found_and_spanned(text, county, township, detail)
