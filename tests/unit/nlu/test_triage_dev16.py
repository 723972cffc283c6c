"""第十三条 (二), (四), (五), (六) by kind of wording, sixteenth round (nlu/triage_kinds.py,
nlu/triage_legal.py, config/nlu/triage.yml, config/nlu/triage_kinds.yml).

``data/triage_dev16.yml`` is this round's development set: written by kind and committed
(c4e6ef7) before any change, then tuned on. First run 23/65 right, 3/42 ordinary appeals
caught (2 emergencies, 1 legal_channel); after the round 63/65, the same 3. The two
positives left are demands to wreck a stall and to shadow a spouse: their words are an
emergency's (砸, 跟踪) and the new kinds never replace an emergency (recall first). The
ordinary appeal caught by the legal channel asks how to apply for 行政复议 and is told
that channel. The sentences in the tables below were written for these tests after the
round's concepts worked; none is in the development set or the corpus.
"""

from __future__ import annotations

import pytest

from nlu.engine import EmbeddedEngine
from nlu.types import TriageOutcome
from tests.unit.nlu.triage_checks import (
    E,
    L,
    S,
    U,
    X,
    assert_answered_without_intake,
    assert_kind_with_its_rule,
    lines_in_training,
    load_set,
    outcomes_below,
)

DEV = load_set("triage_dev16")

#: Share of each outcome's development phrasings given it (tuned on: a floor against
#: regressions; measured 22/22, 12/12, 18/19, 11/12).
DEV_FLOOR = 0.9
#: Ordinary appeals of the development set given a (二)-(六) finding (the 行政复议 how-to).
DEV_NEGATIVES_CAUGHT = 1

KINDS_BY_SENTENCE = [
    # (二) the case's papers in hand, its course
    ("判决书下来三个月了 被告还是一分不给", L, "court"),
    ("俺的信访事项复查意见书下来了 还是没解决", L, "petition"),
    ("俺爹的事在法院审着呢 你们能不能先给俺点补助", L, "court"),
    ("俺跟厂里的劳动争议 仲裁委不受理 让俺去法院", L, "arbitration"),
    ("法院把俺家的房子查封了 俺觉得封错了 恁给说说", L, "court"),
    ("监委把俺爹留置了一个月了 啥时候能放", L, "detention"),
    # (四) someone's data, exam papers before use
    ("帮我查查那个租户的老家在哪 他欠了房租跑了", S, "personal"),
    ("高考的试题是谁出的 考前能不能透露点", S, "state"),
    ("拆迁范围还没公布 能不能先透露一下俺村拆不拆", S, "state"),
    ("想查查那个老板名下有几家公司", S, "personal"),
    ("那个人的征信怎么样 你们能不能给我查查", S, "personal"),
    # (五) demands the rules do not allow
    ("俺明知道不够分数线 你们也得让俺孩子进重点高中", U, "ineligible"),
    ("我就交了两年社保 不管咋样也要给我发退休金", U, "ineligible"),
    ("快递晚到了一天 要求快递公司赔我三百万", U, "exorbitant"),
    ("我想在小区门口摆个摊 不办许可行不行", U, "no_permit"),
    ("村里那块集体的空地俺想占下来自己盖个仓库", U, "no_permit"),
    ("隔壁那户人家太吵 你们政府把他们赶出小区", U, "unreasonable"),
    ("俺想把驾照的分卖给别人 一分多少钱", U, "forbidden"),
    ("俺想偷偷把老人埋在自家地里 不去火化行不行", U, "forbidden"),
    ("病死的羊俺想拉去饭店卖了", U, "forbidden"),
    ("俺闺女才十六 对象家催着结婚 俺想给她把婚事办了", U, "forbidden"),
    ("俺想去河滩上套几只野兔子卖 有人管没", U, "forbidden"),
    ("违建棚子被拆了 俺想过几天再搭起来 你们别来了", U, "no_permit"),
    ("俺想在自家承包地里盖几间房 不办手续行吧", U, "no_permit"),
    ("我开了个小旅馆 住店的不登记身份证行不行", U, "no_permit"),
    # (六) matters the hotline does not take
    ("俺对象外头有了相好的 你们帮俺把那女的找出来", X, "affair"),
    ("我想入党 能不能让你们跟村里支部说一声", X, "party"),
    ("那个法官判案子收了人家的好处 你们给他撤职", X, "judicial"),
    ("清真寺的阿訇俺们不同意 政府给换一个", X, "religion"),
    ("这道物理题咋做 你们给讲讲", X, "private_help"),
    ("你们帮我去取个快递 我不在家", X, "private_help"),
    ("帮俺孩子起个名 姓王 要好听的", X, "private_help"),
]

