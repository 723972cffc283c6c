"""The citizen's identification typed inside the matter (trial3 F06, F22) and how often
versus since when (F38): spaced and spoken numbers are read as one number, a spaced name
after a lead word is a name, and masking hides them whole."""

from __future__ import annotations

import pytest

from nlu.acts import OPENER_RE
from nlu.entities import extract
from nlu.normalize import normalize
from nlu.pii import mask_text
from nlu.questions import reading

ID = "372901199002123349"  # synthetic, correct check character


def _found(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in extract(normalize(text)):
        out.setdefault(e.type, []).append(e.value)
    return out


@pytest.mark.parametrize(
    "typed", ["3729 0119 9002 1233 49", "372901-19900212-3349", "3729.0119.9002.1233.49"]
)
def test_an_id_number_typed_in_groups_is_one_id_number(typed: str) -> None:
    found = _found(f"联系人孙丽 手机137 0530 1234 身份证{typed} 反映楼道堆满杂物")
    assert found["id_card"] == [ID]
    assert found["phone"] == ["13705301234"]
    assert "landline" not in found
    masked = mask_text(f"身份证{typed}")
    assert not any(part in masked for part in ("0119", "9002", "19900212"))


@pytest.mark.parametrize(
    ("said", "phone"),
    [
        ("电话一三七零五三零一二三四，反映村里修路的钱没公开", "13705301234"),
        ("手机号幺三九五三零零八八六六 路灯不亮", "13953008866"),
        ("联系电话一五八 五三零零 一二三四", "15853001234"),
    ],
)
def test_a_phone_in_spoken_digits_is_a_phone(said: str, phone: str) -> None:
    assert _found(said)["phone"] == [phone]


def test_spoken_digits_that_are_no_mobile_are_no_phone() -> None:
    assert "phone" not in _found("村里三百二十一户 有五六七八户没通水")


@pytest.mark.parametrize(
    ("said", "name"),
    [("我叫孙 丽 电话13705301234", "孙丽"), ("姓名：刘 志 刚，身份证号" + ID, "刘志刚")],
)
def test_a_name_typed_with_spaces_after_a_lead_word_is_a_name(said: str, name: str) -> None:
    assert _found(said)["name"] == [name]
    masked = mask_text(said)
    assert name[0] in masked
    assert not any(c in masked for c in name[1:])


@pytest.mark.parametrize(
    ("said", "how_often"),
    [
        ("楼上三天两头往下扔垃圾", "三天两头"),
        ("小区门口的井盖隔三差五就被人掀开", "隔三差五"),
        ("菜市场的喇叭时不时响到半夜", "时不时"),
    ],
)
def test_how_often_is_recurring_never_since(said: str, how_often: str) -> None:
    found = _found(said)
    assert found.get("recurring") == [how_often]
    assert "since" not in found
    assert "date" not in found


def test_a_duration_beside_how_often_is_still_since() -> None:
    found = _found("路灯坏了两个多星期了 时不时闪一下")
    assert found["recurring"] == ["时不时"]
    assert [s for s in found["since"] if "两个多星期" in s] == found["since"]


@pytest.mark.parametrize("said", ["恁好", "恁们好！", "恁好 在吗"])
def test_a_dialect_greeting_alone_is_small_talk(said: str) -> None:
    """F47: 恁好 is the dialect 你好: an opener, no matter."""
    assert OPENER_RE.match(normalize(said)) is not None


@pytest.mark.parametrize(
    "said",
    ["恁好 俺村口的水管子冻裂了 恁能给俺拾掇拾掇不", "恁好 俺们胡同的下水道堵了 能给俺鼓捣好不"],
)
def test_a_dialect_request_to_fix_is_a_matter_not_a_question(said: str) -> None:
    """F47's message: after the greeting, 恁能给俺拾掇拾掇不 asks someone to come and fix it."""
    assert reading(normalize(said)) == "matter"
