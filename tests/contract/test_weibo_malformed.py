"""trial5 F19: a signed Weibo push whose fields have the wrong type is a 400, nothing
processed. ``"text": ["a"]`` became a greeting; ``"sender_id": "abc"`` and ``1.5`` were
taken as sender ids. Pushes start from the shared vectors (``vectors/weibo``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from channels.errors import PayloadError
from channels.weibo import WeiboAdapter
from tests.contract.adapters import adapter_fixture
from tests.contract.cases import as_json, weibo_build, weibo_created_at, weibo_request
from tests.contract.conftest import VECTORS

W = VECTORS / "weibo"


adapter = adapter_fixture(WeiboAdapter, weibo_build)


def _vector(name: str, **changes: Any) -> dict[str, Any]:
    push: dict[str, Any] = json.loads((W / name).read_text())
    push["created_at"] = weibo_created_at(0)  # within the replay window
    push.update(changes)
    return push


@pytest.mark.parametrize(
    ("name", "changes"),
    [
        ("text.json", {"text": ["a"]}),
        ("text.json", {"text": {"a": 1}}),
        ("text.json", {"text": 12345}),
        ("text.json", {"sender_id": "abc"}),
        ("text.json", {"sender_id": 1.5}),
        ("text.json", {"sender_id": True}),
        ("text.json", {"sender_id": -7}),
        ("text.json", {"sender_id": [2489518277]}),
        ("text.json", {"sender_id": "2489518277 "}),
        ("text.json", {"receiver_id": "x1902538057"}),
        ("text.json", {"type": ["text"]}),
        ("text.json", {"data": ["latitude"]}),
        ("position.json", {"sender_id": 2.0}),
        ("event_follow.json", {"sender_id": "１２３"}),  # full-width digits are no uid
    ],
)
def test_a_malformed_signed_push_is_refused(
    adapter: WeiboAdapter, name: str, changes: dict[str, Any]
) -> None:
    with pytest.raises(PayloadError) as refused:
        adapter.parse(weibo_request(as_json(_vector(name, **changes))))
    assert 400 <= refused.value.status_code < 500


@pytest.mark.parametrize(
    ("name", "changes", "sender"),
    [
        ("text.json", {}, "2489518277"),
        ("text.json", {"sender_id": "2489518277"}, "2489518277"),  # the same digits as text
        ("event_follow.json", {}, "2489518277"),
        ("position.json", {}, "2489518277"),
    ],
)
def test_well_formed_pushes_are_read(
    adapter: WeiboAdapter, name: str, changes: dict[str, Any], sender: str
) -> None:
    (msg,) = adapter.parse(weibo_request(as_json(_vector(name, **changes))))
    assert msg.sender == sender
