"""trial5 F20: a second greeting (Weibo: a follow event after a location push; Telegram:
``/start`` then ``/help``; any channel: 「喂」 twice) said 「…或回复序号选择服务。」 with no
numbered list. A reply that names keys carries its options; /help and /menu show the
menu again."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from dialogs.common import welcome
from dialogs.context import DialogContext
from dialogs.model import DialogState, ProviderEvent, Reply
from dialogs.provider import on_provider as provider_event
from dialogs.wording import Wording
from tests.unit.dialogs.dialog_helpers import T0, wording

__all__ = ["wording"]

CHANNELS = ["weibo", "telegram", "wechat", "web", "sms"]


def _replies(actions: Sequence[object]) -> list[Reply]:
    return [a for a in actions if isinstance(a, Reply)]


def _names_keys_without_options(reply: Reply) -> bool:
    return "序号" in reply.text and not reply.quick_replies


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_greeting_said_again_names_no_keys_it_does_not_show(
    wording: Wording, channel: str
) -> None:
    ctx = DialogContext.for_channel(channel, wording)
    s = DialogState()
    first = _replies(welcome(s, ctx))
    assert first[0].quick_replies  # the menu, once
    for _ in range(2):
        (again,) = _replies(welcome(s, ctx))
        assert not _names_keys_without_options(again), again.text


def _event(kind: str, key: str, channel: str) -> ProviderEvent:
    return ProviderEvent(kind=kind, key=key, channel=channel, sender="u", at=T0)


@pytest.mark.parametrize(
    ("channel", "first", "second"),
    [
        ("telegram", ("command", "start"), ("command", "help")),
        ("telegram", ("command", "start"), ("command", "menu")),
        ("telegram", ("command", "start"), ("command", "start")),
        ("weibo", ("subscribe", ""), ("subscribe", "")),
        ("wechat", ("subscribe", ""), ("command", "start")),
    ],
)
def test_provider_events_greeting_twice(
    wording: Wording, channel: str, first: tuple[str, str], second: tuple[str, str]
) -> None:
    ctx = DialogContext.for_channel(channel, wording)
    s = DialogState()
    provider_event(s, _event(*first, channel), ctx)
    replies = _replies(provider_event(s, _event(*second, channel), ctx))
    assert replies
    for reply in replies:
        assert not _names_keys_without_options(reply), reply.text
    if second[1] in ("help", "menu"):
        assert replies[-1].quick_replies  # asked for the menu: it is shown
