"""A matter told in pieces is dispatched by the category of the whole matter (issue 12:
split messages), not of its first piece."""

from __future__ import annotations

import asyncio

from dialogs.model import WorkOrderDraft
from dialogs.state import OrderType
from gateway.pipeline.actions import SUPPLEMENT, whole_matter
from nlu.types import Category

WAGES = Category(level1="劳动和社会保障", level2="工资福利", confidence=0.9)
BUILDING = Category(level1="城乡建设", level2="建设管理", confidence=0.6)


def draft(text: str, order_type: OrderType = "appeal") -> WorkOrderDraft:
    return WorkOrderDraft(
        text=text, order_type=order_type, category_level1="城乡建设", category_level2="建设管理"
    )


def run(d: WorkOrderDraft, answer: Category | None) -> tuple[WorkOrderDraft, list[str]]:
    seen: list[str] = []

    async def classify(text: str) -> Category | None:
        seen.append(text)
        return answer

    return asyncio.run(whole_matter(d, classify)), seen


def test_a_matter_told_in_pieces_takes_the_category_of_the_whole() -> None:
    told = draft(f"俺在高新区一个服装厂干活\n{SUPPLEMENT}老板欠俺们三个月的工资了")
    out, seen = run(told, WAGES)
    assert (out.category_level1, out.category_level2) == ("劳动和社会保障", "工资福利")
    assert seen == ["俺在高新区一个服装厂干活\n，老板欠俺们三个月的工资了"]  # no marker read
    assert out.text == told.text  # the order keeps what the citizen said


def test_a_matter_told_at_once_keeps_the_dialogues_category() -> None:
    out, seen = run(draft("老板欠俺们三个月的工资了 在高新区服装厂"), WAGES)
    assert out.category_level1 == "城乡建设"
    assert seen == []


def test_a_staff_complaint_keeps_its_category() -> None:
    told = draft(f"住建局的人办事拖拉\n{SUPPLEMENT}跑了三趟", order_type="staff_complaint")
    out, seen = run(told, WAGES)
    assert out.category_level1 == "城乡建设"
    assert seen == []


def test_no_category_for_the_whole_keeps_the_pieces_one() -> None:
    out, _ = run(draft(f"那个事\n{SUPPLEMENT}就是那样"), None)
    assert out.category_level1 == "城乡建设"
    out, _ = run(draft(f"那个事\n{SUPPLEMENT}就是那样"), BUILDING)
    assert out.category_level2 == "建设管理"


def test_without_a_classifier_nothing_changes() -> None:
    told = draft(f"a\n{SUPPLEMENT}b")
    assert asyncio.run(whole_matter(told, None)) is told


def test_the_place_is_left_out_of_what_is_read() -> None:
    told = WorkOrderDraft(
        text=f"这个广告牌快掉下来了\n{SUPPLEMENT}就在巨野县永丰街道人民路百货大楼门口 底下天天过人",
        county="巨野县",
        township="永丰街道",
        address="巨野县永丰街道人民路百货大楼门口",
    )
    _, seen = run(told, BUILDING)
    assert "人民路" not in seen[0]
    assert "永丰街道" not in seen[0]
    assert "底下天天过人" in seen[0]


def test_a_supplement_at_the_read_back_never_re_routes_the_order() -> None:
    # trial12 P11: the unit follows the matter read back, not a second matter added there
    noise = "俺们小区门口那家KTV天天唱到后半夜"
    told = WorkOrderDraft(
        text=f"{noise}\n{SUPPLEMENT}那个KTV门口的车把消防通道都堵了",
        category_level1="环境保护",
        lead_text=noise,
    )
    out, seen = run(told, BUILDING)
    assert out.category_level1 == "环境保护"
    assert seen == []


def test_pieces_before_the_read_back_are_read_without_the_later_supplement() -> None:
    lead = f"俺在高新区一个服装厂干活\n{SUPPLEMENT}老板欠俺们三个月的工资了"
    told = WorkOrderDraft(
        text=f"{lead}\n{SUPPLEMENT}厂子门口的路也坏了",
        category_level1="城乡建设",
        lead_text=lead,
    )
    out, seen = run(told, WAGES)
    assert out.category_level1 == "劳动和社会保障"
    assert seen == ["俺在高新区一个服装厂干活\n，老板欠俺们三个月的工资了"]
