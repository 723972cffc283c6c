"""Seventeenth emergency round (第十三条(一), trial13 Q01 Q02 Q06 Q08): the trial's inputs
and fresh ones of the same kinds, each beside near twins that stay emergencies.

Kinds: an object that fell, leans or broke near a bridge, a river or a road read as a person
in crisis or hurt ("桥边" of someone at a bridge's edge, "歪倒" of a person collapsing);
a road wrecked by lorries read as a traffic accident ("轧" of someone run over): no finding
at all (the hazard kind ``"object"`` when a finding was taken down,
``nlu.emergency_things``), no number; gas with
someone unwell told 119 and 120, whose reason now says someone is unwell (the record's);
issue 11, emergencies in any wording: the Heze negation 木 for 没 ("人木了", "木反应")
read as the standard one (``nlu.emergency_dialect``).
"""

from __future__ import annotations

import pytest

from nlu.emergency_dialect import standard
from nlu.emergency_things import object_only
from nlu.engine import EmbeddedEngine
from tests.unit.nlu.told import assert_no_number, numbers_told

#: An object fallen, leaning or broken, nobody hurt: no number, no finding at all.
OBJECTS = [
    "俺们村桥边上那个牌子倒了",  # trial13 Q01 (opening)
    "还有 桥边上那个牌子也倒了",  # trial13 Q01 (at the read-back)
    "桥头那个限高杆也歪倒了",  # trial13 Q02
    "还有 桥头那个限高杆也歪倒了",  # trial13 Q02
    "电线杆子往路这边歪了",  # trial12 (119 before)
    # fresh, same kind: other objects, places, wordings, dialect
    "恁给看看 俺庄河边那个护栏歪倒了",
    "桥边上的路灯杆子歪了",
    "桥边上那个限速牌倒了",
    "桥头的广告牌掉下来了",
    "桥上的栏杆断了",
    "路边的围墙塌了一截",
    "小区的围墙倒了",
    "河边的围栏塌了",
    "学校门口的栏杆倒了",
    "路上的隔离栏倒了一溜",
    "桥头那块指示牌倒地上了",
    "桥边的石墩子掉河里了",
    "俺们这桥头的石墩子让车撞掉了",
    "桥头的限高架让车撞歪了",
    "路口的红绿灯杆子歪了",
    "村西头桥边的大树歪到路上了",
    "河堤上的路灯杆子断了",
    "桥边那堵墙塌了一块",
    "路边的广告牌子刮掉下来了",
    "桥上的护栏叫大车撞断了",
    "俺家门口的电线杆子往路这边歪了",
]

#: A road wrecked by lorries: no number, no safety hint (trial13 Q08, cf. trial12 P17).
ROADS = [
    "俺们村里的路让大车轧坏了",  # trial13 Q08
    # fresh, same kind
    "村里的水泥路让拉土的车压烂了",
    "俺们村那条路叫大车轧得坑坑洼洼的",
    "俺们那桥面让大车压裂了",
    "恁管管吧 俺庄的生产路叫收麦子的车轧断了",
]

#: Near twins: a person hurt, in the water, in crisis, under what fell, or a live or
#: burning wire: each stays an emergency, with the number expected first.
TWINS = [
    ("墙倒了砸着人了", "119"),
    ("树倒了压住车里有人", "119"),
    ("电线杆倒了电线冒火花", "119"),
    ("电线杆倒了 电线在地上冒火星子", "119"),
    ("围墙塌了 底下有俩小孩", "119"),
    ("树倒了把一个老头压底下了", "119"),
    ("广告牌掉下来砸着人了", "119"),
    ("大树倒了 压住个人", "119"),
    ("牌子倒了砸着一个骑车的", "119"),
    ("桥边上那个小孩掉河里了", "119"),
    ("桥上有个女的要跳河", "110"),
    ("有个人站在桥边上要往下跳", "110"),
    ("路上有个人让车撞倒了", "120"),  # someone knocked down: 120 first, then 122
    ("一个老头在路边倒了 叫也不应", "120"),
    ("俺娘从桥上摔下去了 一动不动", "120"),
]

#: Twins whose number is right among those told, whichever comes first.
TWINS_TOLD = [
    ("有人从桥上跳下去了", "110"),
    ("马路上倒了个人", None),
    ("路口倒了一个老人", None),
    ("大车把路边的电线杆撞倒了 电线掉地上还带电", "119"),
    # someone by kin or beneath it, no person word of the lexicon
    ("村口的院墙一下子塌了 俺大婶在墙根底下坐着", None),
]

#: Gas with someone unwell: 119 first, 120, and the reason says so (the record's).
GAS_UNWELL = [
    "俺家厨房里一股子臭鸡蛋味 俺孩子说头晕想吐",  # trial13 Q06
    "俺家液化气罐子呲呲漏气 俺老伴闻了头晕乎乎的 站不稳",  # trial13 Q06
    # fresh, same kind
    "屋里煤气味冲得很 俺奶奶恶心得直吐",
    "厨房天然气管子漏气了 孩子他娘头晕站不住",
]


