"""Trial 7 F06: a person named after a people word (住户, 户主, 租户, 房东, 邻居, 业主, 老板,
店主 …) is masked in public answers like a person named by a role word; the people word
stays, and the same words used as ordinary words are left as written."""

from __future__ import annotations

import pytest

from nlu.pii import mask_text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # the trial's unit reply and Open311 description
        (
            "经办人网格员赵德柱已上门，楼上住户孙小美（身份证）已签保证书",
            "经办人网格员赵**已上门，楼上住户孙**（身份证）已签保证书",
        ),
        ("住户孙小美电话１３９ ５３００ ４４５５", "住户孙**电话139****4455"),
        # the same kind, other words
        ("楼下住户钱多多家漏水已维修", "楼下住户钱**家漏水已维修"),
        ("已约谈户主李建华", "已约谈户主李**"),
        ("隔壁租户王大力已搬走", "隔壁租户王**已搬走"),
        ("房东周桂芳承诺退还押金", "房东周**承诺退还押金"),
        ("邻居吴国庆称不知情", "邻居吴**称不知情"),
        ("业主郑晓燕已签字", "业主郑**已签字"),
        ("饭店老板冯建军已整改", "饭店老板冯**已整改"),
        ("超市店主陈明已道歉", "超市店主陈*已道歉"),
        ("房客刘洋于下周搬离", "房客刘*于下周搬离"),
        ("村民张卫东反映的路灯已修复", "村民张**反映的路灯已修复"),
        ("商户杨丽娟已清理门前杂物", "商户杨**已清理门前杂物"),
    ],
)
def test_a_name_after_a_people_word_is_masked_in_public_answers(text: str, masked: str) -> None:
    assert mask_text(text, public=True) == masked


@pytest.mark.parametrize(
    "text",
    [
        "住户反映噪音扰民",
        "业主委员会已开会研究",
        "老板娘说明天整改",
        "居民委员会和村民委员会联合处理",
        "村民小组长已到场",
        "住户张贴的告示已清除",
        "住户安装的防盗窗不合规",
        "商户周边的垃圾已清运",
        "工人文化宫门前积水",
        "户主信息以房产证为准",
        "居民身份证已补办",
        "住户们都已收到通知",
        "房东说会修",
        "店主周",
    ],
)
def test_people_words_as_ordinary_words_are_left_as_written(text: str) -> None:
    assert mask_text(text, public=True) == text


@pytest.mark.parametrize(
    "text",
    [
        "户主姓名以房产证为准",
        "联系人姓名须与身份证一致",
        "申请人姓名请按户口本填写",
        "姓名及电话已登记",
        "姓名等信息可在窗口查询",
        "本人姓名需要实名登记",
    ],
)
def test_a_lead_word_followed_by_a_rule_names_nobody(text: str) -> None:
    """姓名 followed by a word that begins a rule (以, 须, 请, 及, 等, 需) is a form's field,
    not a name: nothing is masked (trial7 note: 户主姓名以房产证为准 lost 房产)."""
    assert mask_text(text, public=True) == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [("姓名王建国 电话13912345678", "姓名王** 电话139****5678"), ("姓名：于海洋", "姓名：于**")],
)
def test_a_name_after_the_lead_word_is_still_masked(text: str, masked: str) -> None:
    assert mask_text(text, public=True) == masked
