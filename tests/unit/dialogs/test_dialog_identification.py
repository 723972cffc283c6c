"""The citizen's identification said with the matter or at the contact question (trial3
F06, F12, F22) and how often versus since when (F38): the contact goes to the contact
fields, the matter reads clean."""

from __future__ import annotations

import pytest

from tests.unit.dialogs.dialog_helpers import Chat, nlu, slots

MATTER = "我家小区门口的下水道堵了，污水冒到路上"
WHEN = (("date", "昨天"),)


@pytest.mark.parametrize(("answer", "name"), [("钱", "钱"), ("孙 13705301234", "孙")])
def test_a_surname_alone_as_the_contact_answer_is_kept(chat: Chat, answer: str, name: str) -> None:
    """F12: 「赵」 at "name and phone?", then the phone: the surname is kept (赵, never
    姓赵: trial7 F02)."""
    chat.say(MATTER, nlu(MATTER, county="郓城县", township="郓州街道", entities=WHEN))
    chat.say("幸福小区5号楼")
    chat.say(answer)
    chat.say("13705301234")
    assert slots(chat).name == name
    assert slots(chat).phone == "13705301234"


@pytest.mark.parametrize("answer", ["行", "嗯", "是", "没"])
def test_one_answer_word_at_the_contact_question_is_no_surname(chat: Chat, answer: str) -> None:
    chat.say(MATTER, nlu(MATTER, county="郓城县", township="郓州街道", entities=WHEN))
    chat.say("幸福小区5号楼")
    chat.say(answer)
    assert slots(chat).name is None


@pytest.mark.parametrize(
    "said",
    [
        "楼上三天两头往下扔垃圾",
        "小区门口的井盖隔三差五就被人掀开",
        "菜市场的喇叭时不时响到半夜",
        "隔三岔五停电 冰箱里东西都坏了",
    ],
)
def test_how_often_is_never_read_as_since_when(chat: Chat, said: str) -> None:
    """F38: 三天两头 / 隔三差五 / 时不时 say how often, not when it started."""
    chat.say(said, nlu(said, category="城乡建设"))
    since = slots(chat).since
    assert since is None or not any(w in since for w in ("三天", "三", "五", "时"))


def test_a_duration_beside_how_often_is_still_since_when(chat: Chat) -> None:
    said = "路灯坏了两个多星期了 时不时闪一下"
    chat.say(said, nlu(said, category="城乡建设"))
    assert slots(chat).since == "两个多星期"


@pytest.mark.parametrize(
    "id_number", ["3729 0119 9002 1233 45", "372901-19900212-3345", "3729.0119.9002.1233.45"]
)
def test_a_spaced_id_number_is_kept_whole_in_the_matter(chat: Chat, id_number: str) -> None:
    """F22: the middle of a spaced ID number was cut out as a landline."""
    said = f"我叫孙丽 电话137 0530 1234 身份证{id_number} 反映楼道里堆满杂物"
    chat.say(said, nlu(said, category="城乡建设"))
    sl = slots(chat)
    assert sl.phone == "13705301234"
    assert id_number in sl.matter
    assert "楼道里堆满杂物" in sl.matter


@pytest.mark.parametrize(
    ("said", "name", "phone"),
    [
        ("我叫王建国，电话一三七零五三零一二三四，反映村里修路的钱没公开", "王建国", "13705301234"),
        ("本人李秀英，手机号：13705301234，反映村里修路的钱没公开", "李秀英", "13705301234"),
        ("我叫孙 丽 电话137 0530 1234 反映村里修路的钱没公开", "孙丽", "13705301234"),
        (
            "姓名：赵红梅，身份证号372901199002123345，联系电话一三七零五三零一二三四，"
            "反映村里修路的钱没公开",
            "赵红梅",
            "13705301234",
        ),
    ],
)
def test_contact_said_with_the_matter_leaves_a_clean_matter(
    chat: Chat, said: str, name: str, phone: str
) -> None:
    """F06: name and phone go to the contact fields; the matter has no 「，，」, no lead word
    left hanging (电话, 手机号) and no piece of the name."""
    chat.say(said, nlu(said, category="农业农村"))
    sl = slots(chat)
    assert sl.name == name
    assert sl.phone == phone
    assert "反映村里修路的钱没公开" in sl.matter
    for left in ("，，", ",,", "电话", "手机", "姓名", name[-1] + " ", "一三七"):
        assert left not in sl.matter, (left, sl.matter)
    assert not sl.matter.startswith(("，", ",", " "))


def test_an_id_number_said_with_the_matter_stays_whole(chat: Chat) -> None:
    """F06: the ID number is no contact field: kept whole in the matter (the centre needs
    it; views mask it), with no doubled comma where the phone was."""
    said = "我叫王建国，身份证号372901199002123345，电话一三七零五三零一二三四，反映低保评得不公"
    chat.say(said, nlu(said, category="民政"))
    sl = slots(chat)
    assert sl.matter == "身份证号372901199002123345，反映低保评得不公"


@pytest.mark.parametrize(
    "said",
    [
        "恁好 俺村东头的自来水管子冻裂了 水淌了一街",
        "恁们好，俺村东头的自来水管子冻裂了 水淌了一街",
    ],
)
def test_a_dialect_greeting_is_trimmed_from_the_matter(chat: Chat, said: str) -> None:
    """F47: 恁好 (dialect 你好) opens the matter like 你好 and is trimmed like it."""
    chat.say(said, nlu(said, category="城乡建设"))
    matter = slots(chat).matter
    assert matter.startswith("俺村东头")
