"""Branch n12 (issue 12, fresh8 f8-009 f8-027 f8-032 f8-054 f8-108 f8-112): appeals whose
wh-words ask nothing were taken for questions, answered "not found" and never filed.

By kind (nlu/questions.py, nlu/suggestions.py): a wh-word after 不知道 with a verb between
(不知道弄哪去了); what someone else called it (说是啥增值业务); a concession (咋说都不听: it
was tried and failed, a grievance); money gone, asked back (钱都弄哪去了); a duration of
nothing done (好几年不公开了); something done behind the public's back (偷偷租出去了); being
charged for what was never ordered (扣俺十五块钱 … 压根没开过); someone else to be hurried
(能不能给催催供热公司); more of a public thing with a plain 能 (能多放几个座椅不).
"""

from __future__ import annotations

import pytest

from nlu.questions import parts
from nlu.suggestions import question_or_matter

MATTERS = [
    # f8-027 and paraphrases: a verb between 不知道 and the wh-word, done behind backs
    "俺们村支书把村里的机动地偷偷租出去了 钱都不知道弄哪去了",
    "村干部私自把集体的坑塘卖了 卖的钱也不知道给了谁",
    "社区偷偷把绿地改成停车场收费 收的钱不知道花到哪了",
    # f8-032 and paraphrases: a concession, nothing works
    "俺楼上天天剁肉 半夜还拖椅子 咋说都不听 在巨野县永丰街道富康小区",
    "隔壁装修天天电钻响 怎么敲门也不开",
    "对门天天半夜唱歌 谁劝都没用",
    # f8-108 and paraphrases: a duration of nothing done, money gone asked back
    "俺们村的账好几年不公开了 村里收哩钱都弄哪去了 老百姓不知道",
    "修桥的集资款收了两年了 桥也没修 钱花哪去了",
    "低保名单三年都不公示 到底给了谁",
    # f8-112 and paraphrases: charged for what was never ordered, 说是啥 reported
    "电信每月扣俺十五块钱 说是啥增值业务 俺压根没开过",
    "移动每个月扣我二十块 说是什么会员费 我从来没订过",
    "燃气公司扣了俺一百多块钱 说是啥保险费 俺也没办过",
    # f8-009 and paraphrases: someone else to be hurried
    "喂你好我是东明县城关街道的俺这个小区叫东明花园供暖到现在屋里才十五度老人孩子都冻感冒了能不能给催催供热公司",
    "俺家的水表坏了报了好久 麻烦帮俺催一下自来水公司",
    "请督促一下物业 楼道灯修一修",
    # f8-054 and paraphrases: more of a public thing, a plain 能
    "曹县的青年湖公园能多放几个座椅不 老人走累了没地坐",
    "广场上能多装几个垃圾桶不 到处是垃圾",
    "河边那条路能多安几盏路灯不",
]

QUESTIONS = [
    "社区卫生室能多开点药不",
    "医保怎么报销",
    "身份证丢了去哪补",
    "说是啥时候开始交暖气费",
    "不知道公积金咋提取 能告诉我吗",
]


@pytest.mark.parametrize("text", MATTERS)
def test_an_appeal_whose_wh_word_asks_nothing_is_a_matter(text: str) -> None:
    assert question_or_matter(text) == "matter", parts(text)


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_beside_them_stay_questions(text: str) -> None:
    assert question_or_matter(text) == "question", parts(text)


def test_a_concession_and_a_reported_name_are_no_question_form() -> None:
    assert not parts("咋说都不听").asking
    assert parts("咋说都不听").grievance
    assert not parts("说是啥增值业务").asking
    assert not parts("钱都不知道弄哪去了").asking
