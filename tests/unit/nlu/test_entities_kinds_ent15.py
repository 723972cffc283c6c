"""Since-when and names in the NLU's entities (ent15 kinds).

* a duration that measures what the matter is about (拖欠三个月工资, 欠了两年的物业费,
  干了一年的活) is no "since"; a duration said as the time (三个月了, 从三个月前, 拖欠工资
  三个月了, 坏了三个月) still is.
"""

from __future__ import annotations

import pytest

from nlu.entities import extract
from nlu.measures import without_measured


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
