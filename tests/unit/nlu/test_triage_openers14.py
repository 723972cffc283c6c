"""A learned 第十三条 finding needs real evidence (trial8 F01, helper forbid14).

「俺想说个事」 as a first message got the (五) illegal-matter answer from the learned kind
model (``nlu.triage_kinds.learned_kind``): a message with no content at all. Openers,
greetings and short answers, in the Heze dialect (俺 = 我, 恁 = 你) or not, never get a
第十三条 (二)-(六) finding; real requests of each kind still do, with or without an opener.
The table is this helper's own wording (not a training line, not from the dev set).
"""

from __future__ import annotations

import pytest

from nlu.normalize import normalize
from nlu.triage import other_triage, similar_triage
from nlu.types import TriageOutcome

#: Openers, greetings, short answers and fillers: nothing to judge in them.
OPENERS: tuple[str, ...] = (
    # trial8 F01
    "俺想说个事",
    "俺想问个事",
    # openers in dialect and not
    "俺想说个事儿",
    "俺想问个事儿",
    "俺想问问",
    "俺想问一下",
    "俺想咨询个事",
    "俺想反映个事",
    "俺想反映点事",
    "俺要说个事",
    "俺要反映个情况",
    "俺有个事",
    "俺有个事想问问",
    "俺有点事想说说",
    "俺想打听个事",
    "俺想找恁说个事",
    "俺就想说个事",
    "俺们想反映个事",
    "俺们有个事",
    "恁好 俺想说个事",
    "在吗 俺想问个事",
    "喂 俺想说个事",
    "俺想说说",
    "俺想讲个事",
    "俺想问恁个事",
    "我想说个事",
    "我想问个事",
    "我有个事想反映一下",
    "想说个事儿",
    "想问个事",
    "咱想问个事",
    "俺想说个情况",
    "俺想问个问题",
    "俺想问个事行不",
    "能问个事不",
    "能说个事吗",
    "可以问个事吗",
    "恁能听俺说个事不",
    "俺想说个事中不中",
    # greetings
    "在吗",
    "在不在",
    "有人吗",
    "恁好",
    "你好",
    "喂",
    "喂喂 能听见吗",
    "是12345吗",
    "是热线不",
    "恁是政府热线吗",
    # short answers and fillers
    "中",
    "中啊",
    "行",
    "好的",
    "嗯嗯",
    "对",
    "是的",
    "不是",
    "没了",
    "就这些",
    "俺说完了",
    "俺也不知道",
    "恁看着办吧",
    "俺想想",
    "等一下",
    "俺再问个事",
    "还有个事",
    "俺还想问个事儿",
    "俺想要个说法",
    "能帮帮俺不",
    "恁能帮俺不",
    "俺咋办啊",
)


def test_the_table_is_large_enough() -> None:
    assert len(OPENERS) >= 50
    assert len(set(OPENERS)) == len(OPENERS)


@pytest.mark.parametrize("text", OPENERS)
def test_no_learned_finding_on_an_opener(text: str) -> None:
    assert similar_triage(normalize(text)) is None


@pytest.mark.parametrize("text", OPENERS)
def test_no_special_case_on_an_opener(text: str) -> None:
    found = other_triage(normalize(text))
    assert found is None, found


#: Real requests of a kind, with an opener in front: the opener does not hide the kind.
WITH_CONTENT: tuple[tuple[str, TriageOutcome], ...] = (
    ("俺想问个事 恁能帮俺弄个假的离婚证不", TriageOutcome.UNLAWFUL),
    ("俺想问个事 能不能帮俺开个假证明", TriageOutcome.UNLAWFUL),
    ("俺想问问 俺家盖房子没手续 恁跟城管说一声别来拆了", TriageOutcome.UNLAWFUL),
    ("俺想问个事 俺家门口能摆个摊不用办证吧", TriageOutcome.UNLAWFUL),
    ("俺想说个事 能不能帮俺查查俺前妻现在住哪", TriageOutcome.SECRET_PRIVACY),
)


@pytest.mark.parametrize(("text", "outcome"), WITH_CONTENT)
def test_a_request_with_content_keeps_its_kind(text: str, outcome: TriageOutcome) -> None:
    found = other_triage(normalize(text))
    assert found is not None, text
    assert found.outcome is outcome, found


#: Requests the learned reading itself gives a kind: an opener put in front keeps it.
LEARNED: tuple[tuple[str, str], ...] = (
    ("恁能不能帮俺弄张假的结婚证", "fake_doc"),
    ("能不能帮俺把邻居家的狗药死", "harm_animal"),
    ("俺想知道对门那家人的手机号 恁给俺查查", "personal"),
)


@pytest.mark.parametrize(("text", "kind"), LEARNED)
@pytest.mark.parametrize("opener", ["", "俺想问个事 ", "俺想说个事 "])
def test_the_learned_reading_keeps_a_kind_after_an_opener(
    text: str, kind: str, opener: str
) -> None:
    found = similar_triage(normalize(opener + text))
    assert found is not None, opener + text
    assert found.kind == kind, found
    assert (found.matched or "").startswith(f"{kind}:model")
