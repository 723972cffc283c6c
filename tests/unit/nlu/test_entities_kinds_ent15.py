"""Since-when and names in the NLU's entities (ent15 kinds).

* a duration that measures what the matter is about (拖欠三个月工资, 欠了两年的物业费,
  干了一年的活) is no "since"; a duration said as the time (三个月了, 从三个月前, 拖欠工资
  三个月了, 坏了三个月) still is;
* a name in the ways of speech (俺是刘大壮, 俺名叫, 大名, 恁叫俺X就中, 就写X吧, 叫X after a
  pause) or bare with the phone's word before the number (刘大壮 电话139…, 俺刘大壮 139…);
  never an ordinary word, a place or a kin word (我是高中生, 单位电话139…, 俺孙子 139…),
  never a refusal in dialect (名字甭写了, 名就不留了吧).
"""

from __future__ import annotations

import pytest

from nlu.entities import extract
from nlu.measures import without_measured


def _names(text: str) -> list[str]:
    return [e.value for e in extract(text) if e.type == "name"]


def _since(text: str) -> list[str]:
    return [e.value for e in extract(text) if e.type == "since"]


@pytest.mark.parametrize(
    "text",
    [
        "欠了两年的物业费",
        "拖了三个月的工资 也不给个说法",
        "房东欠了俺三个月房租的押金",
        "欠了三个月房租",
        "老板拖欠三个月工资",  # the kind
        "俺们厂欠俺俩月工钱",
        "欠了五万块",
    ],
)
def test_a_duration_that_measures_the_matter_is_no_since(text: str) -> None:
    assert _since(text) == []


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("拖欠工资三个月了", "三个月了"),
        ("已经三个月了", "已经三个月了"),
        ("从三个月前就开始漏水", "从三个月前就开始"),
        ("水管坏了三个月", "坏了三个月"),
        ("停了三天水 也没人管", "停了三天"),
    ],
)
def test_a_duration_said_as_the_time_stays_a_since(text: str, since: str) -> None:
    assert _since(text) == [since]


def test_only_the_measuring_duration_is_blanked() -> None:
    text = "老板欠俺三个月工资 都快一年了"
    blanked = without_measured(text)
    assert "三个月" not in blanked
    assert "快一年了" in blanked
    assert len(blanked) == len(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("李四 13912345678", "李四"),  # issue 11: bare beside the phone
        ("刘大壮 电话13953106622", "刘大壮"),
        ("孙玉兰，手机号：13953106655", "孙玉兰"),
        ("王桂芝 号码是13953106655", "王桂芝"),
        ("俺刘大壮 13953106622", "刘大壮"),
        ("俺是刘大壮，电话13953106622", "刘大壮"),
        ("俺名叫刘大壮", "刘大壮"),
        ("俺名字叫杜美华 13953106622", "杜美华"),
        ("俺大名葛红霞", "葛红霞"),
        ("恁叫俺蒋春生就中 13953106622", "蒋春生"),
        ("就写魏秀云吧 13953106622", "魏秀云"),
        ("姓刘 叫刘桂香 13953106622", "刘桂香"),
        ("俺是张三 13953106622", "张三"),
    ],
)
def test_a_name_said_in_speech_or_beside_the_phone_word(text: str, name: str) -> None:
    assert _names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "名字就不留了 13953106622",  # issue 11: a refusal
        "名字甭写了 电话13953106622",
        "名就不留了吧 13953106622",
        "俺就是不想留名 13953106622",
        "不留名 电话13953106622",
        "就写匿名吧",
        "单位电话13953106622",  # the phone's owner, a word
        "房东电话13953106622",
        "俺孙子 13953106622",  # kin
        "俺是孙子辈 不懂这些",
        "我是高中生 学校门口天天堵车",  # who, not a name
        "俺是党员",
        "俺是曹县的",
        "叫俺咋办",
        "俺叫车撞了",
    ],
)
def test_no_name_from_a_refusal_a_word_or_kin(text: str) -> None:
    assert _names(text) == []
