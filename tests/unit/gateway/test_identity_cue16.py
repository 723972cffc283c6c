"""``without_identity`` builds a pattern per name only when the text introduces someone
(issue 16); the texts cut are those of the code before that change."""

from __future__ import annotations

import pytest

from gateway.pipeline.identity import without_identity


@pytest.mark.parametrize(
    ("text", "names", "left"),
    [
        (
            "我是王建军，身份证号372901199001011234，窗口办事员态度恶劣",
            ["王建军"],
            "窗口办事员态度恶劣",
        ),
        ("王建军 13912345678 路灯坏了", ["王建军"], "王建军 路灯坏了"),  # no cue: the name stays
        ("姓名：赵四 联系人赵四", ["赵四"], ""),
        ("工作人员李秀英态度不好", ["李秀英"], None),  # a staff member named: nothing cut
        ("俺叫孙德福 楼下烧烤摊半夜还在营业", ["孙德福"], "楼下烧烤摊半夜还在营业"),
    ],
)
def test_the_self_introduction_cut(text: str, names: list[str], left: str | None) -> None:
    assert without_identity(text, names) == left