@pytest.mark.parametrize("text", OBJECTS + ROADS)
def test_an_object_fallen_or_a_road_wrecked_is_no_emergency(
    engine: EmbeddedEngine, text: str
) -> None:
    result = engine.parse(text)
    assert_no_number(result, text)
    assert result.emergency is None, (text, result.emergency)
    # taken down as an object's state, or never read as a danger at all
    assert result.hazard in ("object", None), (text, result.hazard)


@pytest.mark.parametrize(("text", "service"), TWINS)
def test_near_twins_stay_emergencies(engine: EmbeddedEngine, text: str, service: str) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert told[0] == service, (text, told)


@pytest.mark.parametrize(("text", "service"), TWINS_TOLD)
def test_near_twins_are_told_a_number(
    engine: EmbeddedEngine, text: str, service: str | None
) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert service is None or service in told, (text, told)


@pytest.mark.parametrize("text", GAS_UNWELL)
def test_gas_with_someone_unwell_says_so_in_the_reason(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    told = numbers_told(result)
    assert told is not None, text
    assert told[:2] == ("119", "120"), (text, told)
    assert result.triage is not None
    assert "身体不适" in result.triage.reason, result.triage.reason
    assert "120" in result.triage.reason, result.triage.reason


def test_gas_with_nobody_unwell_says_nothing_of_120(engine: EmbeddedEngine) -> None:
    result = engine.parse("楼道里一股子煤气味 不知道谁家漏的")
    assert result.triage is not None
    assert "身体不适" not in result.triage.reason


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("俺们村桥边上那个牌子倒了", True),
        ("桥边那个广告牌让风刮倒了", True),
        ("村里的路让大车轧坏了", True),
        # a person in the object's span, before it, or told bare beside it
        ("路上有个人被车撞倒了", False),
        ("马路上倒了个人", False),
        ("从树上掉下来了 人半天没醒", False),
        ("摘枣的时候从树上掉下来", False),
        # a danger in or beside the span: a gas pipe dug through, a live sign, a crowd
        ("路上挖掘机把燃气管挖断了 正往外冒气", False),
        ("电线掉在公交站牌上 站牌带电", False),
        ("火车站进站口人挤人 栏杆都挤倒了", False),
        # nothing fell: no object's state told
        ("桥边上有个人", False),
        ("俺们村的桥边上", False),
    ],
)
def test_an_objects_state_is_read_with_what_is_beside_it(text: str, only: bool) -> None:
    assert object_only(text) is only, text


#: issue 11 (any wording): the dialect's negation 木 for 没; each an emergency, the
#: number expected among those told.
DIALECT = [
    ("俺家妮儿在公园门口一转眼人木了 找了二十来分钟了", "110"),
    ("俺爹倒在院里 咋叫都木反应", "120"),
    ("孩子掉水坑里了 捞上来木气了", "120"),
    ("俺娘脑子糊涂 早上出门到现在还木回来", "110"),
    ("仓库着火了 里头还有俩人木出来", "119"),
    ("俺兄弟下河洗澡 半天木上来", "119"),
]

#: 木 of wood or numbness, and 木 as 没 in an ordinary appeal: no number.
DIALECT_APPEALS = [
    "冬天站岗手都冻木了 想问问有补贴不",
    "路灯坏了好几天了 也木有人管",
    "俺家木门叫风刮坏了",
    "村里的木材厂天天半夜干活 吵得睡不着",
    "东明县 俺们村从昨天后晌就停电了 到现在还木来电",  # an outage, nobody missing
]


@pytest.mark.parametrize(("text", "service"), DIALECT)
def test_the_dialect_negation_is_read_as_the_standard_one(
    engine: EmbeddedEngine, text: str, service: str
) -> None:
    told = numbers_told(engine.parse(text))
    assert told is not None, text
    assert service in told, (text, told)


@pytest.mark.parametrize("text", DIALECT_APPEALS)
def test_wood_numbness_and_an_appeal_in_dialect_get_no_number(
    engine: EmbeddedEngine, text: str
) -> None:
    assert_no_number(engine.parse(text), text)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("一转身人木了", "一转身人没了"),
        ("到现在还木回来", "到现在还没回来"),
        ("咋喊都木反应", "咋喊都没反应"),
        ("屋里还有人木出来 半天木上来", "屋里还有人没出来 半天没上来"),
        ("也木有人管", "也没有人管"),
        # wood and numbness stay
        ("手都冻木了", "手都冻木了"),
        ("浑身麻木了", "浑身麻木了"),
        ("木头 木板 木耳 木材厂 积木", "木头 木板 木耳 木材厂 积木"),
    ],
)
def test_the_dialect_negation_one_character_for_one(text: str, read: str) -> None:
    assert standard(text) == read
    assert len(standard(text)) == len(text)


def test_an_object_about_to_fall_keeps_the_vetos_kind(engine: EmbeddedEngine) -> None:
    """A thing about to fall is the veto's "hazard" (the general safety line at least),
    not only an object's state."""
    result = engine.parse("桥头的路灯杆子让车撞歪了 眼看要倒")
    assert_no_number(result, "桥头的路灯杆子让车撞歪了 眼看要倒")
    assert result.hazard == "hazard", result.hazard
