"""Development table of Heze addresses (addr8, issue 11 "Places"), tuned on.

Rows (input, county, township, detail) as citizens answer "请问在哪里？": estates, shops and
sites with names, landmarks, intersections, position words, lead words and fillers,
townships alone, villages (X村/X庄/X楼), the development zones. ``detail`` is the
citizen's words below the township (village + detail of the parse), "" when none; it never
repeats a level and never keeps a lead word. The held-out twin is
test_address_table8_heldout.py (never tuned on).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.address import Gazetteer, address_span, find_address, parse_address
from nlu.errors import TrainingDataError
from tests.unit.nlu.address_rows import row_right
from tests.unit.nlu.places import four_levels

ZONE = "菏泽经济技术开发区"
HIGH = "菏泽高新技术产业开发区"

# (input, county, township, detail)
TABLE: list[tuple[str, str | None, str | None, str]] = [
    # estates, shops and sites with names
    ("牡丹区北城街道金色阳光小区12号楼", "牡丹区", "北城街道", "金色阳光小区12号楼"),
    ("俺家住在牡丹区南城街道桂陵花园2单元", "牡丹区", "南城街道", "桂陵花园2单元"),
    ("曹县曹城街道普连集路幸福家园门口", "曹县", "曹城街道", "普连集路幸福家园门口"),
    ("单县北城街道舜师路东方城8号楼", "单县", "北城街道", "舜师路东方城8号楼"),
    ("郓城县唐塔街道水浒广场西侧", "郓城县", "唐塔街道", "水浒广场西侧"),
    ("巨野县永丰街道银座超市后面", "巨野县", "永丰街道", "银座超市后面"),
    ("鄄城县古泉街道建材市场南头", "鄄城县", "古泉街道", "建材市场南头"),
    ("定陶区滨河街道兴华路的一个工地", "定陶区", "滨河街道", "兴华路的一个工地"),
    ("东明县渔沃街道盛世华庭3号楼", "东明县", "渔沃街道", "盛世华庭3号楼"),
    ("成武县永昌街道文亭湖小区东门对面", "成武县", "永昌街道", "文亭湖小区东门对面"),
    ("牡丹区丹阳街道银座商城北门", "牡丹区", "丹阳街道", "银座商城北门"),
    ("牡丹区东城街道 和谐家园 6号楼西边", "牡丹区", "东城街道", "和谐家园6号楼西边"),
    ("牡丹区西城街道碧桂园凤凰城二期", "牡丹区", "西城街道", "碧桂园凤凰城二期"),
    ("曹县磐石街道青年路大润发超市门口", "曹县", "磐石街道", "青年路大润发超市门口"),
    ("牡丹区岳程街道洗车店旁边", "牡丹区", "岳程街道", "洗车店旁边"),
    # landmarks
    ("菏泽一中南门", "牡丹区", None, "菏泽一中南门"),
    ("天香公园北门", "牡丹区", None, "天香公园北门"),
    ("菏泽火车站出站口", "牡丹区", None, "菏泽火车站出站口"),
    ("菏泽医学专科学校东门对面", "牡丹区", None, "菏泽医学专科学校东门对面"),
    ("中国牡丹园停车场", "牡丹区", None, "中国牡丹园停车场"),
    ("浮龙湖景区门口", "单县", None, "浮龙湖景区门口"),
    ("水浒好汉城东边", "郓城县", None, "水浒好汉城东边"),
    ("曹县 县医院 住院部", "曹县", None, "县医院住院部"),
    ("巨野县人民医院西边的小吃街", "巨野县", None, "人民医院西边的小吃街"),
    ("定陶区 第一实验小学 门口", "定陶区", None, "第一实验小学门口"),
    ("成武县汽车站对面", "成武县", None, "汽车站对面"),
    ("在菏泽市立医院", "牡丹区", None, "菏泽市立医院"),
    ("牡丹区 菏泽学院 北门", "牡丹区", None, "菏泽学院北门"),
    # intersections
    ("和平路与太原路交叉口", None, None, "和平路与太原路交叉口"),
    ("牡丹区人民路和昆明路路口西北角", "牡丹区", None, "人民路和昆明路路口西北角"),
    ("地址在单县舜师路与湖西路十字路口", "单县", None, "舜师路与湖西路十字路口"),
    ("曹县青年路和五一路交叉口往东100米", "曹县", None, "青年路和五一路交叉口往东100米"),
    ("山东省菏泽市牡丹区长江路与华英路交叉口", "牡丹区", None, "长江路与华英路交叉口"),
    ("菏泽市郓城县金河路和胜利街交汇处", "郓城县", None, "金河路和胜利街交汇处"),
    # lead words and fillers
    ("详细地址是牡丹区西城街道康庄社区", "牡丹区", "西城街道", "康庄社区"),
    ("事发地点在东明县城关街道", "东明县", "城关街道", ""),
    ("就在曹县倪集街道那边", "曹县", "倪集街道", ""),
    ("俺家在定陶区天中街道", "定陶区", "天中街道", ""),
    ("位置是牡丹区黄河路", "牡丹区", None, "黄河路"),
    ("我在单县 园艺街道 园艺社区", "单县", "园艺街道", "园艺社区"),
    ("正确的地址是巨野县凤凰街道", "巨野县", "凤凰街道", ""),
    # townships and streets alone
    ("沙土镇", "牡丹区", "沙土镇", ""),
    ("王浩屯镇", "牡丹区", "王浩屯镇", ""),
    ("砖庙镇", "曹县", "砖庙镇", ""),
    ("在黄安镇", "郓城县", "黄安镇", ""),
    ("俺家在冉堌镇", "定陶区", "冉堌镇", ""),
    ("地址是董口镇", "鄄城县", "董口镇", ""),
    ("就在菜园集镇", "东明县", "菜园集镇", ""),
    ("天宫庙镇", "成武县", "天宫庙镇", ""),
    ("田庄镇", "巨野县", "田庄镇", ""),
    ("唐塔街道", "郓城县", "唐塔街道", ""),
    # villages
    ("曹县青堌集镇范庄村", "曹县", "青堌集镇", "范庄村"),
    ("俺家是鄄城县旧城镇李庄的", "鄄城县", "旧城镇", "李庄"),
    ("定陶区黄店镇王楼", "定陶区", "黄店镇", "王楼"),
    ("单县徐寨镇丁楼村北头", "单县", "徐寨镇", "丁楼村北头"),
    ("郓城县黄集镇赵庄村东边的桥", "郓城县", "黄集镇", "赵庄村东边的桥"),
    ("东明县大屯镇大屯村小学门口", "东明县", "大屯镇", "大屯村小学门口"),
    ("牡丹区高庄镇孙庄", "牡丹区", "高庄镇", "孙庄"),
    ("成武县大田集镇郜庄村村委会对面", "成武县", "大田集镇", "郜庄村村委会对面"),
    ("巨野县田庄镇张楼村南200米", "巨野县", "田庄镇", "张楼村南200米"),
    # development zones
    ("开发区 长江路 奥林匹克花园", ZONE, None, "长江路奥林匹克花园"),
    ("经开区 中华东路 南侧 厂房", ZONE, None, "中华东路南侧厂房"),
    ("在菏泽经济开发区香江国际广场", ZONE, None, "香江国际广场"),
    ("高新区 兰州路 电商园 北门", HIGH, None, "兰州路电商园北门"),
    ("地址是高新区万福街道汽车站", HIGH, "万福街道", "汽车站"),
    ("菏泽高新区 吕陵镇", HIGH, "吕陵镇", ""),
    # a level written twice, commas between levels, the county seat, township names that
    # begin with the county's short name
    ("牡丹区牡丹区西城街道和平小区", "牡丹区", "西城街道", "和平小区"),
    ("曹县 曹县磐石街道 锦江花园", "曹县", "磐石街道", "锦江花园"),
    ("单县北城街道北城街道舜师路", "单县", "北城街道", "舜师路"),
    ("菏泽市牡丹区菏泽市牡丹区中华路", "牡丹区", None, "中华路"),
    ("地址：牡丹区，西城街道，和平小区，南门", "牡丹区", "西城街道", "和平小区南门"),
    ("定陶区、天中街道、陶驿路", "定陶区", "天中街道", "陶驿路"),
    ("巨野县城 永丰街道", "巨野县", "永丰街道", ""),
    ("鄄城县城里 古泉街道 人民路", "鄄城县", "古泉街道", "人民路"),
    ("东明集镇", "东明县", "东明集镇", ""),
    ("东明县东明集镇王寨村", "东明县", "东明集镇", "王寨村"),
    ("我在牡丹区，中华路上", "牡丹区", None, "中华路"),
    # spacing and full width
    ("单县　北城街道　金城花园５号楼", "单县", "北城街道", "金城花园5号楼"),
    ("牡丹区 牡丹街道 曹州社区 3 号楼", "牡丹区", "牡丹街道", "曹州社区3号楼"),
    ("郓城县 郓州街道 ，人民医院北门", "郓城县", "郓州街道", "人民医院北门"),
]


# Addresses inside a message (find_address) and answers that go on into the matter
# (parse_address): the estate, shop or site keeps its whole name, doors, sections,
# distances and position words; the matter is left out.
IN_MESSAGE: list[tuple[str, str | None, str | None, str]] = [
    ("我住在牡丹区东城街道锦绣江南3号楼，楼上天天装修", "牡丹区", "东城街道", "锦绣江南3号楼"),
    ("牡丹区丹阳街道御景湾北门有人占道摆摊", "牡丹区", "丹阳街道", "御景湾北门"),
    ("单县园艺街道中央华府二期工地晚上十点还在打桩", "单县", "园艺街道", "中央华府二期工地"),
    ("单县南城街道的中央公馆工地夜里施工", "单县", "南城街道", "中央公馆工地"),
    ("郓城县郓州街道万福河畔小区停水三天了", "郓城县", "郓州街道", "万福河畔小区"),
    ("巨野县凤凰街道新华书店门口井盖丢了", "巨野县", "凤凰街道", "新华书店门口"),
    ("东明县城关街道黄河大酒店后面的小饭馆油烟扰民", "东明县", "城关街道", "黄河大酒店后面"),
    ("牡丹区北城街道丹阳路北段的化工厂气味很大", "牡丹区", "北城街道", "丹阳路北段"),
    ("牡丹区沙土镇沙土集上有人卖假药", "牡丹区", "沙土镇", "沙土集"),
    ("牡丹区西城街道中达驾校天天有人练车到半夜", "牡丹区", "西城街道", "中达驾校"),
    ("牡丹区岳程街道天华电商物流园里面大车扰民", "牡丹区", "岳程街道", "天华电商物流园里面"),
    ("曹县普连集镇普连集村村北的砖厂冒黑烟", "曹县", "普连集镇", "普连集村村北"),
    (
        "成武县文亭街道伯乐大街农贸市场东侧50米有个坑",
        "成武县",
        "文亭街道",
        "伯乐大街农贸市场东侧50米",
    ),
    (
        "鄄城县陈王街道人民路与鄄州路交叉口东50米红绿灯坏了",
        "鄄城县",
        "陈王街道",
        "人民路与鄄州路交叉口东50米",
    ),
    ("牡丹区 万达广场 地下停车场 收费太贵", "牡丹区", None, "万达广场地下停车场"),
]
ANSWERS_RUNNING_ON: list[tuple[str, str | None, str | None, str]] = [
    ("牡丹区西城街道恒大名都小区楼下饭店油烟大", "牡丹区", "西城街道", "恒大名都小区楼下饭店"),
    ("巨野县永丰街道金山路中段有个坑", "巨野县", "永丰街道", "金山路中段"),
    ("单县南城街道的中央公馆工地夜里施工", "单县", "南城街道", "中央公馆工地"),
    ("定陶区滨河街道开元名都晚上很吵", "定陶区", "滨河街道", "开元名都"),
]


@pytest.mark.parametrize(("text", "county", "township", "detail"), IN_MESSAGE)
def test_address_in_a_message_keeps_the_whole_place(
    text: str, county: str | None, township: str | None, detail: str
) -> None:
    row: dict[str, str | None] = {"county": county, "township": township, "detail": detail}
    found = find_address(text)
    assert row_right(row, found), four_levels(found)


@pytest.mark.parametrize(("text", "county", "township", "detail"), ANSWERS_RUNNING_ON)
def test_answer_running_on_into_the_matter(
    text: str, county: str | None, township: str | None, detail: str
) -> None:
    row: dict[str, str | None] = {"county": county, "township": township, "detail": detail}
    found = parse_address(text)
    assert row_right(row, found), four_levels(found)


def test_matter_after_a_village_is_not_a_place() -> None:
    for text in ("丁楼村的路坏了", "牡丹区丁楼村的路灯不亮", "牡丹区何楼街道何楼村的水管漏了"):
        found = find_address(text)
        assert found.detail is None, (text, found.detail)


@pytest.mark.parametrize(("text", "county", "township", "detail"), TABLE)
def test_address_table8(text: str, county: str | None, township: str | None, detail: str) -> None:
    row: dict[str, str | None] = {"county": county, "township": township, "detail": detail}
    found = parse_address(text)
    assert row_right(row, found), four_levels(found)


def test_address_table8_is_large() -> None:
    assert len(TABLE) >= 65


def test_every_landmark_names_a_known_county() -> None:
    gaz = Gazetteer.load()
    assert len(gaz.landmarks) >= 15
    assert set(gaz.landmarks.values()) <= set(gaz.counties.values())


def test_a_landmark_with_an_unknown_county_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "landmarks.yml"
    bad.write_text("landmarks:\n  菏泽学院: 济南市\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="菏泽学院"):
        Gazetteer.load(landmarks=bad)


def test_a_written_county_wins_over_the_landmarks() -> None:
    found = parse_address("单县 菏泽学院单县校区")
    assert (found.county, found.detail) == ("单县", "菏泽学院单县校区")
    assert parse_address("菏泽学院").county == "牡丹区"
    assert parse_address("学院路").county is None


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("中央华府二期工地晚上十点还在打桩", "中央华府二期工地"),
        ("新华书店门口井盖丢了", "新华书店门口"),
        ("我在佳乐家超市买到过期牛奶", "佳乐家超市"),
        ("我是开元名都的业主，开发商不给办房产证", "开元名都"),
        ("中达驾校天天有人练车到半夜", "中达驾校"),
        ("华润万家超市门口占道经营", "华润万家超市门口"),
        ("黄河大酒店后面的小饭馆油烟扰民", "黄河大酒店后面"),
        ("据说长城酒店斜对面有人打架", "长城酒店斜对面"),
        ("反映金城花园物业乱收费", "金城花园"),
        # no name of its own, or a name running on from the words before: no site
        ("这个超市卖过期食品", None),
        ("附近工地晚上施工", None),
        ("孩子说学校对面网吧里有人抽烟", None),
    ],
)
def test_a_named_site_is_the_address_of_a_message_without_a_heze_place(
    text: str, span: str | None
) -> None:
    found = address_span(text)
    assert (text[found[0] : found[1]] if found else None) == span
