"""Trial 3 F28: an SMS tells the reply keys once (the SMS segment budget).

The short wording of the read-back (「…无误回1，修改回2。」) and of the rating question
already says which number to send; the numbered list of the same options is then left
out. A reply whose words name no keys (the welcome) keeps its numbered list.
"""

from __future__ import annotations

from collections.abc import Sequence

from channels.messages import OutboundMessage, QuickReply
from channels.sms.adapter import keys_said, sms_body
from dialogs.context import DialogContext
from dialogs.model import Reply
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import Chat, nlu, sms_ctx, wording

__all__ = ["sms_ctx", "wording"]  # the dialogue tests' fixtures, used here


def _sms(reply: Reply) -> str:
    message = OutboundMessage(
        channel="sms",
        recipient="+8613953001234",
        text=reply.text,
        quick_replies=reply.quick_replies,
    )
    return sms_body(message)


def _last_reply(acts: Sequence[object]) -> Reply:
    return [a for a in acts if isinstance(a, Reply)][-1]


def test_the_sms_read_back_says_its_keys_once(sms_ctx: DialogContext) -> None:
    chat = Chat(sms_ctx, channel="sms", phone="+8613953001234")
    text = "成武县伯乐街道永昌路的下水道堵了 污水漫到路上"
    acts = chat.say(text, nlu(text, county="成武县", township="伯乐街道", category="城乡建设"))
    reply = _last_reply(acts)
    assert reply.quick_replies  # the engine offers the options (buttons elsewhere)
    body = _sms(reply)
    assert "1. " not in body
    assert "2. " not in body
    assert "回1" in body
    assert "回2" in body


def test_a_reply_without_keys_in_its_words_keeps_the_numbered_options(
    sms_ctx: DialogContext,
) -> None:
    chat = Chat(sms_ctx, channel="sms")
    reply = _last_reply(chat.say("你好"))
    body = _sms(reply)
    assert "1. " in body
    assert "4. " in body


def test_keys_said_needs_every_option() -> None:
    assert keys_said("请回1满意、2基本满意或3不满意。", 3)
    assert keys_said("信息无误回复1，需要修改回复2。", 2)
    assert not keys_said("无误请回1。", 2)  # the second option not said
    assert not keys_said("牡丹区中华路1号楼2单元", 2)  # digits of an address are no keys
    options = (QuickReply(title="满意", payload="a"), QuickReply(title="不满意", payload="b"))
    message = OutboundMessage(
        channel="sms", recipient="x", text="请回1满意。", quick_replies=options
    )
    assert "2. 不满意" in sms_body(message)


def test_the_wording_table_short_read_back_names_both_keys(wording: Wording) -> None:
    # the rule above relies on the centre's short wording naming the keys; if a centre
    # rewrites it without them, the numbered list comes back (never no instruction)
    ctx = DialogContext.for_channel("sms", wording)
    said = ctx.say(
        "confirm_summary",
        text="x",
        text_short="x",
        address="x",
        since="x",
        contact="x",
        attachments=0,
    )
    assert keys_said(said, 2)


def test_a_text_that_lists_its_keys_gets_no_second_list() -> None:
    # trial5 F15: the rating push 「请评价办理情况：1满意 2基本满意 3不满意」 came with the
    # numbered list again in the same SMS
    options = (
        QuickReply(title="满意", payload="satisfied"),
        QuickReply(title="基本满意", payload="basic"),
        QuickReply(title="不满意", payload="unsatisfied"),
    )
    text = "请评价办理情况：1满意 2基本满意 3不满意"
    rating = OutboundMessage(channel="sms", recipient="x", text=text, quick_replies=options)
    assert sms_body(rating) == text
    partial = OutboundMessage(
        channel="sms", recipient="x", text="请评价：1满意 2基本满意", quick_replies=options
    )
    assert "3. 不满意" in sms_body(partial)  # a list that misses an option keeps the list
