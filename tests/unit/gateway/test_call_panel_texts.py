"""The calls panel's texts (trial4 F52, F54): talk times as the centre says them, and a
number to call back in the form an agent dials."""

from __future__ import annotations

import pytest

from gateway.calls.afterwork import domestic_number, duration_zh


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "0秒"),
        (35.4, "35秒"),
        (95, "1分35秒"),
        (600, "10分0秒"),
        (3725, "1小时2分5秒"),
        (-3, "0秒"),
    ],
)
def test_talk_time_in_chinese(seconds: float, said: str) -> None:
    assert duration_zh(seconds) == said


@pytest.mark.parametrize(
    ("number", "dialled"),
    [
        ("+8613853001234", "138 5300 1234"),
        ("008613853001234", "138 5300 1234"),
        ("13853001234", "138 5300 1234"),
        ("+865305551234", "0530 5551234"),
        ("05305551234", "0530 5551234"),
        ("+861062345678", "010 62345678"),
        ("+862161234567", "021 61234567"),
        ("+14155550100", "+14155550100"),  # another country: as it is
        ("anonymous", "anonymous"),
        ("+86123", "+86123"),  # too short to be a Chinese number: as it is
    ],
)
def test_a_number_in_its_domestic_form(number: str, dialled: str) -> None:
    assert domestic_number(number) == dialled
