"""The parts of a long reply pushed after the inline answer: one helper for every channel."""

from __future__ import annotations

from channels.base import continuations
from channels.messages import Attachment, AttachmentKind, OutboundMessage, QuickReply

YES = QuickReply(title="是", payload="yes")
TEMPLATE = OutboundMessage(
    channel="telegram",
    recipient="42",
    text="第一段",
    quick_replies=(YES,),
    attachments=(Attachment(kind=AttachmentKind.IMAGE, source_url="https://x.cn/a.png"),),
    transfer_to="119",
)


def test_each_part_is_its_own_message_with_its_own_key() -> None:
    parts = continuations(TEMPLATE, ["第二段", "第三段"], "msg-1")
    assert [p.text for p in parts] == ["第二段", "第三段"]
    assert [p.idempotency_key for p in parts] == ["msg-1:more1", "msg-1:more2"]
    for p in parts:
        assert (p.recipient, p.channel) == ("42", "telegram")
        assert (p.attachments, p.transfer_to, p.quick_replies) == ((), None, ())


def test_the_template_key_wins_and_numbering_may_start_at_zero() -> None:
    keyed = TEMPLATE.model_copy(update={"idempotency_key": "reply-7"})
    parts = continuations(keyed, ["a", "b"], "msg-1", start=0)
    assert [p.idempotency_key for p in parts] == ["reply-7:more0", "reply-7:more1"]


def test_quick_replies_ride_on_the_last_part_only_when_asked() -> None:
    parts = continuations(TEMPLATE, ["a", "b", "c"], "m", quick_replies_on_last=True)
    assert [p.quick_replies for p in parts] == [(), (), (YES,)]
    assert continuations(TEMPLATE, [], "m", quick_replies_on_last=True) == []
