"""Replies with pictures (issue 14): a knowledge-base answer with a picture carries it as a
typed attachment (URL or blob key, mime, caption) and names it in its words; the gateway
turns it into the channels' image attachment."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from channels.messages import AttachmentKind
from dialogs.model import KnowledgeFound, Reply, ReplyAttachment, SearchKnowledge
from gateway.pipeline.actions import outgoing_attachment
from nlu.types import KnowledgeAnswer, KnowledgeMedia
from tests.unit.dialogs.dialog_helpers import Chat, nlu

MAP = KnowledgeMedia(
    caption="市民服务中心一楼大厅平面示意图",
    mime="image/png",
    file="media/service-hall-map.png",
    blob_key="ab/" + "a" * 64 + ".png",
    url="https://hotline.example.gov.cn/media/out/ab/aaa.png?s=sig",
)


def _answer(*media: KnowledgeMedia) -> KnowledgeAnswer:
    return KnowledgeAnswer(
        entry_id="qy-021",
        title="市民服务中心位置和大厅布局",
        answer="从正门进入，右侧为咨询台。",
        source_unit="菏泽市行政审批服务局",
        updated="2025-01-01",
        score=0.8,
        media=media,
    )


def _ask(chat: Chat) -> None:
    q = "市民服务中心在哪里"
    assert chat.say(q, nlu(q, "ask_info")) == [SearchKnowledge(query=q)]


def test_an_answer_with_a_picture_sends_it_and_names_it(chat: Chat) -> None:
    _ask(chat)
    (reply,) = chat.feed(KnowledgeFound(answers=(_answer(MAP),)))
    assert isinstance(reply, Reply)
    assert reply.attachments == (
        ReplyAttachment(mime="image/png", caption=MAP.caption, url=MAP.url, blob_key=MAP.blob_key),
    )
    assert "附图：市民服务中心一楼大厅平面示意图" in reply.text
    assert reply.text.index("附图") < reply.text.index("解决")  # before the question
    assert reply.quick_replies  # still asks whether it solved the question


def test_an_answer_without_a_picture_sends_none(chat: Chat) -> None:
    _ask(chat)
    (reply,) = chat.feed(KnowledgeFound(answers=(_answer(),)))
    assert isinstance(reply, Reply)
    assert reply.attachments == ()
    assert "附图" not in reply.text


def test_a_picture_not_published_is_left_out(chat: Chat) -> None:
    """A configured file the gateway could not publish has neither URL nor blob key."""
    _ask(chat)
    unpublished = KnowledgeMedia(caption="平面图", file="media/missing.png")
    (reply,) = chat.feed(KnowledgeFound(answers=(_answer(unpublished),)))
    assert isinstance(reply, Reply)
    assert reply.attachments == ()
    assert "附图" not in reply.text


def test_a_reply_picture_needs_a_url_or_a_blob_key() -> None:
    with pytest.raises(ValidationError):
        ReplyAttachment(caption="图")
    assert ReplyAttachment(url="https://x.example/map.png").kind == "image"


def test_the_gateway_sends_it_as_an_image_with_its_bytes_and_its_link() -> None:
    pic = ReplyAttachment(mime="image/png", caption="c", url=MAP.url, blob_key=MAP.blob_key)
    att = outgoing_attachment(pic)
    assert att.kind is AttachmentKind.IMAGE
    assert (att.blob_key, att.source_url, att.mime) == (MAP.blob_key, MAP.url, "image/png")
    assert att.filename == "a" * 64 + ".png"
    by_url = outgoing_attachment(ReplyAttachment(url="https://x.example/map.png"))
    assert (by_url.blob_key, by_url.source_url) == (None, "https://x.example/map.png")
