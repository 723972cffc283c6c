"""P4: the citizen's own identification never decides the category.

「…我是王建军，身份证372901…」 in a complaint about a window clerk sent the order to the
police (政法/户籍证件). The pipeline reads the category without the self-identification
and contact spans (gateway/pipeline/identity.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from channels.messages import InboundMessage, MessageKind
from dialogs import model as dm
from dialogs.context import DialogContext
from gateway.pipeline.identity import without_identity
from nlu.engine import load_engine
from tests.unit.gateway.pipeline_fakes import make


@pytest.mark.parametrize(
    ("text", "names", "left"),
    [
        (
            "窗口人员李秀英态度恶劣，我是王建军，身份证372901198805051234",
            ["王建军"],
            "窗口人员李秀英态度恶劣",
        ),
        ("路灯坏了 我叫张三 电话 139 5300 1234", ["张三"], "路灯坏了"),
        ("路灯坏了，联系方式：13953001234，身份证号码：37290119880505123X", [], "路灯坏了"),
        ("要补办身份证，本人身份证号３７２９０１１９８８０５０５１２３４", [], "要补办身份证"),
        ("井盖没了 手机号+86 139-5300-1234", [], "井盖没了"),
        ("暖气不热 0530-5551234", [], "暖气不热"),
    ],
)
def test_identity_and_contact_spans_are_cut(text: str, names: list[str], left: str) -> None:
    assert without_identity(text, names) == left


@pytest.mark.parametrize(
    "text",
    [
        "我的身份证丢了，想补办",  # the document is the matter: no number, nothing cut
        "投诉工作人员李秀英态度差",  # a named staff member is not the citizen
        "电话打不通，12345总是占线",
    ],
)
def test_matter_words_stay(text: str) -> None:
    assert without_identity(text, ["李秀英"]) is None


MATTERS = [
    "我要投诉牡丹区政务服务中心不动产窗口的工作人员李秀英，态度恶劣还骂人",
    "曹县青菏街道幸福路的路灯坏了好几个，晚上走路很危险",
    "小区楼下饭店油烟太大，熏得窗户都不敢开",
]
SELVES = [
    "，我是王建军，身份证372901198805051234",
    "，我叫王建军，身份证号码37290119880505123X，电话13853006655",
    " 本人王建军 身份证号：372901198805051234",
]


@pytest.fixture(scope="module")
def pipeline_and_events() -> tuple[object, list[dm.Event]]:
    engine = load_engine(Path(os.environ["HOTLINE_NLU_MODEL_DIR"]))
    p = make()
    p.nlu = engine
    seen: list[dm.Event] = []

    def step(
        state: dm.DialogState, event: dm.Event, ctx: DialogContext
    ) -> tuple[dm.DialogState, list[dm.Action]]:
        seen.append(event)
        return state, []

    p.step = step
    return p, seen


@pytest.mark.parametrize("matter", MATTERS)
@pytest.mark.parametrize("self_id", SELVES)
async def test_the_category_is_the_matters_not_the_self_identifications(
    pipeline_and_events: tuple[object, list[dm.Event]], matter: str, self_id: str
) -> None:
    p, seen = pipeline_and_events
    engine = p.nlu  # type: ignore[attr-defined]
    alone = engine.parse(matter).category
    n = len(seen)
    msg = InboundMessage(
        channel="web",
        account="web",
        external_id=f"x{n}",
        sender=f"s{n}",
        kind=MessageKind.TEXT,
        text=matter + self_id,
    )
    await p.handle(msg)  # type: ignore[attr-defined]
    event = seen[-1]
    assert isinstance(event, dm.UserMessage)
    assert event.nlu is not None
    got = event.nlu.category
    want = (alone.level1, alone.level2) if alone else None
    assert ((got.level1, got.level2) if got else None) == want
    assert got is None or got.level2 != "户籍证件"
