"""trial8 F22: what the public reads of the place, one rule. The county and township
are public (Open311 ``address``); the exact address below them, the estate, building,
unit and room, is masked in the description too. The recorded address was replaced
whole (``住址***阳光小区``: the district hidden, the estate kept)."""

from __future__ import annotations

import pytest

from casebridge.cases.queries import _public_text
from casebridge.models import Appeal
from nlu.pii import mask_text


def _appeal(text: str, address: str, county: str, township: str | None) -> Appeal:
    return Appeal(text=text, address=address, county=county, township=township)


@pytest.mark.parametrize(
    ("text", "address", "county", "township", "kept", "hidden"),
    [
        # Open311: address_string is the county and township only
        (
            "路灯坏了 住址牡丹区西城街道阳光小区3号楼2单元301",
            "牡丹区西城街道",
            "牡丹区",
            "西城街道",
            "牡丹区西城街道",
            "阳光",
        ),
        # a chat order: the recorded address goes down to the estate
        (
            "鄄城县 古泉街道 富春小区 物业把俺家水停了",
            "鄄城县古泉街道富春小区",
            "鄄城县",
            "古泉街道",
            "鄄城县 古泉街道",
            "富春",
        ),
        # the township recorded is another than the one said: still only the estate hidden
        (
            "郓城县黄集镇李庄村东头的桥塌了",
            "郓城县黄集镇李庄村东头",
            "郓城县",
            "随官屯镇",
            "郓城县黄集镇",
            "李庄村东头",
        ),
    ],
)
def test_the_county_and_township_stay_the_exact_address_goes(
    text: str, address: str, county: str, township: str | None, kept: str, hidden: str
) -> None:
    public = mask_text(_public_text(_appeal(text, address, county, township)), public=True)
    assert kept in public, public
    assert hidden not in public, public


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("住址牡丹区西城街道阳光小区3号楼2单元301", "住址牡丹区西城街道**小区*号楼*单元***"),
        ("家住蓝天豪苑5栋", "家住**豪苑*栋"),
        ("单县的富春家园物业不作为", "单县的**家园物业不作为"),
        ("牡丹区和平小区门口井盖没了", "牡丹区**小区门口井盖没了"),
    ],
)
def test_an_estate_by_name_is_masked_in_public(text: str, masked: str) -> None:
    assert mask_text(text, public=True) == masked
    assert mask_text(text) == text  # units and the centre need the exact spot


@pytest.mark.parametrize(
    "text", ["我们小区的路灯坏了", "老旧小区改造", "小区门口", "附近小区都停水", "该小区物业"]
)
def test_an_estate_word_without_a_name_stays(text: str) -> None:
    assert mask_text(text, public=True) == text


def test_trial8_f22_building_number_and_thanks() -> None:
    masked = mask_text("路灯坏了 手机一三八五三零零一二三四 5号楼", public=True)
    assert masked == "路灯坏了 手机138****1234 *号楼"  # the building number is the exact address
    thanks = mask_text("路灯坏了 电话１３８－５３００－１２３４ 谢谢", public=True)
    assert thanks == "路灯坏了 电话138****1234 谢谢"
