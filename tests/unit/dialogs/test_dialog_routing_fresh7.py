"""Routing kinds of the fresh7 citizens in the dialogue (branch routing2), on texts
written for this file:

* nobody at a named office in working hours (办公室一个人都没有, 窗口空着) is a staff
  complaint (干部作风) to that office, as a rude clerk is;
* a matter corrected during the intake ("不是停水 是停气") is routed as corrected;
* a category the matter's own words decided (a keyword override: 移动信号差 → the carrier)
  is not replaced by the source of a knowledge answer that a word of it found.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from dialogs.model import KnowledgeFound, OpenWorkOrder
from nlu.types import Category, KnowledgeAnswer, NluResult
from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots

GAS = Category("城乡建设", "城市建设和市政管理", 0.95, "utility:gas", "燃气供应", "keyword")
WATER = Category("城乡建设", "城市建设和市政管理", 0.95, "utility:water", "自来水供应", "keyword")
HEAT = Category("城乡建设", "城市建设和市政管理", 0.95, "utility:heat", "冬季采暖", "keyword")
TELECOM = Category("科技与信息产业", "电信", 0.95, "utility:telecom", None, "keyword")


def _said(text: str, category: Category, **kw: str) -> NluResult:
    return replace(nlu(text, **kw), category=category)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "county", "unit_type"),
    [
        ("去郓城县人社局办社保 下午三点窗口空着没人 等了一个多钟头", "郓城县", "department:人社"),
        ("俺到东明县民政局问低保的事 办公室里一个人影也没有", "东明县", "department:民政"),
        ("曹县磐石街道办事处上班时间去了两趟 都找不到人 电话也没人接", "曹县", "township"),
        ("单县市场监管局的人上班时间不在岗 举报电话打过去没人管", "单县", "department:市场监管"),
    ],
)
def test_nobody_at_a_named_office_is_a_staff_complaint_to_it(
    chat: Chat, said: str, county: str, unit_type: str
) -> None:
    chat.say(said, nlu(said, "appeal", county=county, category="环境保护"))
    sl = slots(chat)
    assert sl.order_type == "staff_complaint"
    assert sl.category is not None
    assert sl.category.unit_type == unit_type


def test_an_office_named_as_a_place_with_nobody_about_stays_an_appeal(chat: Chat) -> None:
    said = "镇政府门口那段路的路灯坏了 晚上黑灯瞎火的没人敢走"
    chat.say(said, nlu(said, county="巨野县", category="城乡建设"))
    assert slots(chat).order_type == "appeal"


@pytest.mark.parametrize(
    ("first", "first_cat", "fix", "fixed_cat"),
    [
        ("楼里今天没来水", WATER, "刚才说错了 不是没来水 是天然气打不着火", GAS),
        ("家里暖气不热", HEAT, "弄错了 不是暖气 是燃气灶点不着 没气", GAS),
        ("俺家燃气停了", GAS, "不对不对 不是燃气 是自来水停了", WATER),
    ],
)
def test_a_matter_corrected_during_the_intake_is_routed_as_corrected(
    chat: Chat, first: str, first_cat: Category, fix: str, fixed_cat: Category
) -> None:
    chat.say(first, _said(first, first_cat, county="牡丹区"))
    assert slots(chat).category is not None
    chat.say(fix, _said(fix, fixed_cat))
    sl = slots(chat)
    assert sl.category is not None
    assert sl.category.unit_type == fixed_cat.unit_type
    chat.say("匿名")
    acts = chat.say("确认")
    draft = next(a.draft for a in acts if isinstance(a, OpenWorkOrder))
    assert draft.unit_type == fixed_cat.unit_type


def test_a_matter_corrected_at_the_read_back_is_routed_as_corrected(chat: Chat) -> None:
    first = "俺们单元没水了"
    chat.say(first, _said(first, WATER, county="牡丹区"))
    chat.say("匿名")
    fix = "不对 不是没水了 是燃气没了"
    chat.say(fix, _said(fix, GAS))
    acts = chat.say("确认")
    draft = next(a.draft for a in acts if isinstance(a, OpenWorkOrder))
    assert draft.unit_type == "utility:gas"


SIGNAL_ANSWER = KnowledgeAnswer(
    entry_id="jj-3",
    title="交通信号灯设置建议",
    answer="对信号灯设置、配时的意见建议，可向公安交警部门反映。",
    source_unit="菏泽市公安局交通警察支队",
    updated="2025-01-01",
    score=0.8,
    category=Category("政法", "交通管理", 1.0, "department:交警"),
)


@pytest.mark.parametrize(
    ("said", "category"),
    [
        ("家里联通宽带老掉线 信号灯一直闪", TELECOM),
        ("我们小区一到晚上就停水 水压低得上不去楼", WATER),
    ],
)
def test_a_category_decided_by_the_matters_words_outlasts_an_answers_source(
    chat: Chat, said: str, category: Category
) -> None:
    chat.say(said, replace(_said(said, category), intent=nlu(said, "ask_info").intent))
    chat.feed(KnowledgeFound(answers=(SIGNAL_ANSWER,)))
    chat.say("没有解决")
    assert chat.flow == "intake"
    sl = slots(chat)
    assert sl.category is not None
    assert sl.category.unit_type == category.unit_type
