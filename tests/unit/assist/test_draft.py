"""Transcript segments to a draft order (the NLU scripted, so each mapping is exact)."""

from __future__ import annotations

from gateway.assist.draft import build_draft
from nlu.types import Category, Emergency, Entity, Intent, NluResult, Territory

LAMP = "小区门口的路灯坏了一个多星期"


class FakeNlu:
    """Understands the few segments below."""

    def parse(self, text: str) -> NluResult:
        entities: list[Entity] = []
        if "138" in text:
            i = text.index("138")
            entities.append(Entity("phone", text[i : i + 11], "138****1234", i, i + 11))
        if "一个多星期" in text:
            i = text.index("一个多星期")
            entities.append(Entity("since", "一个多星期", "一个多星期", i, i + 5))
        territory = (
            Territory(county="牡丹区", township="西城街道", detail="阳光小区")
            if "牡丹区" in text
            else None
        )
        emergency = None
        if "着火" in text:
            emergency = Emergency("emergency", ("119",), "fire", "fire", 0.99, "着火")
        category = (
            Category("城乡建设", "市政设施", 0.9, unit_type="department:城管")
            if "路灯" in text
            else None
        )
        return NluResult(
            text=text,
            intent=Intent("appeal", 0.9),
            category=category,
            entities=tuple(entities),
            territory=territory,
            abusive="废物" in text,
            emergency=emergency,
            act="complain_staff" if "工作人员态度" in text else "appeal",
            has_matter="路灯" in text or "牡丹区" in text,
        )


def test_the_draft_takes_each_field_from_the_nlu() -> None:
    draft = build_draft(
        FakeNlu(), ["喂你好", "我家在牡丹区西城街道阳光小区", LAMP, "电话13853001234"]
    )
    assert draft.matter.startswith("我家在牡丹区西城街道阳光小区，" + LAMP)
    assert "喂你好" not in draft.matter  # an opener is not the matter
    assert (draft.county, draft.township, draft.address) == (
        "牡丹区",
        "西城街道",
        "牡丹区西城街道阳光小区",
    )
    assert (draft.category_level1, draft.category_level2, draft.unit) == (
        "城乡建设",
        "市政设施",
        "城管",
    )
    assert draft.since == "一个多星期"
    assert draft.phone == "13853001234"
    assert draft.phone_masked is not None
    assert "13853001234" not in draft.phone_masked
    assert draft.alerts == ()
    assert draft.as_json(reveal_phone=False)["phone"] is None
    assert "13853001234" not in draft.as_json()["matter_masked"]


def test_emergency_and_abuse_raise_alerts() -> None:
    draft = build_draft(FakeNlu(), ["楼下着火了快来人", "你们这些废物"])
    kinds = {a.kind: a for a in draft.alerts}
    assert set(kinds) == {"emergency", "abuse"}
    assert kinds["emergency"].services == ("119",)
    assert "119" in kinds["emergency"].text


def test_a_staff_complaint_and_an_empty_transcript() -> None:
    assert build_draft(FakeNlu(), ["我要投诉窗口工作人员态度很差"]).order_type == "staff_complaint"
    empty = build_draft(FakeNlu(), ["", "  "])
    assert empty.matter == ""
    assert empty.county is None


def test_a_chat_draft_carries_no_personal_data_in_clear() -> None:
    """A chat's agent reads the turns masked and opens them through the audited reveal:
    the draft sent for a chat must not carry the name or phone in any field."""
    import json

    from gateway.assist.draft import DraftOrder

    matter = "我叫王小明，电话13953008888，牡丹区南城街道和平小区楼上装修太吵了"
    draft = DraftOrder(matter=matter, phone="13953008888", phone_masked="139****8888")
    chat = json.dumps(draft.as_json(reveal_phone=False), ensure_ascii=False)
    for clear in ("13953008888", "王小明"):
        assert clear not in chat
    assert "139****8888" in chat
    call = draft.as_json()  # the agent on the call heard it: the form gets it in clear
    assert (call["matter"], call["phone"]) == (matter, "13953008888")