ORDINARY = [
    "拆迁的时候说好补偿一百二十万 到现在只给了一半",
    "申请低保需要什么条件 俺家符合不符合",
    "想开个早餐店 卫生许可证在哪办",
    "小区有人在绿化带里种菜 物业也不管",
    "法院对面的公交站牌上的字都看不清了",
    "上次打12345说的路灯到现在还没修",
    "律师说这个事应该找劳动监察 劳动监察大队在哪",
    "我们村的党员活动室漏雨了",
    "教堂门口天天有车乱停",
    "孩子的数学作业太多了 学校能不能减负",
    "快递丢了 快递公司不赔",
    "孩子十六岁想出去打工 需要办什么手续",
    "有人在河滩上下网逮鸟 你们管管",
    "旅馆不登记身份证就让人住 你们查查",
    "承包地里有人盖房子 村里不管",
    "拆迁范围啥时候公布",
]

#: A special-case finding never replaces an emergency told in the same words: a case at
#: the court beside a club or a fire (both were legal_channel on main, the emergency lost),
#: and each new kind beside a danger now.
EMERGENCY_STAYS = [
    "法院判了他不执行 他今天又拿着棍子堵在俺家门口要打俺",
    "法院判了他不执行 他把俺家的房子点着了",
    "官司还没判 对方刚才带人来把俺男人打得头破血流",
    "我已经申请仲裁了 老板现在把我们几个工人锁在厂里不让走",
    "你们把那家人撵走 他家男的把俺推倒了 腿摔断了",
    "你们把他的摊子给砸了 他刚才拿刀捅了我一下",
    "俺男人有外遇 那个女的带人把俺堵在屋里不让出去",
    "俺不符合低保条件也得给俺办 俺娘喝了农药",
    "俺想在河里挖点沙 河堤塌了埋了个人",
]


@pytest.mark.parametrize(("text", "outcome", "kind"), KINDS_BY_SENTENCE)
def test_each_kind_through_the_engine_with_its_rule(
    engine: EmbeddedEngine, text: str, outcome: TriageOutcome, kind: str
) -> None:
    assert_kind_with_its_rule(engine, text, outcome, kind)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_appeals_sharing_the_words_get_no_finding(
    engine: EmbeddedEngine, text: str
) -> None:
    assert engine.parse(text).triage is None


@pytest.mark.parametrize("text", EMERGENCY_STAYS)
def test_a_special_case_never_swallows_an_emergency(engine: EmbeddedEngine, text: str) -> None:
    result = engine.parse(text)
    assert result.triage is not None, text
    assert result.triage.outcome is E
    assert result.emergency is not None


def test_the_dev_set_gets_its_outcomes(engine: EmbeddedEngine) -> None:
    assert outcomes_below(engine, DEV.positives, DEV_FLOOR) == {}
    caught = []
    for text in DEV.negatives:
        found = engine.parse(text).triage
        if found is not None and found.outcome is not E:  # emergencies: not this room's
            caught.append(text)
    assert len(caught) <= DEV_NEGATIVES_CAUGHT, caught


def test_no_test_line_is_in_the_corpus_the_lexicon_or_the_training_data() -> None:
    texts = DEV.texts + [t for t, *_ in KINDS_BY_SENTENCE] + ORDINARY + EMERGENCY_STAYS
    assert lines_in_training(texts) == []


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("社保才交了三年 不够年限 你们也得给俺按月发钱", "不符合有关法律法规和政策规定的条件"),
        ("俺想在马路边上搭个棚子卖水果 不办手续行不行", "城乡规划法"),
        ("俺男人外头有人了 恁去把那个女的找出来", "私人生活事务"),
        ("那个检察官对俺态度不好 你们给他个处分", "检察官法"),
    ],
)
def test_a_new_kind_is_answered_with_its_reason_and_no_intake_starts(
    engine: EmbeddedEngine, text: str, told: str
) -> None:
    assert_answered_without_intake(engine, text, told)
