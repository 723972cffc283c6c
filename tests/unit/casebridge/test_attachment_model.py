"""One attachment shape (casebridge.schemas.Attachment) from intake to unit and webhook.

The stored JSON is the wire JSON: a citizen's media keep every field of the draft (None
where unknown), a unit's material only the fields it sent; the API schema names them.
"""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from casebridge.cases.checks import check_materials
from casebridge.cases.requests import Material, ReplyBody
from casebridge.errors import InvalidInput
from casebridge.intake import DraftAttachment
from casebridge.schemas import ATTACHMENT_KEYS, AppealView, EventView, OrderRecord

PIC = DraftAttachment(kind="image", mime="image/jpeg", size=1234, blob_key="b/1.jpg")


def test_a_draft_attachment_is_stored_with_every_field_and_read_back_unchanged() -> None:
    stored = PIC.stored()
    assert set(stored) == {f.name for f in fields(DraftAttachment)}
    assert set(stored) <= ATTACHMENT_KEYS
    view = AppealView(channel="wechat", order_type="appeal", text="路灯坏了", attachments=[stored])
    on_wire = json.loads(view.model_dump_json())["attachments"]
    assert on_wire == [stored]  # the None fields stay, as the appeal row keeps them
    assert on_wire[0]["transcript"] is None


def test_a_material_keeps_only_the_fields_the_unit_sent() -> None:
    body = ReplyBody(text="已修复", attachments=[Material(name="现场.jpg", url="https://x.cn/a")])
    files = check_materials(body.attachments, required=False)
    assert files == [{"name": "现场.jpg", "url": "https://x.cn/a"}]
    # the lifecycle route hands the body over as its dump: the same stored shape
    dumped = body.model_dump(exclude_none=True)["attachments"]
    assert check_materials(dumped, required=False) == files
    event = EventView.model_validate(
        {
            "seq": 1,
            "action": "reply",
            "actor_role": "lead",
            "attachments": files,
            "created_at": "2025-01-01T00:00:00Z",
        }
    )
    assert json.loads(event.model_dump_json())["attachments"] == files


def test_materials_are_checked() -> None:
    with pytest.raises(InvalidInput):
        check_materials([], required=True)
    with pytest.raises(InvalidInput):
        check_materials([{"mime": "image/png"}], required=False)  # names nothing
    with pytest.raises(InvalidInput):  # a field of the wrong type: 4xx, not a crash
        check_materials(json.loads('[{"url": "https://x.cn/a", "size": "big"}]'), required=False)
    unknown = json.loads('[{"url": "https://x.cn/a", "colour": "red"}]')
    assert check_materials(unknown, required=False) == [{"url": "https://x.cn/a"}]


def test_the_api_schema_names_the_attachment_fields() -> None:
    schema = OrderRecord.model_json_schema(mode="serialization")
    att = schema["$defs"]["Attachment"]
    assert set(att["properties"]) == ATTACHMENT_KEYS
    assert not att.get("required")
    appeal = schema["$defs"]["AppealView"]["properties"]["attachments"]
    assert appeal["items"] == {"$ref": "#/$defs/Attachment"}
    reply = schema["properties"]["reply_attachments"]
    assert reply["items"] == {"$ref": "#/$defs/Attachment"}
